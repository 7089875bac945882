package org.reflexscope.core.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.detect.EventScorer;
import org.reflexscope.core.frame.FrameMetadata;

/**
 * Division precursor score from each object's <i>change</i> in shape over time, not from one frame's snapshot.
 *
 * <p>A cell about to divide is round, then elongates and constricts over seconds to minutes. Two touching cells,
 * or an elongated cell, also look elongated in one frame, but they were not round a moment ago. So this scorer
 * follows each object from frame to frame (greedy gated nearest-neighbour in pixel coordinates, gate =
 * {@code gateFraction} × the object's size) and keeps, per object, its <i>roundest</i> shape so far (the lowest
 * median of three consecutive elongations) and its three newest elongations. An object shows the precursor when
 * <ul>
 *   <li>it was round: its roundest median is at most {@code roundMax} (or, optionally, nearly round and then it
 *       must dim more, see {@link Builder#optNearlyRound}), and it has not been out of round for more than
 *       {@code roundMemory} frames (then its roundest shape is forgotten),</li>
 *   <li>it has elongated since: the median of its last three elongations exceeds the roundest by {@code rise},
 *       and</li>
 *   <li>it has dimmed: the median of its last three mean intensities is at most {@code dimming} × its mean
 *       intensity when it was roundest (a stretching cell spreads the same fluorescence over a larger footprint;
 *       a cell that only looks elongated because a neighbour came close does not dim; optional), and</li>
 *   <li>no neighbour came closer: the nearest other established object (if within 2.5 × its size) is not closer
 *       than when it was roundest by more than {@code approachFraction} × its size, and none is within
 *       {@code isolationFraction} × its size (both off by default: they cost more recall than they save).</li>
 * </ul>
 * Its event probability is the logistic of {@code (recent median − roundest − rise) / width} (0 if it was never
 * round, has not dimmed or is not isolated). No condition has a short window in frames, so the score hardly depends
 * on the frame rate: a precursor
 * that unfolds over 30 s is seen the same at 1 frame / 2 s as at 5 frames / s (at the slow rate one frame later in
 * time), which lets an adaptive rate run slowly until the precursor shows and a trigger confirm it at the fast rate.
 *
 * <p>From the first frame an object shows the precursor (probability ≥ 0.5) it is labelled {@value #DIVIDING} for
 * {@code holdFrames} frames (the split and the separating daughters follow), with its probability held at that
 * first value. Then its shape history restarts, and it is labelled again only after it has been round again (a
 * median of three at most {@code roundMax}, after {@code minHistory} frames) and elongates anew: a cell divides once
 * per round-elongate cycle, and a false label (two cells overlapping, say) does not blind the scorer to that cell's
 * real division later. An object needs {@code minHistory} frames before it can be labelled, so objects entering
 * the field, daughters and objects lost over a gap are not labelled at once. An object the detector misses is kept
 * for {@code maxMissedFrames} frames or, with frame times, {@code maxMissedTime} (whichever is longer), so a
 * dimming precursor the detector loses for a few seconds keeps its history.
 *
 * <p><b>Merges.</b> When an object vanishes next to one that is still matched (within {@code mergeFraction} × its
 * size), the two have merged into one detection: the survivor's shape history restarts (a merged pair is not a
 * round cell that elongates), and it needs {@code minHistory} frames again. <b>Splits</b> (optional, off by
 * default): a new object appearing within {@code splitFraction} × its size of an established object (one with
 * {@code minHistory} frames, not labelled before) that is still matched is the split of a cell that was merged
 * with a neighbour; both are labelled from the next frame for {@code holdFrames}, with probability
 * {@value #SPLIT_PROBABILITY}. The frame's score is the largest probability of its objects; with the dimming
 * check on, an object that has elongated but not yet dimmed also counts its shape probability on the first such
 * frame (see {@link Builder#optScoreShapeBeforeDimming}), so that an adaptive rate looks closer. <b>Dimmed
 * splits</b> (with the dimming check, {@link Builder#optDimmedSplits}): a round object that has dimmed and is then
 * seen as two objects, each as dim, on either side of where it was, is dividing (its constriction was resolved into
 * two lobes before the shape trend showed); both are labelled from the next frame.
 *
 * <p><b>Image edge</b> (optional, {@link Builder#optImageEdge}): an object whose centre lies within a fraction of
 * its size of the image's edge is mostly outside the image; what is measured is the part inside, which looks
 * longer along the edge and dimmer as the object leaves the field. Such an object is neither labelled nor counted
 * in the frame's score, and takes no part in a dimmed split.
 *
 * <p><b>Light</b> (optional; needs {@link Detection#flux()}, which the analysis chain measures when
 * {@link #usesFlux()}): a cell keeps its light while it stretches and constricts. So an object is labelled and
 * scored only while its flux is that of one cell ({@link Builder#optLight}: between a minimum and a maximum × the
 * upper quartile of the previous frame's round objects'; a daughter holds half a cell's light, two cells seen as one
 * hold two), and a round object seen as two that share its light is dividing even before it has dimmed
 * ({@link Builder#optLightSplits}).
 *
 * <p><b>Frames.</b> With {@link #beginFrame} (the analysis chain calls it), objects are followed in sample
 * coordinates (the detections' stage positions over the frame's pixel size), so a stage move does not restart
 * them, and a <b>refractory period</b> applies: where an object was labelled, none is labelled again within
 * {@code refractory} (default 40 s, within 2 × its size; {@link Builder#optRefractory}). Without frame metadata,
 * positions are image pixels and there is no refractory period.
 *
 * <p><b>Calls and state.</b> Stateful: call {@link #beginFrame} (optional), {@link #label} for each detection of a
 * frame, then {@link #score} with that frame's detections, once per frame, frames in time order, from one thread
 * (the analyzer thread); a {@link #score} without preceding {@link #label} calls labels the detections itself.
 * Limitations: the hold counts frames, not seconds (15 frames: 3 s at 5 frames / s, 30 s at 1 frame / 2 s); an
 * object merged with a neighbour in every frame has no round history, so its division is not seen.
 * {@link #fresh()} gives an independent scorer with the same settings.
 */
