package org.reflexscope.policy.survey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.detect.Detection;

/**
 * Collects targets as survey tiles are analysed: keeps the detections a {@link SelectionRule} accepts, at their stage
 * positions, and merges detections closer than the de-duplication radius (the same object seen in two overlapping
 * tiles) into one, keeping the higher-ranked. Not thread-safe: fed from one thread.
 */
public final class TargetBook {
    private final SelectionRule rule;
    private final double mergeRadiusUm;
    private final List<SurveyTarget> targets = new ArrayList<>();
    private int nextId;
    private int merged;

    /**
     * @param mergeRadiusUm detections of different tiles closer than this (µm) are one object; about one object
     *        diameter
     */
    public TargetBook(SelectionRule rule, double mergeRadiusUm) {
        if (!(mergeRadiusUm >= 0)) {
            throw new IllegalArgumentException("Merge radius must be >= 0 µm, got " + mergeRadiusUm);
        }
        this.rule = rule;
        this.mergeRadiusUm = mergeRadiusUm;
    }

    /**
     * Adds the accepted detections of one tile's analysis.
     *
     * @return how many new targets it added (merged ones not counted)
     * @throws SurveyException if an accepted detection has no stage position (the frame lacked stage position or
     *         pixel size)
     */
    public int offer(int tileIndex, AnalysisResult result) throws SurveyException {
        int added = 0;
        for (Detection d : result.detections()) {
            if (!rule.matches(d)) {
                continue;
            }
            if (!Double.isFinite(d.xUm()) || !Double.isFinite(d.yUm())) {
                throw new SurveyException("Tile " + tileIndex + " has a detection without a stage position: the "
                        + "frame carries no stage position or pixel size; calibrate the pixel size first");
            }
            int near = nearest(d.xUm(), d.yUm());
            if (near >= 0) {
                merged++;
                SurveyTarget old = targets.get(near);
                if (d.intensity() > old.rankValue()) {
                    targets.set(near, new SurveyTarget(old.id(), tileIndex, d.xUm(), d.yUm(), d));
                }
                continue;
            }
            targets.add(new SurveyTarget(nextId++, tileIndex, d.xUm(), d.yUm(), d));
            added++;
        }
        return added;
    }

    private int nearest(double x, double y) {
        int best = -1;
        double bestD = mergeRadiusUm;
        for (int i = 0; i < targets.size(); i++) {
            double d = Math.hypot(targets.get(i).xUm() - x, targets.get(i).yUm() - y);
            if (d <= bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    /** Every target so far, in order of discovery. */
    public List<SurveyTarget> all() {
        return List.copyOf(targets);
    }

    /** Detections merged into an existing target (seen twice in overlapping tiles). */
    public int mergedCount() {
        return merged;
    }

    /** The {@code budget} highest-ranked targets ({@link SurveyTarget#rankValue()}, ties by id), best first. */
    public List<SurveyTarget> ranked(int budget) {
        if (budget < 0) {
            throw new IllegalArgumentException("Target budget must be >= 0, got " + budget);
        }
        List<SurveyTarget> out = new ArrayList<>(targets);
        out.sort(Comparator.comparingDouble(SurveyTarget::rankValue).reversed()
                .thenComparingInt(SurveyTarget::id));
        return List.copyOf(out.subList(0, Math.min(budget, out.size())));
    }
}
