package org.reflexscope.core.focus;

/**
 * A sharpness score of one image: larger is sharper. Implementations are stateless, allocation-free and
 * thread-safe.
 */
public interface FocusMeasure {

    /** Name recorded in {@link org.reflexscope.core.analysis.AnalysisResult#focusMeasure()}. */
    String name();

    /**
     * Scores the {@code width × height} row-major image in {@code pixels[0 .. width·height)}.
     *
     * @return the score; {@code NaN} only for an image smaller than the measure's neighbourhood
     */
    double measure(float[] pixels, int width, int height);

    /** Normalised variance, the default (see {@link NormalizedVariance}). */
    static FocusMeasure normalizedVariance() {
        return new NormalizedVariance();
    }

    /** Tenengrad (see {@link Tenengrad}). */
    static FocusMeasure tenengrad() {
        return new Tenengrad();
    }

    /** Brenner gradient (see {@link Brenner}). */
    static FocusMeasure brenner() {
        return new Brenner();
    }
}