public final class DivisionTrendEventScorer implements EventScorer {
    /** Label of detections showing the precursor. */
    public static final String DIVIDING = "dividing";
    /** Event probability of a split (a new object appearing next to an established one). */
    public static final double SPLIT_PROBABILITY = 0.9;
    /** Neighbours farther than this many object sizes do not bias the shape (for the approach check). */
    private static final double NEAR_FRACTION = 2.5;

    private final double roundMax;
    /** Round limit including nearly round shapes (≥ roundMax), and the dimming those must show. */
    private final double looseRoundMax;
    private final double looseDimming;
    private final double rise;
    private final double dimming;
    private final double width;
    private final int minHistory;
    private final int holdFrames;
    private final double gateFraction;
    private final double splitFraction;
    private final double mergeFraction;
    private final double isolationFraction;
    private final double approachFraction;
    private final int roundMemory;
    private final boolean splits;
    private final boolean dimmedSplits;
    private final boolean scoreShapeBeforeDimming;
    private final int maxMissedFrames;
    private final double maxMissedMs;
    private final double refractoryMs;
    private final double refractoryFraction;
    private final int imageWidth;
    private final int imageHeight;
    private final double edgeFraction;
    private final double minLight;
    private final double maxLight;
    private final boolean lightSplits;

    private List<Track> tracks = new ArrayList<>();
    private final List<Track> current = new ArrayList<>();
    private final TrackGrid grid = new TrackGrid();
    /** Whether any object ever had a non-finite position (then the neighbour distance is always computed). */
    private boolean nonFinitePositions;
    private boolean frameOpen;
    private double frameMax;
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

    private DivisionTrendEventScorer(Builder b) {
        this.roundMax = b.roundMax;
        this.looseRoundMax = Math.max(b.roundMax, b.looseRoundMax);
        this.looseDimming = b.looseDimming;
        this.rise = b.rise;
        this.dimming = b.dimming;
        this.width = b.width;
        this.minHistory = b.minHistory;
        this.holdFrames = b.holdFrames;
        this.gateFraction = b.gateFraction;
        this.splitFraction = b.splitFraction;
        this.mergeFraction = b.mergeFraction;
        this.isolationFraction = b.isolationFraction;
        this.approachFraction = b.approachFraction;
        this.roundMemory = b.roundMemory;
        this.splits = b.splits;
        this.dimmedSplits = b.dimmedSplits;
        this.scoreShapeBeforeDimming = b.scoreShapeBeforeDimming;
        this.maxMissedFrames = b.maxMissedFrames;
        this.maxMissedMs = b.maxMissedMs;
        this.refractoryMs = b.refractoryMs;
        this.refractoryFraction = b.refractoryFraction;
        this.imageWidth = b.imageWidth;
        this.imageHeight = b.imageHeight;
        this.edgeFraction = b.edgeFraction;
        this.minLight = b.minLight;
        this.maxLight = b.maxLight;
        this.lightSplits = b.lightSplits;
    }

    /** A builder with the defaults (see its methods). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Defaults: round at elongation ≤ 1.2, a rise of 0.4, no dimming check, logistic width 0.08, 6 frames of
     * history before a label, label held 15 frames, gate 0.4 × object size, round forgotten after 150 frames not
     * round, merges within 1.2 × size, splits off (within 1.2 × size when on), objects kept 5 frames (or 5 s with
     * frame times) without a match, the shape counted in the score before the dimming (when the dimming check is
     * on).
     */
    public static DivisionTrendEventScorer defaults() {
        return builder().build();
    }

    @Override
    public EventScorer fresh() {
        Builder b = builder();
        b.roundMax = roundMax;
        b.looseRoundMax = looseRoundMax;
        b.looseDimming = looseDimming;
        b.rise = rise;
        b.dimming = dimming;
        b.width = width;
        b.minHistory = minHistory;
        b.holdFrames = holdFrames;
        b.gateFraction = gateFraction;
        b.splitFraction = splitFraction;
        b.mergeFraction = mergeFraction;
        b.isolationFraction = isolationFraction;
        b.approachFraction = approachFraction;
        b.roundMemory = roundMemory;
        b.splits = splits;
        b.dimmedSplits = dimmedSplits;
        b.scoreShapeBeforeDimming = scoreShapeBeforeDimming;
        b.maxMissedFrames = maxMissedFrames;
        b.maxMissedMs = maxMissedMs;
        b.refractoryMs = refractoryMs;
        b.refractoryFraction = refractoryFraction;
        b.imageWidth = imageWidth;
        b.imageHeight = imageHeight;
        b.edgeFraction = edgeFraction;
        b.minLight = minLight;
        b.maxLight = maxLight;
        b.lightSplits = lightSplits;
        return b.build();
    }

    /**
     * Takes the frame's time and pixel size: with them, objects are followed in sample coordinates (a stage move
     * does not restart them: positions from the detections' stage coordinates, scaled to pixels) and the
     * refractory period applies. Without (or with NaN values), objects are followed in image pixels and there
     * is no refractory period.
     */
    @Override
    public void beginFrame(FrameMetadata frame) {
        frameTimeMs = frame.cameraTimeMs();
        double px = frame.pixelSizeUm();
        framePixelUm = px > 0 && Double.isFinite(px) ? px : Double.NaN;
    }

