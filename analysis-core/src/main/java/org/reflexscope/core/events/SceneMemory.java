package org.reflexscope.core.events;

import java.util.Arrays;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.frame.FrameMetadata;

/**
 * What a {@link DivisionTrendEventScorer} knows beyond each followed object: the current frame's time and pixel
 * size, where and when objects were labelled (the refractory period), the light of a typical round object (the
 * light checks' reference) and whether any position was ever non-finite. One thread, like the scorer.
 */
final class SceneMemory {
    private final DivisionCriteria criteria;
    /** The current frame's time (ms) and sample-pixel scale (µm per pixel), NaN when not given. */
    private double frameTimeMs = Double.NaN;
    private double framePixelUm = Double.NaN;
    /** Where (sample pixels) and when (ms) objects were labelled, for the refractory period: x, y, t triples. */
    private double[] sites = new double[0];
    private int siteCount;
    /**
     * Fluxes of this frame's round detections (the light checks' reference), grown and reused; and that reference,
     * the upper quartile of the previous frame's (NaN until a frame had five).
     */
    private double[] roundFluxes = new double[64];
    private int roundFluxCount;
    private double refFlux = Double.NaN;
    /** Whether any object ever had a non-finite position (then the neighbour distance is always computed). */
    private boolean nonFinitePositions;

    SceneMemory(DivisionCriteria criteria) {
        this.criteria = criteria;
    }

    /** Takes the frame's time and pixel size (NaN or non-positive pixel size: unknown). */
    void beginFrame(FrameMetadata frame) {
        frameTimeMs = frame.cameraTimeMs();
        double px = frame.pixelSizeUm();
        framePixelUm = px > 0 && Double.isFinite(px) ? px : Double.NaN;
    }

    /** The current frame's time in ms, NaN when not given. */
    double frameTimeMs() {
        return frameTimeMs;
    }

    /**
     * Where the detection is, in sample pixels (its stage position over the frame's pixel size) when both are known,
     * else in image pixels: {@code out[0..1]}.
     */
    void position(Detection detection, double[] out) {
        boolean sample = Double.isFinite(framePixelUm) && Double.isFinite(detection.xUm())
                && Double.isFinite(detection.yUm());
        out[0] = sample ? detection.xUm() / framePixelUm : detection.xPx();
        out[1] = sample ? detection.yUm() / framePixelUm : detection.yPx();
    }

    /** Ends the frame: the reference light moves on to this frame's round objects, the frame's time is forgotten. */
    void endFrame() {
        if (roundFluxCount >= 5) {
            Arrays.sort(roundFluxes, 0, roundFluxCount);
            refFlux = roundFluxes[(3 * roundFluxCount) / 4];
        }
        roundFluxCount = 0;
        frameTimeMs = Double.NaN;
        framePixelUm = Double.NaN;
    }

    /** Notes a non-finite object position: from then on the neighbour distance is always computed. */
    void noteNonFinitePosition() {
        nonFinitePositions = true;
    }

    /**
     * Whether the nearest neighbour's distance can change a decision: the isolation and approach checks read it, and
     * a non-finite position (NaN distance, which fails the isolation check even at 0). Otherwise any distance gives
     * the same decisions, so the all-objects search is skipped.
     */
    boolean neighbourDistanceMatters(double x, double y) {
        return criteria.readsNeighbourDistance() || nonFinitePositions || !Double.isFinite(x) || !Double.isFinite(y);
    }

    /**
     * Whether an object of this size at {@code (x, y)} lies within the refractory distance of where an object was
     * labelled less than the refractory period ago (always false without frame times).
     */
    boolean refractory(double x, double y, double size) {
        if (!Double.isFinite(frameTimeMs)) {
            return false;
        }
        double reach = criteria.refractoryFraction * size;
        double reach2 = reach * reach;
        for (int k = 0; k < siteCount; k++) {
            double dx = sites[3 * k] - x;
            double dy = sites[3 * k + 1] - y;
            if (frameTimeMs - sites[3 * k + 2] < criteria.refractoryMs && dx * dx + dy * dy <= reach2) {
                return true;
            }
        }
        return false;
    }

    /** Records a label at {@code (x, y)} now (if the frame time is known); forgets sites past the period. */
    void addSite(double x, double y) {
        if (!Double.isFinite(frameTimeMs)) {
            return;
        }
        int kept = 0;
        for (int k = 0; k < siteCount; k++) {
            if (frameTimeMs - sites[3 * k + 2] < criteria.refractoryMs) {
                System.arraycopy(sites, 3 * k, sites, 3 * kept, 3);
                kept++;
            }
        }
        siteCount = kept;
        if (3 * siteCount + 3 > sites.length) {
            sites = Arrays.copyOf(sites, Math.max(12, 2 * sites.length));
        }
        sites[3 * siteCount] = x;
        sites[3 * siteCount + 1] = y;
        sites[3 * siteCount + 2] = frameTimeMs;
        siteCount++;
    }

    /** Keeps a round detection's flux for the next frames' reference (the light check's typical cell). */
    void addReferenceFlux(Detection detection) {
        if (!(detection.elongation() <= criteria.roundMax) || !Double.isFinite(detection.flux())) {
            return;
        }
        if (roundFluxCount == roundFluxes.length) {
            roundFluxes = Arrays.copyOf(roundFluxes, 2 * roundFluxCount);
        }
        roundFluxes[roundFluxCount++] = detection.flux();
    }

    /**
     * Whether {@code light} is one cell's: within the light range × the reference; true when the check is off or the
     * light or the reference is unknown.
     */
    boolean oneCellsLight(double light) {
        return !criteria.lightChecked() || !Double.isFinite(light) || !(refFlux > 0)
                || light >= criteria.minLight * refFlux && light <= criteria.maxLight * refFlux;
    }

    /**
     * Whether the detection's centre (image pixels) lies within the edge fraction × its size of the image's edge;
     * always false when the edge check is off.
     */
    boolean cutByEdge(Detection d) {
        if (criteria.imageWidth <= 0) {
            return false;
        }
        double margin = criteria.edgeFraction * (d.sizePx() > 0 ? d.sizePx() : 1);
        double x = d.xPx();
        double y = d.yPx();
        return x < margin || y < margin || x > criteria.imageWidth - 1 - margin
                || y > criteria.imageHeight - 1 - margin;
    }
}
