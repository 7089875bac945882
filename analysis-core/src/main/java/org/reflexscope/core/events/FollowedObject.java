package org.reflexscope.core.events;

import org.reflexscope.core.detect.Detection;

/**
 * One object a {@link DivisionTrendEventScorer} follows from frame to frame: where it is, its roundest shape so far
 * (with its intensity, light and nearest neighbour then), its three newest elongations, intensities and fluxes, and
 * whether it shows the division precursor now ({@link #update}) or is held labelled. Its fields are read and
 * written by the scorer's parts ({@link ObjectTracker}, {@link SplitsAndMerges}) on the scorer's one thread.
 */
final class FollowedObject {
    private final DivisionCriteria criteria;
    private final SceneMemory scene;

    final double[] recent = new double[3];
    final double[] recentIntensity = new double[3];
    final double[] recentFlux = new double[3];
    /** The newest detection's flux. */
    double lastFlux = Double.NaN;
    /** Median of the three fluxes when the object was roundest (NaN: unknown). */
    double roundFlux = Double.NaN;
    double roundIntensity = Double.NaN;
    /** The newest detection's intensity, and the median of the last three over the round value (or NaN). */
    double lastIntensity = Double.NaN;
    double dimRatio = Double.NaN;
    double roundNeighbour = Double.POSITIVE_INFINITY;
    int sinceRound;
    /** Frames seen since the object appeared, and since its shape history (re)started. */
    int count;
    int shapeFrames;
    double roundest = Double.POSITIVE_INFINITY;
    double x;
    double y;
    double size;
    /** Matched to a detection of the current frame. */
    boolean claimed;
    /** Labelled in this round-elongate cycle: not labelled again until it is round again. */
    boolean spent;
    int missed;
    /** Frame time (ms) the object was last seen, NaN when frames have no times. */
    double seenMs = Double.NaN;
    /** Frames it stays labelled, and its probability while held. */
    int hold;
    double peak;
    double probability;
    double suspicion;
    boolean suspected;
    /** Whether the newest detection was cut by the image's edge. */
    boolean cut;

    FollowedObject(DivisionCriteria criteria, SceneMemory scene) {
        this.criteria = criteria;
        this.scene = scene;
    }

    /**
     * Takes this frame's detection of the object at {@code (px, py)} (the scorer's coordinates), with the distance
     * to its nearest established neighbour and whether the image's edge cuts it, and judges the precursor: sets
     * {@link #probability} (and {@link #suspicion}), and starts a hold when it is at least 0.5.
     */
    void update(Detection d, double px, double py, double neighbourPx, boolean cutNow) {
        cut = cutNow;
        x = px;
        y = py;
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            scene.noteNonFinitePosition();
        }
        size = d.sizePx() > 0 ? d.sizePx() : 1;
        double e = Double.isFinite(d.elongation()) ? d.elongation() : 1;
        recent[shapeFrames % 3] = e;
        recentIntensity[shapeFrames % 3] = d.intensity();
        recentFlux[shapeFrames % 3] = d.flux();
        lastIntensity = d.intensity();
        lastFlux = d.flux();
        shapeFrames++;
        count++;
        double median = shapeFrames >= 3 ? median(recent) : Double.POSITIVE_INFINITY;
        double intensity = shapeFrames >= 3 ? median(recentIntensity) : Double.NaN;
        dimRatio = intensity / roundIntensity;
        if (hold > 0) {
            hold--;
            probability = hold > 0 ? peak : 0;
            suspicion = 0;
            if (hold == 0) {
                restartShape();
            }
            return;
        }
        double p = 0;
        double needed = criteria.neededDimming(roundest);
        boolean dimmed = needed >= 1 || !Double.isFinite(intensity) || !Double.isFinite(roundIntensity)
                || intensity <= needed * roundIntensity;
        boolean isolated = neighbourPx >= criteria.isolationFraction * size
                && !(criteria.approachFraction > 0 && neighbourPx < DivisionCriteria.NEAR_FRACTION * size
                        && neighbourPx < roundNeighbour - criteria.approachFraction * size);
        sinceRound = median <= criteria.looseRoundMax ? 0 : sinceRound + 1;
        if (sinceRound > criteria.roundMemory) {
            roundest = Double.POSITIVE_INFINITY;
            roundIntensity = Double.NaN;
            roundFlux = Double.NaN;
        }
        double shape = 0;
        if (!spent && !cut && isolated && shapeFrames >= criteria.minHistory && roundest <= criteria.looseRoundMax
                && !scene.refractory(x, y, size) && lightAsOneCell()) {
            shape = 1 / (1 + Math.exp(-(median - roundest - criteria.rise) / criteria.width));
            p = dimmed ? shape : 0;
        }
        // a shape without the dimming counts once per round-elongate cycle: enough to make a rate look closer
        suspicion = shape >= 0.5 && p < 0.5 && !suspected ? shape : 0;
        suspected |= suspicion > 0;
        if (median <= criteria.looseRoundMax) {
            suspected = false;
        }
        if (spent && median <= criteria.roundMax && shapeFrames >= criteria.minHistory) {
            spent = false;
        }
        if (median < roundest) {
            roundest = median;
            roundIntensity = intensity;
            roundFlux = median(recentFlux);
            roundNeighbour = neighbourPx;
        }
        if (p >= 0.5) {
            startHold(p);
        }
        probability = p;
    }

    /**
     * Whether the object holds one cell's light: the median of its last three fluxes within the light range × the
     * reference; true when the check is off or a flux or the reference is unknown.
     */
    boolean lightAsOneCell() {
        return scene.oneCellsLight(median(recentFlux));
    }

    /** Forgets the shape history (after a hold, or a merge): the object must be round again before a label. */
    void restartShape() {
        shapeFrames = 0;
        suspected = false;
        roundest = Double.POSITIVE_INFINITY;
        roundIntensity = Double.NaN;
        roundFlux = Double.NaN;
        roundNeighbour = Double.POSITIVE_INFINITY;
    }

    /** Labels the object for the hold frames with probability {@code p}, and records the refractory site. */
    void startHold(double p) {
        hold = criteria.holdFrames;
        peak = p;
        spent = true;
        scene.addSite(x, y);
    }

    boolean labelled() {
        return hold > 0;
    }

    private static double median(double[] three) {
        double a = three[0];
        double b = three[1];
        double c = three[2];
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