    /** True with {@link Builder#optLight} or {@link Builder#optLightSplits}. */
    @Override
    public boolean usesFlux() {
        return lightChecked() || lightSplits;
    }

    @Override
    public String label(Detection detection, String otherLabel) {
        if (!frameOpen) {
            frameOpen = true;
            frameMax = 0;
            current.clear();
            grid.build(tracks, gateFraction);
        }
        boolean sample = Double.isFinite(framePixelUm) && Double.isFinite(detection.xUm())
                && Double.isFinite(detection.yUm());
        double x = sample ? detection.xUm() / framePixelUm : detection.xPx();
        double y = sample ? detection.yUm() / framePixelUm : detection.yPx();
        boolean cut = cutByEdge(detection);
        if (lightChecked() && !cut) {
            addReferenceFlux(detection);
        }
        Track t = associate(detection, x, y);
        t.update(detection, x, y, neighbourDistanceMatters(x, y) ? nearestNeighbour(t, x, y)
                : Double.POSITIVE_INFINITY, cut);
        current.add(t);
        frameMax = Math.max(frameMax, scoreShapeBeforeDimming ? Math.max(t.probability, t.suspicion)
                : t.probability);
        return t.labelled() ? DIVIDING : otherLabel;
    }

    @Override
    public double score(List<Detection> detections) {
        if (!frameOpen && !detections.isEmpty()) {
            for (Detection d : detections) {
                label(d, "");
            }
        }
        double max = frameOpen ? frameMax : 0;
        if (splits) {
            max = Math.max(max, markSplits());
        }
        if (dimmedSplits && dimming < 1) {
            max = Math.max(max, markDimmedSplits());
        }
        markMerges();
        if (roundFluxCount >= 5) {
            java.util.Arrays.sort(roundFluxes, 0, roundFluxCount);
            refFlux = roundFluxes[(3 * roundFluxCount) / 4];
        }
        roundFluxCount = 0;
        List<Track> next = new ArrayList<>(current);
        for (Track t : tracks) {
            if (!t.claimed && (++t.missed <= maxMissedFrames || frameTimeMs - t.seenMs <= maxMissedMs)) {
                next.add(t);
            }
        }
        for (Track t : next) {
            t.claimed = false;
        }
        tracks = next;
        current.clear();
        frameOpen = false;
        frameTimeMs = Double.NaN;
        framePixelUm = Double.NaN;
        return max;
    }

    /**
     * A new object next to an established one that is still there (within {@code splitFraction} × its size) is a
     * split: both are labelled from the next frame on, for {@code holdFrames}, unless the established one was
     * labelled before (its division already seen). Returns {@value #SPLIT_PROBABILITY} if any split, else 0.
     */
    private double markSplits() {
        double max = 0;
        for (Track child : current) {
            if (child.count != 1) {
                continue;
            }
            for (Track parent : current) {
                if (parent == child || parent.spent || parent.shapeFrames < minHistory
                        || dist2(parent.x - child.x, parent.y - child.y) > sq(splitFraction * child.size)) {
                    continue;
                }
                parent.startHold(SPLIT_PROBABILITY);
                child.startHold(SPLIT_PROBABILITY);
                max = SPLIT_PROBABILITY;
                break;
            }
        }
        return max;
    }

    /**
     * A cell that was round, has dimmed and is now seen as two objects on either side of where it was is dividing
     * (its constriction resolved into two lobes, which happens before the shape trend shows when the cell is large
     * in pixels or the frames are seconds apart). For each object of the previous frame with a round history
     * (roundest at most {@code roundMax}, {@code minHistory} frames, not labelled, outside the refractory period)
     * whose intensity had fallen to at most {@code dimming} × its round value: two objects of this frame, each new
     * or the object itself, each at most {@code dimming} × that round intensity, with their midpoint within half
     * its size of its position and at most 2.5 sizes apart, are labelled for {@code holdFrames} with probability
     * {@value #SPLIT_PROBABILITY}. Returns that probability if any, else 0.
     */
    private double markDimmedSplits() {
        double max = 0;
        for (Track parent : tracks) {
            boolean dimmed = parent.dimRatio <= neededDimming(parent.roundest);
            boolean byLight = !dimmed && lightSplits && parent.roundest <= roundMax && parent.roundFlux > 0;
            if (parent.hold > 0 || parent.spent || parent.cut || parent.count < minHistory || !parent.lightAsOneCell()
                    || !(parent.roundest <= looseRoundMax) || !(dimmed || byLight) || parent.missed != 0
                    || refractory(parent.x, parent.y, parent.size)) {
                continue;
            }
            double limit = dimming * parent.roundIntensity;
            double light = parent.roundFlux;
            double half2 = sq(0.5 * parent.size);
            double apart2 = sq(2.5 * parent.size);
            Track a = null;
            Track b = null;
            for (int i = 0; i < current.size() && b == null; i++) {
                Track u = current.get(i);
                if ((u.count != 1 && u != parent) || u.cut || !(u.lastIntensity <= limit)) {
                    continue;
                }
                for (int j = i + 1; j < current.size(); j++) {
                    Track v = current.get(j);
                    if ((v.count != 1 && v != parent) || v.cut || !(v.lastIntensity <= limit)
                            || byLight && !halves(u.lastFlux, v.lastFlux, light)
                            || dist2(u.x - v.x, u.y - v.y) > apart2
                            || dist2((u.x + v.x) / 2 - parent.x, (u.y + v.y) / 2 - parent.y) > half2) {
                        continue;
                    }
                    a = u;
                    b = v;
                    break;
                }
            }
            if (b != null) {
                a.startHold(SPLIT_PROBABILITY);
                b.startHold(SPLIT_PROBABILITY);
                max = SPLIT_PROBABILITY;
            }
        }
        return max;
    }

