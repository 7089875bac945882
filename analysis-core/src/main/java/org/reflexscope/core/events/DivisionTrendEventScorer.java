package org.reflexscope.core.events;

import java.util.List;
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
 *
 * <p><b>Parts.</b> The settings are one immutable {@link DivisionCriteria}; {@link ObjectTracker} follows the objects
 * (a {@link TrackGrid} indexes them), each a {@link FollowedObject} that judges its own shape trend;
 * {@link SplitsAndMerges} holds the rules on two objects at once; {@link SceneMemory} keeps the frame's time, the
 * refractory sites and the light reference. This class runs them frame by frame; its length is the builder's
 * documentation of each setting.
 */
public final class DivisionTrendEventScorer implements EventScorer {
    /** Label of detections showing the precursor. */
    public static final String DIVIDING = "dividing";
    /** Event probability of a split (a new object appearing next to an established one). */
    public static final double SPLIT_PROBABILITY = 0.9;

    private final DivisionCriteria criteria;
    private final SceneMemory scene;
    private final ObjectTracker tracker;
    private final SplitsAndMerges pairs;
    private final double[] position = new double[2];
    private boolean frameOpen;
    private double frameMax;

    private DivisionTrendEventScorer(DivisionCriteria criteria) {
        this.criteria = criteria;
        this.scene = new SceneMemory(criteria);
        this.tracker = new ObjectTracker(criteria, scene);
        this.pairs = new SplitsAndMerges(criteria, scene, tracker);
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

    /** A scorer with the same settings and no state. */
    @Override
    public EventScorer fresh() {
        return new DivisionTrendEventScorer(criteria);
    }

    /**
     * Takes the frame's time and pixel size: with them, objects are followed in sample coordinates (a stage move
     * does not restart them: positions from the detections' stage coordinates, scaled to pixels) and the
     * refractory period applies. Without (or with NaN values), objects are followed in image pixels and there
     * is no refractory period.
     */
    @Override
    public void beginFrame(FrameMetadata frame) {
        scene.beginFrame(frame);
    }

    /** True with {@link Builder#optLight} or {@link Builder#optLightSplits}. */
    @Override
    public boolean usesFlux() {
        return criteria.lightChecked() || criteria.lightSplits;
    }

    @Override
    public String label(Detection detection, String otherLabel) {
        if (!frameOpen) {
            frameOpen = true;
            frameMax = 0;
            tracker.beginFrame();
        }
        scene.position(detection, position);
        double x = position[0];
        double y = position[1];
        boolean cut = scene.cutByEdge(detection);
        if (criteria.lightChecked() && !cut) {
            scene.addReferenceFlux(detection);
        }
        FollowedObject t = tracker.associate(detection, x, y);
        t.update(detection, x, y, scene.neighbourDistanceMatters(x, y) ? tracker.nearestNeighbour(t, x, y)
                : Double.POSITIVE_INFINITY, cut);
        tracker.addCurrent(t);
        frameMax = Math.max(frameMax, criteria.scoreShapeBeforeDimming ? Math.max(t.probability, t.suspicion)
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
        if (criteria.splits) {
            max = Math.max(max, pairs.markSplits());
        }
        if (criteria.dimmedSplits && criteria.dimming < 1) {
            max = Math.max(max, pairs.markDimmedSplits());
        }
        pairs.markMerges();
        tracker.endFrame(scene.frameTimeMs());
        scene.endFrame();
        frameOpen = false;
        return max;
    }

    /** Objects followed now (for tests and diagnostics). */
    public int trackCount() {
        return tracker.previous().size();
    }

    @Override
    public String toString() {
        return criteria.toString();
    }

    /** Builder of {@link DivisionTrendEventScorer}; every setting is optional. */
    public static final class Builder {
        double roundMax = 1.2;
        double looseRoundMax;
        double looseDimming = 1;
        double rise = 0.4;
        double dimming = 1;
        double width = 0.08;
        int minHistory = 6;
        int holdFrames = 15;
        double gateFraction = 0.4;
        double splitFraction = 1.2;
        double mergeFraction = 1.2;
        double isolationFraction;
        double approachFraction;
        int roundMemory = 150;
        boolean splits;
        boolean dimmedSplits = true;
        boolean scoreShapeBeforeDimming = true;
        int maxMissedFrames = 5;
        double maxMissedMs = 5000;
        double refractoryMs = 40_000;
        double refractoryFraction = 2;
        int imageWidth;
        int imageHeight;
        double edgeFraction;
        double minLight;
        double maxLight = Double.POSITIVE_INFINITY;
        boolean lightSplits;

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
         * a nearly round pair is not labelled at every cycle. Default off ({@code limit} at most the round limit).
         * {@code limit} ≥ 1, {@code dimming} in (0, 1].
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
         * frame keeps an adaptive rate fast, so a longer hold costs light.
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
         * seen apart, count as approaching neighbours, which costs recall (docs/closed-loop.md).
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
         * forgotten before its elongation shows.
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
         * dimming late, or after the precursor; at the fast rate it is fresh.
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
         * whichever is longer). A precursor dims as it spreads and the detector may miss it for a second or more
         * just before its shape shows; an object forgotten meanwhile comes back as a new one without its round
         * history and is not labelled. Zero: frames only.
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
         * gap opens and closes (labelled at every cycle otherwise), or a daughter. {@code Duration.ZERO} turns it
         * off.
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
         * left inside: longer along the edge and dimmer as it leaves the field, like a precursor.
         * {@code width}, {@code height} ≥ 1; {@code fraction} ≥ 0, where 0 switches the check off.
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
         * the marker; a nuclear DNA marker doubles before mitosis, so there the maximum must allow two. Default off
         * (0 and infinity); {@code 0 <= min < max}.
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
            return new DivisionTrendEventScorer(new DivisionCriteria(this));
        }
    }
}
