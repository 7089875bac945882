package org.reflexscope.policy.survey;

import java.util.Locale;
import org.reflexscope.core.detect.Detection;

/**
 * Which detections of a survey tile are worth a high-resolution visit: minimum intensity, size, elongation and
 * detector score, and (optionally) a required label. Every criterion left at its default accepts everything.
 * Immutable; made with {@link #any()} and the {@code with...} methods.
 *
 * <pre>{@code
 * SelectionRule rule = SelectionRule.any().withMinIntensity(900).withMinSizePx(2.5);
 * }</pre>
 */
public final class SelectionRule {
    private final double minIntensity;
    private final double minSizePx;
    private final double minElongation;
    private final double minScore;
    private final String label;

    private SelectionRule(double minIntensity, double minSizePx, double minElongation, double minScore,
            String label) {
        this.minIntensity = minIntensity;
        this.minSizePx = minSizePx;
        this.minElongation = minElongation;
        this.minScore = minScore;
        this.label = label;
    }

    /** Accepts every detection. */
    public static SelectionRule any() {
        return new SelectionRule(Double.NEGATIVE_INFINITY, 0, 0, Double.NEGATIVE_INFINITY, "");
    }

    /** Requires {@link Detection#intensity()} (camera units above background) of at least {@code v}. */
    public SelectionRule withMinIntensity(double v) {
        return new SelectionRule(finite(v, "Minimum intensity"), minSizePx, minElongation, minScore, label);
    }

    /** Requires {@link Detection#sizePx()} of at least {@code v} pixels. */
    public SelectionRule withMinSizePx(double v) {
        return new SelectionRule(minIntensity, finite(v, "Minimum size (px)"), minElongation, minScore, label);
    }

    /** Requires {@link Detection#elongation()} of at least {@code v} (1 = round). */
    public SelectionRule withMinElongation(double v) {
        return new SelectionRule(minIntensity, minSizePx, finite(v, "Minimum elongation"), minScore, label);
    }

    /** Requires {@link Detection#score()} of at least {@code v}. */
    public SelectionRule withMinScore(double v) {
        return new SelectionRule(minIntensity, minSizePx, minElongation, finite(v, "Minimum score"), label);
    }

    /** Requires {@link Detection#label()} to equal {@code v} ({@code ""}: any label). */
    public SelectionRule withLabel(String v) {
        if (v == null) {
            throw new IllegalArgumentException("Label must not be null; use \"\" for any label");
        }
        return new SelectionRule(minIntensity, minSizePx, minElongation, minScore, v);
    }

    private static double finite(double v, String what) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be a finite number, got " + v);
        }
        return v;
    }

    /** Whether {@code d} passes every criterion; a NaN measurement fails the criterion on it unless it is unset. */
    public boolean matches(Detection d) {
        return atLeast(d.intensity(), minIntensity) && atLeast(d.sizePx(), minSizePx)
                && atLeast(d.elongation(), minElongation) && atLeast(d.score(), minScore)
                && (label.isEmpty() || label.equals(d.label()));
    }

    private static boolean atLeast(double v, double min) {
        return min == Double.NEGATIVE_INFINITY || min == 0 && Double.isNaN(v) || v >= min;
    }

    public double minIntensity() {
        return minIntensity;
    }

    public double minSizePx() {
        return minSizePx;
    }

    public double minElongation() {
        return minElongation;
    }

    public double minScore() {
        return minScore;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SelectionRule{intensity>=%s, size>=%s px, elongation>=%s, score>=%s%s}",
                minIntensity, minSizePx, minElongation, minScore, label.isEmpty() ? "" : ", label=" + label);
    }
}
