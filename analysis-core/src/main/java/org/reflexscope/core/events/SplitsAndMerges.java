package org.reflexscope.core.events;

import java.util.List;

/**
 * The rules of a {@link DivisionTrendEventScorer} that look at two objects at once, at the end of each frame:
 * splits (a new object beside an established one), dimmed splits and light splits (a round cell seen as two dimmer
 * objects, or two that share its light), and merges (an object vanishing beside one still matched). Each reads the
 * previous frame's objects and this frame's from the {@link ObjectTracker}.
 */
final class SplitsAndMerges {
    private final DivisionCriteria criteria;
    private final SceneMemory scene;
    private final ObjectTracker tracker;

    SplitsAndMerges(DivisionCriteria criteria, SceneMemory scene, ObjectTracker tracker) {
        this.criteria = criteria;
        this.scene = scene;
        this.tracker = tracker;
    }

    /**
     * A new object next to an established one that is still there (within the split fraction × its size) is a
     * split: both are labelled from the next frame on, for the hold frames, unless the established one was labelled
     * before (its division already seen). Returns the split probability if any split, else 0.
     */
    double markSplits() {
        List<FollowedObject> current = tracker.current();
        double max = 0;
        for (FollowedObject child : current) {
            if (child.count != 1) {
                continue;
            }
            for (FollowedObject parent : current) {
                if (parent == child || parent.spent || parent.shapeFrames < criteria.minHistory
                        || ObjectTracker.dist2(parent.x - child.x, parent.y - child.y)
                                > square(criteria.splitFraction * child.size)) {
                    continue;
                }
                parent.startHold(DivisionTrendEventScorer.SPLIT_PROBABILITY);
                child.startHold(DivisionTrendEventScorer.SPLIT_PROBABILITY);
                max = DivisionTrendEventScorer.SPLIT_PROBABILITY;
                break;
            }
        }
        return max;
    }

    /**
     * A cell that was round, has dimmed and is now seen as two objects on either side of where it was is dividing
     * (its constriction resolved into two lobes, which happens before the shape trend shows when the cell is large
     * in pixels or the frames are seconds apart). For each object of the previous frame with a round history
     * (roundest at most the nearly round limit, the minimum history, not labelled, outside the refractory period)
     * whose intensity had fallen to the needed dimming (or, with light splits, that was round and had a known light):
     * two objects of this frame, each new or the object itself, each at most the dimming ratio × that round
     * intensity (with light splits by light: together holding its light, see {@link #halves}), with their midpoint
     * within half its size of its position and at most 2.5 sizes apart, are labelled for the hold frames with the
     * split probability. Returns that probability if any, else 0.
     */
    double markDimmedSplits() {
        List<FollowedObject> current = tracker.current();
        double max = 0;
        for (FollowedObject parent : tracker.previous()) {
            boolean dimmed = parent.dimRatio <= criteria.neededDimming(parent.roundest);
            boolean byLight = !dimmed && criteria.lightSplits && parent.roundest <= criteria.roundMax
                    && parent.roundFlux > 0;
            if (parent.hold > 0 || parent.spent || parent.cut || parent.count < criteria.minHistory
                    || !parent.lightAsOneCell() || !(parent.roundest <= criteria.looseRoundMax) || !(dimmed || byLight)
                    || parent.missed != 0 || scene.refractory(parent.x, parent.y, parent.size)) {
                continue;
            }
            double limit = criteria.dimming * parent.roundIntensity;
            double light = parent.roundFlux;
            double half2 = square(0.5 * parent.size);
            double apart2 = square(2.5 * parent.size);
            FollowedObject a = null;
            FollowedObject b = null;
            for (int i = 0; i < current.size() && b == null; i++) {
                FollowedObject u = current.get(i);
                if ((u.count != 1 && u != parent) || u.cut || !(u.lastIntensity <= limit)) {
                    continue;
                }
                for (int j = i + 1; j < current.size(); j++) {
                    FollowedObject v = current.get(j);
                    if ((v.count != 1 && v != parent) || v.cut || !(v.lastIntensity <= limit)
                            || byLight && !halves(u.lastFlux, v.lastFlux, light)
                            || ObjectTracker.dist2(u.x - v.x, u.y - v.y) > apart2
                            || ObjectTracker.dist2((u.x + v.x) / 2 - parent.x, (u.y + v.y) / 2 - parent.y) > half2) {
                        continue;
                    }
                    a = u;
                    b = v;
                    break;
                }
            }
            if (b != null) {
                a.startHold(DivisionTrendEventScorer.SPLIT_PROBABILITY);
                b.startHold(DivisionTrendEventScorer.SPLIT_PROBABILITY);
                max = DivisionTrendEventScorer.SPLIT_PROBABILITY;
            }
        }
        return max;
    }

    /**
     * An established object (followed the minimum history) seen in the previous frame and not in this one, next to
     * an object matched in this one (within the merge fraction × its size), merged with it: the survivor's shape
     * history restarts. (A young object that vanishes, such as one half of a constricting cell seen apart for a
     * frame, is not a merge.)
     */
    void markMerges() {
        for (FollowedObject gone : tracker.previous()) {
            if (gone.claimed || gone.missed != 0 || gone.count < criteria.minHistory) {
                continue;
            }
            double reach2 = square(criteria.mergeFraction * gone.size);
            for (FollowedObject survivor : tracker.current()) {
                if (ObjectTracker.dist2(survivor.x - gone.x, survivor.y - gone.y) <= reach2) {
                    survivor.restartShape();
                }
            }
        }
    }

    /**
     * Whether two objects hold the light of one: each {@code [0.3, 0.7]} and together {@code [0.75, 1.25]} × it.
     */
    private static boolean halves(double a, double b, double light) {
        return a >= 0.3 * light && a <= 0.7 * light && b >= 0.3 * light && b <= 0.7 * light
                && a + b >= 0.75 * light && a + b <= 1.25 * light;
    }

    private static double square(double v) {
        return v * v;
    }
}
