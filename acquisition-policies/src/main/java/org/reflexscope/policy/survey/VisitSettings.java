package org.reflexscope.policy.survey;

import java.util.List;
import java.util.Objects;
import org.reflexscope.policy.hardware.AcquisitionRequest;

/**
 * How a target is visited: the survey (low-magnification) and visit (high-magnification) objective presets, the
 * visit objective's calibrated offsets from the survey objective (XY: where its field centre lies relative to the
 * survey objective's, µm of sample; Z: its parfocal offset, µm of stage Z), whether to re-centre with a short look
 * before acquiring, and what to acquire there: the acquisition (a snap, a burst or a z-stack) in each of the visit's
 * channel presets, repeated for each time point of a short time-lapse. Immutable.
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
    private final List<String> channels;
    private final int timePoints;
    private final double intervalMs;

    private VisitSettings(String surveyObjective, String visitObjective, double offsetXUm, double offsetYUm,
            double parfocalOffsetUm, boolean recentre, double recentreRadiusFraction,
            AcquisitionRequest acquisition, List<String> channels, int timePoints, double intervalMs) {
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
        this.channels = List.copyOf(channels);
        if (this.channels.stream().anyMatch(String::isBlank) || this.channels.stream().distinct().count()
                != this.channels.size()) {
            throw new IllegalArgumentException("Visit channels must be distinct, non-empty preset names, got "
                    + channels);
        }
        if (timePoints < 1 || !(intervalMs >= 0) || !Double.isFinite(intervalMs)) {
            throw new IllegalArgumentException("A visit time-lapse needs >= 1 time point and an interval >= 0 ms, "
                    + "got " + timePoints + " and " + intervalMs + " ms");
        }
        this.timePoints = timePoints;
        this.intervalMs = intervalMs;
    }

    /**
     * Survey with {@code surveyObjective}, visit with {@code visitObjective}, no offsets, re-centring on (within
     * half a field), one snap per visit named {@code survey-visit}.
     */
    public static VisitSettings of(String surveyObjective, String visitObjective) {
        return new VisitSettings(surveyObjective, visitObjective, 0, 0, 0, true, 0.5,
                AcquisitionRequest.burst(1).withName("survey-visit"), List.of(), 1, 0);
    }

    /** The visit objective's calibrated XY offset (its field centre minus the survey objective's, µm). */
    public VisitSettings withOffsetUm(double xUm, double yUm) {
        return new VisitSettings(surveyObjective, visitObjective, xUm, yUm, parfocalOffsetUm, recentre,
                recentreRadiusFraction, acquisition, channels, timePoints, intervalMs);
    }

    /** The visit objective's parfocal offset: stage Z to add for the same focal plane, µm. */
    public VisitSettings withParfocalOffsetUm(double zUm) {
        return new VisitSettings(surveyObjective, visitObjective, offsetXUm, offsetYUm, zUm, recentre,
                recentreRadiusFraction, acquisition, channels, timePoints, intervalMs);
    }

    /**
     * Whether to take a short look and correct once before acquiring; the object nearest the field centre within
     * {@code radiusFraction} of the field width is centred.
     */
    public VisitSettings withRecentre(boolean on, double radiusFraction) {
        return new VisitSettings(surveyObjective, visitObjective, offsetXUm, offsetYUm, parfocalOffsetUm, on,
                radiusFraction, acquisition, channels, timePoints, intervalMs);
    }

    /** What to acquire at each target (a snap, a burst or a z-stack around the focal plane). */
    public VisitSettings withAcquisition(AcquisitionRequest request) {
        return new VisitSettings(surveyObjective, visitObjective, offsetXUm, offsetYUm, parfocalOffsetUm, recentre,
                recentreRadiusFraction, request, channels, timePoints, intervalMs);
    }

    /**
     * Acquire in each of these presets of the microscope's channel group, in this order, at every time point (the
     * acquisition restores the channel after each); empty: in the current channel.
     */
    public VisitSettings withChannels(List<String> presets) {
        return new VisitSettings(surveyObjective, visitObjective, offsetXUm, offsetYUm, parfocalOffsetUm, recentre,
                recentreRadiusFraction, acquisition, presets, timePoints, intervalMs);
    }

    /**
     * Repeat the visit's acquisition (every channel) at {@code points} time points, starting {@code intervalMs}
     * apart (or as soon as the previous one ends, if it takes longer).
     */
    public VisitSettings withTimeLapse(int points, double intervalMsBetween) {
        return new VisitSettings(surveyObjective, visitObjective, offsetXUm, offsetYUm, parfocalOffsetUm, recentre,
                recentreRadiusFraction, acquisition, channels, points, intervalMsBetween);
    }

    /** Channel presets per visit; empty: the current channel. */
    public List<String> channels() {
        return channels;
    }

    /** Time points per visit (1: no time-lapse). */
    public int timePoints() {
        return timePoints;
    }

    /** Interval between time-point starts, ms. */
    public double intervalMs() {
        return intervalMs;
    }

    /** Frames one visit acquires, the look not counted: planes × channels × time points. */
    public int framesPerVisit() {
        return acquisition.frames() * Math.max(1, channels.size()) * timePoints;
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
