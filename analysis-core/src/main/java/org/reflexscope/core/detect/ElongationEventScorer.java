package org.reflexscope.core.detect;

import java.util.List;

/**
 * The default, morphology-based division score: dividing cells elongate and constrict before they split, so the
 * frame's event probability is the logistic of the largest detection elongation,
 * {@code 1 / (1 + exp(−(e_max − midpoint) / width))}, and detections with elongation ≥ {@code midpoint} are
 * labelled {@value #DIVIDING}. A frame without detections scores as elongation 1. Immutable, thread-safe.
 */
public final class ElongationEventScorer implements EventScorer {
    /** Label of detections above the midpoint. */
    public static final String DIVIDING = "dividing";

    private final double midpoint;
    private final double width;

    /**
     * @param midpoint elongation at which the score is 0.5 (and the "dividing" label starts), &gt; 1
     * @param width logistic width in elongation units, &gt; 0 (smaller is steeper)
     */
    public ElongationEventScorer(double midpoint, double width) {
        if (!(midpoint > 1) || !(width > 0)) {
            throw new IllegalArgumentException("Elongation event score needs midpoint > 1 and width > 0, got "
                    + midpoint + ", " + width);
        }
        this.midpoint = midpoint;
        this.width = width;
    }

    /** Midpoint 1.6 (major axis 60 % longer than minor), width 0.12. */
    public static ElongationEventScorer defaults() {
        return new ElongationEventScorer(1.6, 0.12);
    }

    public double midpoint() {
        return midpoint;
    }

    public double width() {
        return width;
    }

    @Override
    public double score(List<Detection> detections) {
        double max = 1;
        for (Detection d : detections) {
            if (d.elongation() > max) {
                max = d.elongation();
            }
        }
        return 1 / (1 + Math.exp(-(max - midpoint) / width));
    }

    @Override
    public String label(Detection detection, String otherLabel) {
        return detection.elongation() >= midpoint ? DIVIDING : otherLabel;
    }
}
