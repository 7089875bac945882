package org.reflexscope.policy.survey;

import java.util.Arrays;
import java.util.Locale;
import org.reflexscope.core.detect.Detection;

/**
 * Which detections of a survey tile are worth a high-resolution visit: a closed range [min, max] on each of
 * intensity, size, elongation and detector score, and (optionally) a required label (the detector's class). A
 * criterion left unset accepts everything, including a detection that does not measure it (NaN); a set criterion
 * rejects a NaN measurement. Immutable; made with {@link #any()} and the {@code with...} methods.
 *
 * <pre>{@code
 * SelectionRule rule = SelectionRule.any().withMinIntensity(900).withSizePx(2.5, 40).withLabel("mitotic");
 * }</pre>
 */
public final class SelectionRule {
    /** The measured quantities a rule can bound, in the order of the rule's ranges. */
    public enum Criterion {
        /** {@link Detection#intensity()}: mean camera units above background. */
        INTENSITY("intensity"),
        /** {@link Detection#sizePx()}: size in pixels of the analysed frame. */
        SIZE_PX("sizePx"),
        /** {@link Detection#elongation()}: 1 = round. */
        ELONGATION("elongation"),
        /** {@link Detection#score()}: the detector's confidence. */
        SCORE("score");

        private final String jsonName;

        Criterion(String jsonName) {
            this.jsonName = jsonName;
        }

        /** The criterion's name in a survey recipe ({@code selection.<name>}). */
        public String jsonName() {
            return jsonName;
        }

        double of(Detection d) {
            switch (this) {
                case INTENSITY:
                    return d.intensity();
                case SIZE_PX:
                    return d.sizePx();
                case ELONGATION:
                    return d.elongation();
                default:
                    return d.score();
            }
        }
    }

    private static final int N = Criterion.values().length;

    private final double[] min;
    private final double[] max;
    private final String label;

    private SelectionRule(double[] min, double[] max, String label) {
        this.min = min;
        this.max = max;
        this.label = label;
    }

    /** Accepts every detection. */
    public static SelectionRule any() {
        double[] lo = new double[N];
        double[] hi = new double[N];
        Arrays.fill(lo, Double.NEGATIVE_INFINITY);
        Arrays.fill(hi, Double.POSITIVE_INFINITY);
        return new SelectionRule(lo, hi, "");
    }

    /**
     * Requires {@code c} within [{@code lo}, {@code hi}]; an infinite bound leaves that side open.
     *
     * @throws IllegalArgumentException if a bound is NaN or {@code lo > hi}
     */
    public SelectionRule with(Criterion c, double lo, double hi) {
        if (Double.isNaN(lo) || Double.isNaN(hi) || lo > hi || lo == Double.POSITIVE_INFINITY
                || hi == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("The " + c.jsonName() + " range must be [MIN, MAX] with MIN <= MAX, got ["
                    + lo + ", " + hi + "]");
        }
        double[] newMin = min.clone();
        double[] newMax = max.clone();
        newMin[c.ordinal()] = lo;
        newMax[c.ordinal()] = hi;
        return new SelectionRule(newMin, newMax, label);
    }

    /** Requires {@link Detection#intensity()} (camera units above background) of at least {@code v}. */
    public SelectionRule withMinIntensity(double v) {
        return with(Criterion.INTENSITY, finite(v, "Minimum intensity"), max(Criterion.INTENSITY));
    }

    /** Requires {@link Detection#sizePx()} of at least {@code v} pixels. */
    public SelectionRule withMinSizePx(double v) {
        return with(Criterion.SIZE_PX, finite(v, "Minimum size (px)"), max(Criterion.SIZE_PX));
    }

    /** Requires {@link Detection#elongation()} of at least {@code v} (1 = round). */
    public SelectionRule withMinElongation(double v) {
        return with(Criterion.ELONGATION, finite(v, "Minimum elongation"), max(Criterion.ELONGATION));
    }

    /** Requires {@link Detection#score()} of at least {@code v}. */
    public SelectionRule withMinScore(double v) {
        return with(Criterion.SCORE, finite(v, "Minimum score"), max(Criterion.SCORE));
    }

    /** Requires {@link Detection#label()} to equal {@code v} ({@code ""}: any label). */
    public SelectionRule withLabel(String v) {
        if (v == null) {
            throw new IllegalArgumentException("Label must not be null; use \"\" for any label");
        }
        return new SelectionRule(min, max, v);
    }

    private static double finite(double v, String what) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be a finite number, got " + v);
        }
        return v;
    }

    /** Whether {@code d} passes every criterion. */
    public boolean matches(Detection d) {
        for (Criterion c : Criterion.values()) {
            if (isSet(c) && !within(c.of(d), min[c.ordinal()], max[c.ordinal()])) {
                return false;
            }
        }
        return label.isEmpty() || label.equals(d.label());
    }

    private static boolean within(double v, double lo, double hi) {
        return v >= lo && v <= hi;
    }

    /** Whether {@code c} is bounded on either side. */
    public boolean isSet(Criterion c) {
        return min[c.ordinal()] > Double.NEGATIVE_INFINITY || max[c.ordinal()] < Double.POSITIVE_INFINITY;
    }

    /** The least accepted value of {@code c} ({@code -Infinity}: open). */
    public double min(Criterion c) {
        return min[c.ordinal()];
    }

    /** The greatest accepted value of {@code c} ({@code +Infinity}: open). */
    public double max(Criterion c) {
        return max[c.ordinal()];
    }

    public double minIntensity() {
        return min(Criterion.INTENSITY);
    }

    public double minSizePx() {
        return min(Criterion.SIZE_PX);
    }

    public double minElongation() {
        return min(Criterion.ELONGATION);
    }

    public double minScore() {
        return min(Criterion.SCORE);
    }

    /** The required label; {@code ""} for any. */
    public String label() {
        return label;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SelectionRule)) {
            return false;
        }
        SelectionRule r = (SelectionRule) o;
        return Arrays.equals(min, r.min) && Arrays.equals(max, r.max) && label.equals(r.label);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(min) + Arrays.hashCode(max)) + label.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("SelectionRule{");
        String sep = "";
        for (Criterion c : Criterion.values()) {
            if (isSet(c)) {
                s.append(sep).append(String.format(Locale.ROOT, "%s in [%s, %s]", c.jsonName(), min(c), max(c)));
                sep = ", ";
            }
        }
        if (!label.isEmpty()) {
            s.append(sep).append("label=").append(label);
            sep = ", ";
        }
        return s.append(sep.isEmpty() ? "any" : "").append('}').toString();
    }
}
