package org.reflexscope.policy.survey;

import java.util.Objects;
import org.reflexscope.policy.hardware.AcquisitionRequest;

/**
 * How a target is visited: the survey (low-magnification) and visit (high-magnification) objective presets, the
 * visit objective's calibrated offsets from the survey objective (XY: where its field centre lies relative to the
 * survey objective's, µm of sample; Z: its parfocal offset, µm of stage Z), whether to re-centre with a short look
 * before acquiring, and what to acquire there. Immutable.
 */
public final class VisitSettings {
    private final String surveyObjective;
    private final String visitObjective;
    private final double offsetXUm;
    private final double offsetYUm;
    private final double parfocalOffsetUm;
    private final boolean recentre;
    private final double recentreRadiusFraction;
    private final AcquisitionRequest acquisition;

    private VisitSettings(String surveyObjective, String visitObjective, double offsetXUm, double offsetYUm,
            double parfocalOffsetUm, boolean recentre, double recentreRadiusFraction,
            AcquisitionRequest acquisition) {
        this.surveyObjective = Objects.requireNonNull(surveyObjective, "surveyObjective");
        this.visitObjective = Objects.requireNonNull(visitObjective, "visitObjective");
        if (!Double.isFinite(offsetXUm + offsetYUm + parfocalOffsetUm)) {
            throw new IllegalArgumentException("Objective offsets must be finite, got (" + offsetXUm + ", "
                    + offsetYUm + ", " + parfocalOffsetUm + ") µm");
        }
        if (!(recentreRadiusFraction > 0 && recentreRadiusFraction <= 1)) {
            throw new IllegalArgumentException("Re-centre radius must be a fraction of the field in (0, 1], got "
                    + recentreRadiusFraction);
        }
        this.offsetXUm = offsetXUm;
        this.offsetYUm = offsetYUm;
        this.parfocalOffsetUm = parfocalOffsetUm;
        this.recentre = recentre;
        this.recentreRadiusFraction = recentreRadiusFraction;
        this.acquisition = Objects.requireNonNull(acquisition, "acquisition");
    }

    /**
     * Survey with {@code surveyObjective}, visit with {@code visitObjective}, no offsets, re-centring on (within
     * half a field), one snap per visit named {@code survey-visit}.
     */
    public static VisitSettings of(String surveyObjective, String visitObjective) {
        return new VisitSettings(surveyObjective, visitObjective, 0, 0, 0, true, 0.5,
                AcquisitionRequest.burst(1).withName("survey-visit"));
    }

    /** The visit objective's calibrated XY offset (its field centre minus the survey objective's, µm). */
    public VisitSettings withOffsetUm(double xUm, double yUm) {
        return new VisitSettings(surveyObjective, visitObjective, xUm, yUm, parfocalOffsetUm, recentre,
                recentreRadiusFraction, acquisition);
    }

    /** The visit objective's parfocal offset: stage Z to add for the same focal plane, µm. */
    public VisitSettings withParfocalOffsetUm(double zUm) {
        return new VisitSettings(surveyObjective, visitObjective, offsetXUm, offsetYUm, zUm, recentre,
                recentreRadiusFraction, acquisition);
    }

    /**
     * Whether to take a short look and correct once before acquiring; the object nearest the field centre within
     * {@code radiusFraction} of the field width is centred.
     */
    public VisitSettings withRecentre(boolean on, double radiusFraction) {
        return new VisitSettings(surveyObjective, visitObjective, offsetXUm, offsetYUm, parfocalOffsetUm, on,
                radiusFraction, acquisition);
    }

    /** What to acquire at each target (a snap, a burst or a z-stack around the focal plane). */
    public VisitSettings withAcquisition(AcquisitionRequest request) {
        return new VisitSettings(surveyObjective, visitObjective, offsetXUm, offsetYUm, parfocalOffsetUm, recentre,
                recentreRadiusFraction, request);
    }

    public String surveyObjective() {
        return surveyObjective;
    }

    public String visitObjective() {
        return visitObjective;
    }

    public double offsetXUm() {
        return offsetXUm;
    }

    public double offsetYUm() {
        return offsetYUm;
    }

    public double parfocalOffsetUm() {
        return parfocalOffsetUm;
    }

    public boolean recentre() {
        return recentre;
    }

    public double recentreRadiusFraction() {
        return recentreRadiusFraction;
    }

    public AcquisitionRequest acquisition() {
        return acquisition;
    }
}