    /**
     * An established object (followed {@code minHistory} frames) seen in the previous frame and not in this one,
     * next to an object matched in this one (within {@code mergeFraction} × its size), merged with it: the
     * survivor's shape history restarts. (A young object that vanishes, such as one half of a constricting cell
     * seen apart for a frame, is not a merge.)
     */
    private void markMerges() {
        for (Track gone : tracks) {
            if (gone.claimed || gone.missed != 0 || gone.count < minHistory) {
                continue;
            }
            double reach2 = sq(mergeFraction * gone.size);
            for (Track survivor : current) {
                if (dist2(survivor.x - gone.x, survivor.y - gone.y) <= reach2) {
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

    /**
     * Distance in pixels from the detection to the nearest other established object (followed {@code minHistory}
     * frames) of the previous frame; infinite if none. A neighbour that close biases the measured shape.
     */
    private double nearestNeighbour(Track self, double x, double y) {
        double best2 = Double.POSITIVE_INFINITY;
        for (Track o : tracks) {
            if (o != self && o.missed == 0 && o.count >= minHistory) {
                best2 = Math.min(best2, dist2(o.x - x, o.y - y));
            }
        }
        return Math.sqrt(best2);
    }

    /**
     * Whether the nearest neighbour's distance can change a decision: only the isolation and approach checks read
     * it (both off by default), and a non-finite position (NaN distance, which fails the isolation check even at
     * 0). Otherwise any finite-or-infinite distance gives the same decisions, so the all-objects search is skipped.
     */
    private boolean neighbourDistanceMatters(double x, double y) {
        return isolationFraction > 0 || approachFraction > 0 || nonFinitePositions || !Double.isFinite(x)
                || !Double.isFinite(y);
    }

    /**
     * Whether an object of this size at {@code (x, y)} lies within {@code refractoryFraction} × size of where an
     * object was labelled less than the refractory period ago (always false without frame times).
     */
    private boolean refractory(double x, double y, double size) {
        if (!Double.isFinite(frameTimeMs)) {
            return false;
        }
        double reach2 = sq(refractoryFraction * size);
        for (int k = 0; k < siteCount; k++) {
            if (frameTimeMs - sites[3 * k + 2] < refractoryMs
                    && dist2(sites[3 * k] - x, sites[3 * k + 1] - y) <= reach2) {
                return true;
            }
        }
        return false;
    }

    /** Records a label at {@code (x, y)} now (if the frame time is known); forgets sites past the period. */
    private void addSite(double x, double y) {
        if (!Double.isFinite(frameTimeMs)) {
            return;
        }
        int kept = 0;
        for (int k = 0; k < siteCount; k++) {
            if (frameTimeMs - sites[3 * k + 2] < refractoryMs) {
                System.arraycopy(sites, 3 * k, sites, 3 * kept, 3);
                kept++;
            }
        }
        siteCount = kept;
        if (3 * siteCount + 3 > sites.length) {
            sites = java.util.Arrays.copyOf(sites, Math.max(12, 2 * sites.length));
        }
        sites[3 * siteCount] = x;
        sites[3 * siteCount + 1] = y;
        sites[3 * siteCount + 2] = frameTimeMs;
        siteCount++;
    }

    /**
     * The dimming ratio an object must reach: {@code dimming} when its roundest shape was round, the lower of it
     * and the nearly round dimming when it was only nearly round ({@link Builder#optNearlyRound}).
     */
    private double neededDimming(double roundest) {
        return roundest <= roundMax ? dimming : Math.min(dimming, looseDimming);
    }

    /** Keeps a round detection's flux for the next frames' reference (the light check's typical cell). */
    private void addReferenceFlux(Detection detection) {
        if (!(detection.elongation() <= roundMax) || !Double.isFinite(detection.flux())) {
            return;
        }
        if (roundFluxCount == roundFluxes.length) {
            roundFluxes = java.util.Arrays.copyOf(roundFluxes, 2 * roundFluxCount);
        }
        roundFluxes[roundFluxCount++] = detection.flux();
    }

    /** Whether the one-cell light check is on ({@link Builder#optLight}). */
    private boolean lightChecked() {
        return minLight > 0 || maxLight < Double.POSITIVE_INFINITY;
    }

    /**
     * Whether the detection's centre (image pixels) lies within {@code edgeFraction} × its size of the image's edge;
     * always false without {@link Builder#optImageEdge}.
     */
    private boolean cutByEdge(Detection d) {
        if (imageWidth <= 0) {
            return false;
        }
        double margin = edgeFraction * (d.sizePx() > 0 ? d.sizePx() : 1);
        double x = d.xPx();
        double y = d.yPx();
        return x < margin || y < margin || x > imageWidth - 1 - margin || y > imageHeight - 1 - margin;
    }

    /** Objects followed now (for tests and diagnostics). */
    public int trackCount() {
        return tracks.size();
    }

    /**
     * The unclaimed object of the previous frame nearest to the detection within its gate (the first in
     * {@link #tracks} order among equally near ones), or a new object. Searches only the grid cells the gate
     * overlaps: unclaimed objects have not moved since {@link TrackGrid#build}.
     */
    private Track associate(Detection d, double x, double y) {
        double gate = gateFraction * (d.sizePx() > 0 ? d.sizePx() : 1);
        double gate2 = sq(gate);
        Track best = null;
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
                    Track t = g.tracks[index];
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
            best = new Track();
        }
        best.claimed = true;
        best.missed = 0;
        best.seenMs = frameTimeMs;
        return best;
    }

    /**
     * Squared distance: the nearest-object searches above run for every pair of objects in a frame (hundreds), so
     * they compare squares; {@code Math.hypot}'s overflow care cost ~2 ms a frame there.
     */
    private static double dist2(double dx, double dy) {
        return dx * dx + dy * dy;
    }

    private static double sq(double v) {
        return v * v;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "DivisionTrendEventScorer{round <= %.2f, rise %.2f, dimming %.2f, width %.2f, "
                + "history %d frames, round memory %d frames, hold %d frames, gate %.2f x size, isolation %.2f x size, "
                + "approach %.2f x size, merge %.2f x size, split %s, refractory %.0f s within %.1f x size, "
                + "unseen kept %d frames or %.1f s, nearly round <= %.2f if dimmed to %.2f, %s, %s, %s}", roundMax,
                rise, dimming, width, minHistory, roundMemory, holdFrames, gateFraction, isolationFraction,
                approachFraction, mergeFraction,
                splits ? String.format(Locale.ROOT, "%.2f x size", splitFraction) : "off",
                refractoryMs / 1000, refractoryFraction, maxMissedFrames, maxMissedMs / 1000, looseRoundMax,
                looseDimming, imageWidth > 0 ? String.format(Locale.ROOT, "edge %.2f x size of %d x %d", edgeFraction,
                        imageWidth, imageHeight) : "edge off",
                lightChecked() ? String.format(Locale.ROOT, "light %.2f-%.2f x typical", minLight, maxLight)
                        : "light off", lightSplits ? "light splits" : "no light splits");
    }

    /**
     * Uniform grid over the previous frame's objects with finite positions (compressed: per-cell ranges of one
     * index array, indices ascending within a cell), so that association looks only at objects near a detection
     * instead of at all of them (~400 × 400 distance checks a frame at 2048² binned ×4). Arrays grow to the most
     * objects seen and are reused; one thread.
     */
    private static final class TrackGrid {
        private static final double DEFAULT_CELL = 8;
        Track[] tracks = new Track[0];
        int[] items = new int[0];
        int[] cellStart = new int[2];
        private int[] cellOf = new int[0];
        int columns = 1;
        private int rows = 1;
        private double minX;
        private double minY;
        private double cell = DEFAULT_CELL;

        /** Indexes {@code list}; cells about twice the mean gate wide (at most ~4 cells per object). */
        void build(List<Track> list, double gateFraction) {
            int n = list.size();
            if (tracks.length < n) {
                tracks = new Track[n];
                items = new int[n];
                cellOf = new int[n];
            }
            double x0 = Double.POSITIVE_INFINITY;
            double y0 = Double.POSITIVE_INFINITY;
            double x1 = Double.NEGATIVE_INFINITY;
            double y1 = Double.NEGATIVE_INFINITY;
            double sizeSum = 0;
            int finite = 0;
            for (int i = 0; i < n; i++) {
                Track t = list.get(i);
                tracks[i] = t;
                if (Double.isFinite(t.x) && Double.isFinite(t.y)) {
                    x0 = Math.min(x0, t.x);
                    y0 = Math.min(y0, t.y);
                    x1 = Math.max(x1, t.x);
                    y1 = Math.max(y1, t.y);
                    if (Double.isFinite(t.size)) {
                        sizeSum += t.size;
                        finite++;
                    }
                }
            }
            if (x0 > x1) {
                x0 = 0;
                y0 = 0;
                x1 = 0;
                y1 = 0;
            }
            double c = finite > 0 ? 2 * gateFraction * sizeSum / finite : DEFAULT_CELL;
            if (!(c >= 1)) {
                c = 1;
            } else if (c > Double.MAX_VALUE) {
                c = Double.MAX_VALUE;
            }
            double maxCells = 4.0 * n + 64;
            while ((Math.floor((x1 - x0) / c) + 1) * (Math.floor((y1 - y0) / c) + 1) > maxCells) {
                c *= 2;
            }
            cell = c;
            minX = x0;
            minY = y0;
            columns = (int) Math.floor((x1 - x0) / c) + 1;
            rows = (int) Math.floor((y1 - y0) / c) + 1;
            int cells = columns * rows;
            if (cellStart.length < cells + 1) {
                cellStart = new int[cells + 1];
            }
            java.util.Arrays.fill(cellStart, 0, cells + 1, 0);
            for (int i = 0; i < n; i++) {
                Track t = tracks[i];
                cellOf[i] = Double.isFinite(t.x) && Double.isFinite(t.y) ? row(t.y) * columns + column(t.x) : -1;
                if (cellOf[i] >= 0) {
                    cellStart[cellOf[i] + 1]++;
                }
            }
            for (int k = 0; k < cells; k++) {
                cellStart[k + 1] += cellStart[k];
            }
            // fill in ascending index order, using cellStart as a cursor, then shift it back
            for (int i = 0; i < n; i++) {
                if (cellOf[i] >= 0) {
                    items[cellStart[cellOf[i]]++] = i;
                }
            }
            for (int k = cells; k > 0; k--) {
                cellStart[k] = cellStart[k - 1];
            }
            cellStart[0] = 0;
        }

        /** Grid column of {@code x}, clamped to the grid (NaN: column 0). */
        int column(double x) {
            return clamp((x - minX) / cell, columns);
        }

        /** Grid row of {@code y}, clamped to the grid (NaN: row 0). */
        int row(double y) {
            return clamp((y - minY) / cell, rows);
        }

        private static int clamp(double v, int count) {
            if (!(v > 0)) {
                return 0;
            }
            return v >= count - 1 ? count - 1 : (int) v;
        }
    }

    /** One followed object: position, its roundest shape so far and its three newest elongations. */
    private final class Track {
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
        int count;
        int shapeFrames;
        double roundest = Double.POSITIVE_INFINITY;
        double x;
        double y;
        double size;
        boolean claimed;
        boolean spent;
        int missed;
        /** Frame time (ms) the object was last seen, NaN when frames have no times. */
        double seenMs = Double.NaN;
        int hold;
        double probability;
        double suspicion;
        boolean suspected;
        /** Whether the newest detection was cut by the image's edge ({@link #cutByEdge}). */
        boolean cut;
        double peak;

        void update(Detection d, double px, double py, double neighbourPx, boolean cutNow) {
            cut = cutNow;
            x = px;
            y = py;
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                nonFinitePositions = true;
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
            double needed = neededDimming(roundest);
            boolean dimmed = needed >= 1 || !Double.isFinite(intensity) || !Double.isFinite(roundIntensity)
                    || intensity <= needed * roundIntensity;
            boolean isolated = neighbourPx >= isolationFraction * size
                    && !(approachFraction > 0 && neighbourPx < NEAR_FRACTION * size
                            && neighbourPx < roundNeighbour - approachFraction * size);
            sinceRound = median <= looseRoundMax ? 0 : sinceRound + 1;
            if (sinceRound > roundMemory) {
                roundest = Double.POSITIVE_INFINITY;
                roundIntensity = Double.NaN;
                roundFlux = Double.NaN;
            }
            double shape = 0;
            if (!spent && !cut && isolated && shapeFrames >= minHistory && roundest <= looseRoundMax
                    && !refractory(x, y, size) && lightAsOneCell()) {
                shape = 1 / (1 + Math.exp(-(median - roundest - rise) / width));
                p = dimmed ? shape : 0;
            }
            // a shape without the dimming counts once per round-elongate cycle: enough to make a rate look closer
            suspicion = shape >= 0.5 && p < 0.5 && !suspected ? shape : 0;
            suspected |= suspicion > 0;
            if (median <= looseRoundMax) {
                suspected = false;
            }
            if (spent && median <= roundMax && shapeFrames >= minHistory) {
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
         * Whether the object holds one cell's light ({@link Builder#optLight}): the median of its last three fluxes
         * within the range × the reference; true when the check is off or a flux or the reference is unknown.
         */
        boolean lightAsOneCell() {
            double light = median(recentFlux);
            return !lightChecked() || !Double.isFinite(light) || !(refFlux > 0)
                    || light >= minLight * refFlux && light <= maxLight * refFlux;
        }

        void restartShape() {
            shapeFrames = 0;
            suspected = false;
            roundest = Double.POSITIVE_INFINITY;
            roundIntensity = Double.NaN;
            roundFlux = Double.NaN;
            roundNeighbour = Double.POSITIVE_INFINITY;
        }

        void startHold(double p) {
            hold = holdFrames;
            peak = p;
            spent = true;
            addSite(x, y);
        }

        boolean labelled() {
            return hold > 0;
        }

        private double median(double[] three) {
            double a = three[0];
            double b = three[1];
            double c = three[2];
            return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
        }
    }

    /** Builder of {@link DivisionTrendEventScorer}; every setting is optional. */
    public static final class Builder {
        private double roundMax = 1.2;
        private double looseRoundMax;
        private double looseDimming = 1;
        private double rise = 0.4;
        private double dimming = 1;
        private double width = 0.08;
        private int minHistory = 6;
        private int holdFrames = 15;
        private double gateFraction = 0.4;
        private double splitFraction = 1.2;
        private double mergeFraction = 1.2;
        private double isolationFraction;
        private double approachFraction;
        private int roundMemory = 150;
        private boolean splits;
        private boolean dimmedSplits = true;
        private boolean scoreShapeBeforeDimming = true;
        private int maxMissedFrames = 5;
        private double maxMissedMs = 5000;
        private double refractoryMs = 40_000;
        private double refractoryFraction = 2;
        private int imageWidth;
        private int imageHeight;
        private double edgeFraction;
        private double minLight;
        private double maxLight = Double.POSITIVE_INFINITY;
        private boolean lightSplits;

        private Builder() {
        }

        /** Largest elongation that counts as round (default 1.2), &ge; 1. */
        public Builder optRoundMax(double v) {
            if (!(v >= 1) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("Round elongation must be a finite number >= 1, got " + v);
            }
            roundMax = v;
            return this;
        }

        /**
         * Nearly round shapes: an object whose roundest shape lies above the round limit but at most
         * {@code limit} also counts as having been round, when it dims to at most {@code dimming} × its intensity
         * then (the round limit's own dimming applies too). A cell overlapping a neighbour is one detection with it
         * for its whole precursor and never measures round; from its steadiest shape, its elongation and dimming
         * still show; two touching cells drifting apart also look longer and dimmer at the centre, hence the
         * stricter dimming. A labelled object is released only once it is round (at most the round limit) again, so
         * a nearly round pair is not labelled at every cycle. Default off ({@code limit} at most the round limit);
         * {@code reflex run} and the closed-loop tests use 1.3 and 0.8. {@code limit} ≥ 1, {@code dimming} in
         * (0, 1].
         */
        public Builder optNearlyRound(double limit, double dimming) {
            if (!(limit >= 1) || !Double.isFinite(limit)) {
                throw new IllegalArgumentException("Nearly round limit must be a finite number >= 1, got " + limit);
            }
            if (!(dimming > 0) || !(dimming <= 1)) {
                throw new IllegalArgumentException("Nearly round dimming must be in (0, 1], got " + dimming);
            }
            looseRoundMax = limit;
            looseDimming = dimming;
            return this;
        }

        /** Elongation gained over the roundest shape at which the probability is 0.5 (default 0.4), &gt; 0. */
        public Builder optRise(double v) {
            rise = positive(v, "Elongation rise");
            return this;
        }

        /**
         * Largest ratio of the object's mean intensity now to its mean intensity when it was roundest that still
         * counts as a precursor (default 1: off; 0.85 for a marker that fills the cell), in (0, 1]. A cell that stretches spreads the
         * same fluorescence over a larger footprint and dims; a round cell that looks elongated because a
         * neighbour came close does not. Detections without an intensity skip the check.
         */
        public Builder optDimming(double v) {
            if (!(v > 0) || !(v <= 1)) {
                throw new IllegalArgumentException("Dimming ratio must be in (0, 1], got " + v);
            }
            dimming = v;
            return this;
        }

        /** Logistic width in elongation units (default 0.08), &gt; 0; smaller is steeper. */
        public Builder optWidth(double v) {
            width = positive(v, "Logistic width");
            return this;
        }

        /** Frames an object must be followed (since it appeared or merged) before it can be labelled (default 6),
         * &ge; 3. */
        public Builder optMinHistoryFrames(int v) {
            if (v < 3) {
                throw new IllegalArgumentException("History frames must be >= 3 (a median of three), got " + v);
            }
            minHistory = v;
            return this;
        }

        /**
         * Frames an object stays labelled from the first frame it shows the precursor (default 15), &ge; 1: long
         * enough for an adaptive rate to switch to fast and a trigger to see its consecutive frames; every held
         * frame keeps an adaptive rate fast (on rare-divisions 30 frames cost 1.35x the light of 15, same recall).
         */
        public Builder optHoldFrames(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("Hold frames must be >= 1, got " + v);
            }
            holdFrames = v;
            return this;
        }

        /** Association gate as a fraction of the object's size (default 0.4), &gt; 0. */
        public Builder optGateFraction(double v) {
            gateFraction = positive(v, "Gate fraction");
            return this;
        }

        /** Largest distance of a new object from an established one, as a fraction of its size, to count as their
         * split (default 1.2), &gt; 0. */
        public Builder optSplitFraction(double v) {
            splitFraction = positive(v, "Split fraction");
            return this;
        }

        /**
         * Whether splits of established objects are labelled (default false: touching cells that drift apart look
         * the same); the shape trend always is.
         */
        public Builder optSplits(boolean v) {
            splits = v;
            return this;
        }

        /**
         * Whether a cell that was round and has dimmed, seen as two dimmer objects on either side of where it was,
         * is labelled (default true; needs {@link #optDimming}): its constriction resolved into two lobes before
         * the shape trend showed (large cells in pixels, or seconds between frames).
         */
        public Builder optDimmedSplits(boolean v) {
            dimmedSplits = v;
            return this;
        }

        /** Largest distance of a vanished object from a matched one, as a fraction of its size, to count as their
         * merge (default 1.2), &gt; 0. */
        public Builder optMergeFraction(double v) {
            mergeFraction = positive(v, "Merge fraction");
            return this;
        }

        /**
         * An object is labelled only while no other established object lies within this fraction of its size
         * (default 0: off), &ge; 0: a close neighbour biases the measured elongation. Costs recall in crowded
         * fields; {@link #optApproachFraction} is the milder check.
         */
        public Builder optIsolationFraction(double v) {
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("Isolation fraction must be a finite number >= 0, got " + v);
            }
            isolationFraction = v;
            return this;
        }

        /**
         * An object is not labelled while its nearest established neighbour (within 2.5 × its size) is closer than
         * when the object was roundest by more than this fraction of its size (default 0: off), &ge; 0: cells drifting
         * towards each other look like a stretching cell. Off by default: the halves of a constricting cell, once
         * seen apart, count as approaching neighbours (on rare-divisions 0.3 cut recall from 0.92 to 0.75).
         */
        public Builder optApproachFraction(double v) {
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("Approach fraction must be a finite number >= 0, got " + v);
            }
            approachFraction = v;
            return this;
        }

        /**
         * Frames an object may stay not round before its roundest shape is forgotten (default 150), &ge; 1: a
         * precursor follows a round phase; an object that was round once long ago and has changed shape since is
         * not a cell starting to divide. Make it at least the precursor's elongation phase at the fast frame rate
         * (150 frames: 30 s at 5 frames / s), or a cell that is slightly out of round early in its precursor is
         * forgotten before its elongation shows (a cell at the field's edge on rare-divisions at 60 frames).
         */
        public Builder optRoundMemoryFrames(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("Round memory frames must be >= 1, got " + v);
            }
            roundMemory = v;
            return this;
        }

        /**
         * Whether the frame's score counts an object that has elongated but not (yet) dimmed, on the first such
         * frame of each round-elongate cycle (default true; no effect without {@link #optDimming}): the label,
         * which a trigger acts on, still needs the dimming, while an adaptive rate reading the score speeds up to
         * look closer for its dwell. At a slow rate the median of three intensities spans seconds and confirms the
         * dimming late, or after the precursor; at the fast rate it is fresh. (On rare-divisions with an adaptive
         * rate: 11 of 12 divisions captured instead of 10, for 7% more light.)
         */
        public Builder optScoreShapeBeforeDimming(boolean v) {
            scoreShapeBeforeDimming = v;
            return this;
        }

        /**
         * Frames an object may go unseen before it is forgotten (default 5), &ge; 0; with frame times it is also
         * kept while unseen for less than {@link #optMaxMissedTime} (whichever is longer).
         */
        public Builder optMaxMissedFrames(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("Missed frames must be >= 0, got " + v);
            }
            maxMissedFrames = v;
            return this;
        }

