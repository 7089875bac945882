package org.reflexscope.core.events;

import java.util.ArrayList;
import java.util.List;
import org.reflexscope.core.detect.Detection;

/**
 * Follows objects from frame to frame for a {@link DivisionTrendEventScorer}: greedy gated nearest-neighbour
 * association (gate = the gate fraction × the object's size), objects kept while unseen for the missed-frame or
 * missed-time limit, whichever is longer. Holds the previous frame's objects ({@link #previous()}) and this frame's
 * ({@link #current()}) between {@link #beginFrame()} and {@link #endFrame(double)}. One thread.
 */
final class ObjectTracker {
    private final DivisionCriteria criteria;
    private final SceneMemory scene;
    private List<FollowedObject> tracks = new ArrayList<>();
    private final List<FollowedObject> current = new ArrayList<>();
    private final TrackGrid grid = new TrackGrid();

    ObjectTracker(DivisionCriteria criteria, SceneMemory scene) {
        this.criteria = criteria;
        this.scene = scene;
    }

    /** Starts a frame: no object of it yet; the previous frame's objects are indexed for association. */
    void beginFrame() {
        current.clear();
        grid.build(tracks, criteria.gateFraction);
    }

    /**
     * The unclaimed object of the previous frame nearest to the detection within its gate (the first in
     * {@link #previous()} order among equally near ones), or a new object; claimed, seen now, and added to
     * {@link #current()}. Searches only the grid cells the gate overlaps: unclaimed objects have not moved since
     * {@link #beginFrame()}.
     */
    FollowedObject associate(Detection d, double x, double y) {
        double gate = criteria.gateFraction * (d.sizePx() > 0 ? d.sizePx() : 1);
        double gate2 = gate * gate;
        FollowedObject best = null;
        int bestIndex = Integer.MAX_VALUE;
        double bestDist2 = Double.POSITIVE_INFINITY;
        TrackGrid g = grid;
        int cx0 = g.column(x - gate);
        int cx1 = g.column(x + gate);
        int cy0 = g.row(y - gate);
        int cy1 = g.row(y + gate);
        for (int cy = cy0; cy <= cy1; cy++) {
            for (int cx = cx0; cx <= cx1; cx++) {
                int cell = cy * g.columns + cx;
                for (int k = g.cellStart[cell]; k < g.cellStart[cell + 1]; k++) {
                    int index = g.items[k];
                    FollowedObject t = g.tracks[index];
                    if (t.claimed) {
                        continue;
                    }
                    double dist2 = dist2(x - t.x, y - t.y);
                    if (dist2 <= gate2 && (dist2 < bestDist2 || dist2 == bestDist2 && index < bestIndex)) {
                        best = t;
                        bestIndex = index;
                        bestDist2 = dist2;
                    }
                }
            }
        }
        if (best == null) {
            best = new FollowedObject(criteria, scene);
        }
        best.claimed = true;
        best.missed = 0;
        best.seenMs = scene.frameTimeMs();
        return best;
    }

    /** Adds an object updated in this frame to {@link #current()}. */
    void addCurrent(FollowedObject t) {
        current.add(t);
    }

    /**
     * Distance in pixels from {@code (x, y)} to the nearest other established object (followed the minimum history)
     * of the previous frame; infinite if none. A neighbour that close biases the measured shape.
     */
    double nearestNeighbour(FollowedObject self, double x, double y) {
        double best2 = Double.POSITIVE_INFINITY;
        for (FollowedObject o : tracks) {
            if (o != self && o.missed == 0 && o.count >= criteria.minHistory) {
                best2 = Math.min(best2, dist2(o.x - x, o.y - y));
            }
        }
        return Math.sqrt(best2);
    }

    /**
     * Ends the frame at {@code frameTimeMs} (NaN: no frame times): this frame's objects, and the previous frame's
     * unseen ones still within the missed limits, become the previous frame's objects.
     */
    void endFrame(double frameTimeMs) {
        List<FollowedObject> next = new ArrayList<>(current);
        for (FollowedObject t : tracks) {
            if (!t.claimed && (++t.missed <= criteria.maxMissedFrames
                    || frameTimeMs - t.seenMs <= criteria.maxMissedMs)) {
                next.add(t);
            }
        }
        for (FollowedObject t : next) {
            t.claimed = false;
        }
        tracks = next;
        current.clear();
    }

    /** The previous frame's objects (during a frame, their claimed flag says which were matched so far). */
    List<FollowedObject> previous() {
        return tracks;
    }

    /** This frame's objects, in the order of their detections. */
    List<FollowedObject> current() {
        return current;
    }

    /**
     * Squared distance: the nearest-object searches run for every pair of objects in a frame (hundreds), so they
     * compare squares rather than call {@code Math.hypot}.
     */
    static double dist2(double dx, double dy) {
        return dx * dx + dy * dy;
    }
}
