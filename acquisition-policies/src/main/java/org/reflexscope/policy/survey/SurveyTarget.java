package org.reflexscope.policy.survey;

import java.util.Locale;
import java.util.Objects;
import org.reflexscope.core.detect.Detection;

/**
 * An object a survey found worth a high-resolution look: where it is on the stage (µm, from the tile's stage
 * position, pixel calibration and the detection's offset from the image centre), the tile that saw it and the
 * detection itself. Immutable.
 */
public final class SurveyTarget {
    private final int id;
    private final int tileIndex;
    private final double xUm;
    private final double yUm;
    private final Detection detection;

    public SurveyTarget(int id, int tileIndex, double xUm, double yUm, Detection detection) {
        this.id = id;
        this.tileIndex = tileIndex;
        this.xUm = xUm;
        this.yUm = yUm;
        this.detection = Objects.requireNonNull(detection, "detection");
    }

    /** Number in order of discovery, from 0. */
    public int id() {
        return id;
    }

    /** Index of the tile whose detection this is (the best one where tiles overlap). */
    public int tileIndex() {
        return tileIndex;
    }

    public double xUm() {
        return xUm;
    }

    public double yUm() {
        return yUm;
    }

    public Detection detection() {
        return detection;
    }

    /** What targets are ranked by, highest first: the detection's intensity. */
    public double rankValue() {
        return detection.intensity();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SurveyTarget{#%d tile %d (%.1f, %.1f) µm, intensity %.1f}", id, tileIndex,
                xUm, yUm, detection.intensity());
    }
}