        /**
         * Frame time an object may go unseen and still be followed (default 5 s; needs frame times, see
         * {@link DivisionTrendEventScorer#beginFrame}; the frame count of {@link #optMaxMissedFrames} applies too,
         * whichever is longer). A precursor dims as it spreads (to half its round intensity on rare-divisions) and
         * the detector may miss it for a second or more just before its shape shows: forgotten after five frames
         * (one second at 5 frames / s), it came back as a new object without its round history and was never
         * labelled. Zero: frames only.
         */
        public Builder optMaxMissedTime(java.time.Duration v) {
            if (v == null || v.isNegative()) {
                throw new IllegalArgumentException("Missed time must be a duration >= 0, got " + v);
            }
            maxMissedMs = v.toNanos() / 1e6;
            return this;
        }

        /**
         * After a label, no object within {@code fraction} × its size of where it was labelled is labelled again
         * for {@code period} (default 40 s within 2 × size; needs frame times, see
         * {@link DivisionTrendEventScorer#beginFrame}). A cell
         * divides once per cell cycle (hours): a second label there within minutes is two touching cells whose
         * gap opens and closes (labelled at every cycle otherwise: five acquisitions of one pair on
         * rare-divisions), or a daughter. {@code Duration.ZERO} turns it off.
         */
        public Builder optRefractory(java.time.Duration period, double fraction) {
            if (period.isNegative()) {
                throw new IllegalArgumentException("Refractory period must be >= 0, got " + period);
            }
            refractoryMs = period.toNanos() / 1e6;
            refractoryFraction = positive(fraction, "Refractory distance fraction");
            return this;
        }

