package org.reflexscope.policy.trigger;

import java.util.Locale;
import java.util.Objects;
import org.reflexscope.core.detect.Detection;

/**
 * Which detections count as an event for {@link HighResTriggerPolicy}: label, minimum score, minimum size and
 * minimum elongation, all of which must hold. Immutable; start from {@link #any()} and narrow with {@code with*}.
 */
public final class TriggerCriterion {
    private final String label;
    private final double minScore;
    private final double minSizePx;
    private final double minElongation;

    private TriggerCriterion(String label, double minScore, double minSizePx, double minElongation) {
        this.label = Objects.requireNonNull(label, "label");
        this.minScore = minScore;
        this.minSizePx = minSizePx;
        this.minElongation = minElongation;
    }

    /** Every detection matches. */
    public static TriggerCriterion any() {
        return new TriggerCriterion("", Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.NEGATIVE_INFINITY);
    }

    /** Only detections labelled {@code v} (e.g. {@code "dividing"}). */
    public TriggerCriterion withLabel(String v) {
        return new TriggerCriterion(v, minScore, minSizePx, minElongation);
    }

    /** Only detections with score >= {@code v}. */
    public TriggerCriterion withMinScore(double v) {
        return new TriggerCriterion(label, v, minSizePx, minElongation);
    }

    /** Only detections at least {@code v} pixels across. */
    public TriggerCriterion withMinSizePx(double v) {
        return new TriggerCriterion(label, minScore, v, minElongation);
    }

    /** Only detections with elongation (major/minor axis) >= {@code v}; a dividing cell elongates. */
    public TriggerCriterion withMinElongation(double v) {
        return new TriggerCriterion(label, minScore, minSizePx, v);
    }

    /** Whether {@code d} matches (an unknown value never passes a set threshold). */
    public boolean test(Detection d) {
        return (label.isEmpty() || label.equals(d.label())) && passes(d.score(), minScore)
                && passes(d.sizePx(), minSizePx) && passes(d.elongation(), minElongation);
    }

    private static boolean passes(double v, double min) {
        return min == Double.NEGATIVE_INFINITY || v >= min;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TriggerCriterion)) {
            return false;
        }
        TriggerCriterion c = (TriggerCriterion) o;
        return label.equals(c.label) && Double.compare(minScore, c.minScore) == 0
                && Double.compare(minSizePx, c.minSizePx) == 0 && Double.compare(minElongation, c.minElongation) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(label, minScore, minSizePx, minElongation);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "label='%s' score>=%s size>=%s px elongation>=%s", label, minScore,
                minSizePx, minElongation);
    }
}
