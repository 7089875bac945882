package org.reflexscope.sim.evaluate;

import java.util.Locale;

/**
 * Detections scored one-to-one against ground truth: matched pairs, recall, precision and the mean distance between
 * matched detections and their true positions. An immutable value.
 */
public final class Evaluation {
    private final int truthCount;
    private final int scoredDetections;
    private final int unscoredDetections;
    private final int matched;
    private final double meanErrorPx;

    Evaluation(int truthCount, int scoredDetections, int unscoredDetections, int matched, double meanErrorPx) {
        this.truthCount = truthCount;
        this.scoredDetections = scoredDetections;
        this.unscoredDetections = unscoredDetections;
        this.matched = matched;
        this.meanErrorPx = meanErrorPx;
    }

    /** True objects. */
    public int truthCount() {
        return truthCount;
    }

    /** Detections that were scored (matched or counted false). */
    public int scoredDetections() {
        return scoredDetections;
    }

    /** Detections outside the annotated objects of a {@linkplain Detections#againstPartialLabels partial} truth. */
    public int unscoredDetections() {
        return unscoredDetections;
    }

    /** True objects matched by exactly one detection each. */
    public int matched() {
        return matched;
    }

    /** Matched / true objects (1 when there are none). */
    public double recall() {
        return truthCount == 0 ? 1 : matched / (double) truthCount;
    }

    /** Matched / scored detections (1 when there are none). */
    public double precision() {
        return scoredDetections == 0 ? 1 : matched / (double) scoredDetections;
    }

    /** Mean distance, in pixels, between matched detections and their true positions ({@code NaN} if none). */
    public double meanErrorPx() {
        return meanErrorPx;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "recall %.2f (%d/%d), precision %.2f (%d/%d%s), mean error %.2f px",
                recall(), matched, truthCount, precision(), matched, scoredDetections,
                unscoredDetections > 0 ? ", " + unscoredDetections + " outside the annotation not scored" : "",
                meanErrorPx);
    }
}
