package org.reflexscope.policy.survey;

import java.util.Locale;

/**
 * What a survey spent: frames, exposure (light: Σ exposure ms, at constant illumination), XY travel and objective
 * switches, waits between a visit's time points, and the instrument time they take under a {@link StageTiming}:
 * exposures plus moves (travel / speed + settle each) plus objective switches plus waits. Analysis time is not
 * counted (it overlaps the next move). Not thread-safe.
 */
public final class SurveyCost {
    private long frames;
    private double exposureMs;
    private long moves;
    private double travelUm;
    private long objectiveSwitches;
    private double waitMs;

    /**
     * The cost of acquiring {@code framesPerTile} frames of {@code exposureMs} at every tile of {@code plan},
     * starting at its first tile: what imaging the whole area with the visits' acquisition would take.
     */
    public static SurveyCost ofTiling(SurveyPlan plan, int framesPerTile, double exposureMs) {
        return ofTiling(plan, framesPerTile, exposureMs, 0);
    }

    /**
     * As {@link #ofTiling(SurveyPlan, int, double)}, with {@code waitPerTileMs} of waiting at every tile (a
     * time-lapse's intervals, the stage staying on the tile).
     */
    public static SurveyCost ofTiling(SurveyPlan plan, int framesPerTile, double exposureMs, double waitPerTileMs) {
        SurveyCost c = new SurveyCost();
        c.waitMs = plan.tiles().size() * waitPerTileMs;
        SurveyTile first = plan.tiles().get(0);
        double path = plan.pathLengthUm(first.xUm(), first.yUm());
        c.frames = (long) plan.tiles().size() * framesPerTile;
        c.exposureMs = c.frames * exposureMs;
        c.moves = plan.tiles().size() - 1;
        c.travelUm = path;
        return c;
    }

    /**
     * The cost of imaging the area {@code surveyed} covered (the bounding box of its fields of {@code surveyFieldUm})
     * exhaustively with fields of {@code visitFieldUm} at 10 % overlap, each acquired as {@code visit} acquires a
     * target: its frames per visit (planes x channels x time points) of {@code exposureMs}, with its time-lapse
     * waits.
     */
    public static SurveyCost ofTilingLikeVisits(SurveyPlan surveyed, double surveyFieldUm, double visitFieldUm,
            VisitSettings visit, double exposureMs) {
        double x0 = Double.POSITIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (SurveyTile t : surveyed.tiles()) {
            x0 = Math.min(x0, t.xUm() - surveyFieldUm / 2);
            y0 = Math.min(y0, t.yUm() - surveyFieldUm / 2);
            x1 = Math.max(x1, t.xUm() + surveyFieldUm / 2);
            y1 = Math.max(y1, t.yUm() + surveyFieldUm / 2);
        }
        SurveyPlan tiling = SurveyPlan.grid(x0, y0, x1, y1, visitFieldUm, visitFieldUm, 0.1);
        return ofTiling(tiling, visit.framesPerVisit(), exposureMs, (visit.timePoints() - 1) * visit.intervalMs());
    }

    void addExposures(int n, double eachMs) {
        frames += n;
        exposureMs += n * eachMs;
    }

    void addMove(double distanceUm) {
        moves++;
        travelUm += distanceUm;
    }

    void addWait(double ms) {
        waitMs += ms;
    }

    void addObjectiveSwitch() {
        objectiveSwitches++;
    }

    public long frames() {
        return frames;
    }

    /** Σ exposure, ms: the light dose at constant illumination. */
    public double lightMs() {
        return exposureMs;
    }

    public long moves() {
        return moves;
    }

    public double travelUm() {
        return travelUm;
    }

    public long objectiveSwitches() {
        return objectiveSwitches;
    }

    /** Waits between a visit's time points, ms (the stage stays on the target meanwhile). */
    public double waitMs() {
        return waitMs;
    }

    /** Instrument time, ms: exposures + per move (settle) + travel / speed + per objective switch + waits. */
    public double timeMs(StageTiming t) {
        return exposureMs + moves * t.settleMs() + travelUm / t.xySpeedUmPerMs()
                + objectiveSwitches * t.objectiveSwitchMs() + waitMs;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SurveyCost{%d frames, light %.0f ms, %d moves, %.0f µm, %d switches}",
                frames, exposureMs, moves, travelUm, objectiveSwitches);
    }
}
