package org.reflexscope.policy.survey;

import java.util.List;

/** What a survey found and did: the plan, every target (before the budget), the visits and the cost. Immutable. */
public final class SurveyResult {
    private final SurveyPlan plan;
    private final List<SurveyTarget> targets;
    private final List<SurveyTarget> ranked;
    private final int merged;
    private final List<Visit> visits;
    private final SurveyCost cost;
    private final FocusMap focusMap;
    private final List<String> focusFailures;

    SurveyResult(SurveyPlan plan, List<SurveyTarget> targets, List<SurveyTarget> ranked, int merged,
            List<Visit> visits, SurveyCost cost, FocusMap focusMap, List<String> focusFailures) {
        this.focusFailures = List.copyOf(focusFailures);
        this.focusMap = focusMap;
        this.plan = plan;
        this.targets = List.copyOf(targets);
        this.ranked = List.copyOf(ranked);
        this.merged = merged;
        this.visits = List.copyOf(visits);
        this.cost = cost;
    }

    /** The focus map the survey measured and followed, if it made one. */
    public java.util.Optional<FocusMap> focusMap() {
        return java.util.Optional.ofNullable(focusMap);
    }

    /** Tiles where focus per tile failed (the envelope refused the scan or the device's Z), each with why. */
    public List<String> focusFailures() {
        return focusFailures;
    }

    public SurveyPlan plan() {
        return plan;
    }

    /** Every target the survey found, in order of discovery. */
    public List<SurveyTarget> targets() {
        return targets;
    }

    /**
     * The targets chosen for a visit: surveying first, the budget's best in rank order (best first); interleaved,
     * in the order they were queued.
     */
    public List<SurveyTarget> ranked() {
        return ranked;
    }

    /** Detections merged into a target already found (seen twice where tiles overlap). */
    public int mergedDetections() {
        return merged;
    }

    /** The visits, in the order made. */
    public List<Visit> visits() {
        return visits;
    }

    /** Frames, light, travel and objective switches spent. */
    public SurveyCost cost() {
        return cost;
    }
}