        /**
         * Objects cut by the image's edge (default off): a detection whose centre lies within {@code fraction} × its
         * size of the edge of a {@code width} × {@code height} image (the frame's pixels, as the detections'
         * {@code xPx}/{@code yPx}) is not labelled, not counted in the frame's score and not part of a dimmed
         * split. Most of such an object is outside the image (the visible part of a Gaussian cell centred on the
         * edge has its centroid 0.8 σ, 0.28 × size, inside), so its measured shape and light are those of the part
         * left inside: longer along the edge and dimmer as it leaves the field, like a precursor. On
         * rare-divisions 41 of 93 false labels were such cells (centre &lt; 3 px from the edge at size
         * 9.6 px); 0.3 cut them. {@code reflex run} and the closed-loop tests use 0.3 (docs/closed-loop.md, fifth
         * and sixth passes). {@code width}, {@code height} ≥ 1; {@code fraction} ≥ 0, where 0 switches the check
         * off.
         */
        public Builder optImageEdge(int width, int height, double fraction) {
            if (fraction == 0) {
                imageWidth = 0;
                imageHeight = 0;
                edgeFraction = 0;
                return this;
            }
            if (width < 1 || height < 1) {
                throw new IllegalArgumentException("Image size must be at least 1 x 1 pixels, got " + width + " x "
                        + height);
            }
            imageWidth = width;
            imageHeight = height;
            edgeFraction = positive(fraction, "Edge fraction");
            return this;
        }

        /**
         * One cell's light: an object is labelled only while its light (the median of its last three
         * {@link Detection#flux() fluxes}) is between {@code min} and {@code max} × the typical round object's (the
         * upper quartile of the previous frame's round detections' fluxes, once at least five had one; the fluxes
         * of objects the image's edge cuts are unknown and not checked). A daughter of an earlier division holds half
         * a cell's light; two cells seen as one hold two cells' light. Assumes cells that carry similar amounts of
         * the marker (as the simulator's, 0.8–1.2 × each other); a nuclear DNA marker doubles before mitosis, so
         * there the maximum must allow two. {@code reflex run} and the closed-loop tests use 0.5 and 1.5. Default
         * off (0 and infinity); {@code 0 <= min < max}.
         */
        public Builder optLight(double min, double max) {
            if (!(min >= 0) || !(max > min)) {
                throw new IllegalArgumentException("Light range must satisfy 0 <= min < max, got " + min + " and "
                        + max);
            }
            minLight = min;
            maxLight = max;
            return this;
        }

        /**
         * Splits told by their light: a round object (a roundest shape at most the round limit) that has not dimmed
         * enough for a dimmed split (see {@link DivisionTrendEventScorer}) but is then seen as two objects that each
         * hold 0.3–0.7 and together 0.75–1.25 of its round flux, each dimmer than the dimming ratio, on either side of
         * where it was, is dividing. At one frame every 2 s a precursor's lobes separate between two frames, before
         * its mean intensity has fallen far; the light it had is what they share. Default off; reads
         * {@link Detection#flux()}.
         */
        public Builder optLightSplits(boolean v) {
            lightSplits = v;
            return this;
        }

        private static double positive(double v, String what) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException(what + " must be a finite number > 0, got " + v);
            }
            return v;
        }

        public DivisionTrendEventScorer build() {
            return new DivisionTrendEventScorer(this);
        }
    }
}
