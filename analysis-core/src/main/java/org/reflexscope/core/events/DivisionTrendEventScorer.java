package org.reflexscope.core.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reflexscope.core.analysis.Detection;
import org.reflexscope.core.detect.EventScorer;

/**
 * Division precursor score from each object's <i>change</i> in shape over time, not from one frame's snapshot.
 *
 * <p>A cell about to divide is round, then elongates within about a second and constricts. Two touching cells, or
 * an elongated cell, also look elongated in one frame, but they were not round a moment ago. So this scorer follows
 * each object from frame to frame (greedy gated nearest-neighbour in pixel coordinates, gate = {@code gateFraction}
 * × the object's size) and keeps its last {@code baselineFrames} elongations. An object shows the precursor when
 * <ul>
 *   <li>it was round: the <i>baseline</i>, the median elongation of its kept frames older than the last
 *       {@code riseFrames}, is at most {@code roundMax}, and</li>
 *   <li>it has elongated since: the median of its last three elongations exceeds the baseline by {@code rise}.</li>
 * </ul>
 * Its event probability is the logistic of {@code (recent median − baseline − rise) / width} (0 without a round
 * baseline). From the first frame it shows the precursor (probability ≥ 0.5), the object is labelled
 * {@value #DIVIDING} for {@code holdFrames} frames (the split and the separating daughters follow the precursor),
 * with its probability held at that first value; then it is never labelled again (a cell divides once; daughters
 * are followed as new objects). An object needs {@code riseFrames} + {@value #MIN_HISTORY} frames of history before
 * it can be labelled, so objects entering the field, daughters and objects lost over a gap are not labelled at once.
 *
 * <p>Cells touching a neighbour are often detected merged with it, without a round baseline; their division shows
 * as a <i>split</i>: a new object appears within {@code splitFraction} × its size of an established object (one with
 * that much history, not labelled before) that is still matched in the same frame. Both are then labelled from the
 * next frame for {@code holdFrames}, with probability {@value #SPLIT_PROBABILITY}. The frame's score is the largest
 * probability of its objects.
 *
 * <p><b>Calls and state.</b> Stateful: call {@link #label} for each detection of a frame, then {@link #score} with
 * that frame's detections, once per frame, frames in time order, from one thread (the analyzer thread); a
 * {@link #score} without preceding {@link #label} calls labels the detections itself. Limitations: positions are in
 * pixels, so a stage move makes objects restart (a delay, not a false label); windows count frames, not seconds; an
 * object merged with a neighbour in every frame has no round baseline, so its division is missed.
 * {@link #fresh()} gives an independent scorer with the same settings (one per analysis chain).
 */
public final class DivisionTrendEventScorer implements EventScorer {
    /** Label of detections showing the precursor. */
    public static final String DIVIDING = "dividing";
    /** Frames of history (beyond the rise window) an object needs before it can be labelled. */
    public static final int MIN_HISTORY = 3;
    /** Event probability of a split (a new object appearing next to an established one). */
    public static final double SPLIT_PROBABILITY = 0.9;

    private final double roundMax;
    private final double rise;
    private final double width;
    private final int baselineFrames;
    private final int riseFrames;
    private final int holdFrames;
    private final double gateFraction;
    private final double splitFraction;
    private final int maxMissedFrames;

    private List<Track> tracks = new ArrayList<>();
    private final List<Track> current = new ArrayList<>();
    private boolean frameOpen;
    private double frameMax;

    private DivisionTrendEventScorer(Builder b) {
        this.roundMax = b.roundMax;
        this.rise = b.rise;
        this.width = b.width;
        this.baselineFrames = b.baselineFrames;
        this.riseFrames = b.riseFrames;
        this.holdFrames = b.holdFrames;
        this.gateFraction = b.gateFraction;
        this.splitFraction = b.splitFraction;
        this.maxMissedFrames = b.maxMissedFrames;
    }

    /** A builder with the defaults (see its methods). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Defaults: baseline from the last 30 frames but the 10 newest, round at elongation ≤ 1.2, a rise of 0.4,
     * logistic width 0.08, label held 30 frames, gate 0.4 × object size, objects kept 5 frames without a match.
     */
    public static DivisionTrendEventScorer defaults() {
        return builder().build();
    }

    @Override
    public EventScorer fresh() {
        Builder b = builder();
        b.roundMax = roundMax;
        b.rise = rise;
        b.width = width;
        b.baselineFrames = baselineFrames;
        b.riseFrames = riseFrames;
        b.holdFrames = holdFrames;
        b.gateFraction = gateFraction;
        b.splitFraction = splitFraction;
        b.maxMissedFrames = maxMissedFrames;
        return b.build();
    }

    @Override
    public String label(Detection detection, String otherLabel) {
        if (!frameOpen) {
            frameOpen = true;
            frameMax = 0;
            current.clear();
        }
        Track t = associate(detection);
        t.update(detection);
        current.add(t);
        frameMax = Math.max(frameMax, t.probability);
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
        max = Math.max(max, markSplits());
        List<Track> next = new ArrayList<>(current);
        for (Track t : tracks) {
            if (!t.claimed && ++t.missed <= maxMissedFrames) {
                next.add(t);
            }
        }
        for (Track t : next) {
            t.claimed = false;
        }
        tracks = next;
        current.clear();
        frameOpen = false;
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
                if (parent == child || parent.spent || parent.count < riseFrames + MIN_HISTORY
                        || Math.hypot(parent.x - child.x, parent.y - child.y) > splitFraction * child.size) {
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

    /** Objects followed now (for tests and diagnostics). */
    public int trackCount() {
        return tracks.size();
    }

    private Track associate(Detection d) {
        double gate = gateFraction * (d.sizePx() > 0 ? d.sizePx() : 1);
        Track best = null;
        double bestDist = Double.POSITIVE_INFINITY;
        for (Track t : tracks) {
            if (t.claimed) {
                continue;
            }
            double dist = Math.hypot(d.xPx() - t.x, d.yPx() - t.y);
            if (dist <= gate && dist < bestDist) {
                best = t;
                bestDist = dist;
            }
        }
        if (best == null) {
            best = new Track(baselineFrames);
        }
        best.claimed = true;
        best.missed = 0;
        return best;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "DivisionTrendEventScorer{round <= %.2f over %d frames, rise %.2f "
                + "within %d frames, width %.2f, hold %d frames, gate %.2f x size, split %.2f x size}", roundMax,
                baselineFrames, rise, riseFrames, width, holdFrames, gateFraction, splitFraction);
    }

    /** One followed object: position and a ring of recent elongations. */
    private final class Track {
        final double[] history;
        int count;
        double x;
        double y;
        double size;
        final double[] sorted;
        boolean claimed;
        boolean spent;
        int missed;
        int hold;
        double probability;
        double peak;

        Track(int capacity) {
            history = new double[capacity];
            sorted = new double[capacity];
        }

        void update(Detection d) {
            x = d.xPx();
            y = d.yPx();
            size = d.sizePx() > 0 ? d.sizePx() : 1;
            double e = Double.isFinite(d.elongation()) ? d.elongation() : 1;
            history[count % history.length] = e;
            count++;
            if (hold > 0) {
                hold--;
                probability = hold > 0 ? peak : 0;
                return;
            }
            double p = 0;
            int older = Math.min(count, history.length) - riseFrames;
            if (!spent && older >= MIN_HISTORY) {
                double baseline = baseline(older);
                if (baseline <= roundMax) {
                    p = 1 / (1 + Math.exp(-(recentMedian() - baseline - rise) / width));
                }
            }
            if (p >= 0.5) {
                startHold(p);
            }
            probability = p;
        }

        void startHold(double p) {
            hold = holdFrames;
            peak = p;
            spent = true;
        }

        boolean labelled() {
            return hold > 0;
        }

        /** Median of the {@code n} oldest kept elongations (those before the rise window). */
        private double baseline(int n) {
            int oldest = count - Math.min(count, history.length);
            for (int k = 0; k < n; k++) {
                sorted[k] = history[(oldest + k) % history.length];
            }
            java.util.Arrays.sort(sorted, 0, n);
            return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
        }

        private double recentMedian() {
            double a = history[(count - 1) % history.length];
            double b = history[(count - 2) % history.length];
            double c = history[(count - 3) % history.length];
            return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
        }
    }

    /** Builder of {@link DivisionTrendEventScorer}; every setting is optional. */
    public static final class Builder {
        private double roundMax = 1.2;
        private double rise = 0.4;
        private double width = 0.08;
        private int baselineFrames = 30;
        private int riseFrames = 10;
        private int holdFrames = 30;
        private double gateFraction = 0.4;
        private double splitFraction = 1.2;
        private int maxMissedFrames = 5;

        private Builder() {
        }

        /** Largest elongation that counts as round for the baseline (default 1.2), &ge; 1. */
        public Builder optRoundMax(double v) {
            if (!(v >= 1) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("Round elongation must be a finite number >= 1, got " + v);
            }
            roundMax = v;
            return this;
        }

        /** Elongation gained over the baseline at which the probability is 0.5 (default 0.4), &gt; 0. */
        public Builder optRise(double v) {
            rise = positive(v, "Elongation rise");
            return this;
        }

        /** Logistic width in elongation units (default 0.08), &gt; 0; smaller is steeper. */
        public Builder optWidth(double v) {
            width = positive(v, "Logistic width");
            return this;
        }

        /**
         * Frames kept per object (default 30) and the newest of them left out of the baseline (default 10):
         * {@code baselineFrames} &ge; {@code riseFrames} + {@value #MIN_HISTORY}, {@code riseFrames} &ge; 3.
         */
        public Builder optWindows(int baselineFramesValue, int riseFramesValue) {
            if (riseFramesValue < MIN_HISTORY || baselineFramesValue < riseFramesValue + MIN_HISTORY) {
                throw new IllegalArgumentException("Baseline frames must be >= rise frames + " + MIN_HISTORY
                        + " and rise frames >= " + MIN_HISTORY + ", got " + baselineFramesValue + ", "
                        + riseFramesValue);
            }
            baselineFrames = baselineFramesValue;
            riseFrames = riseFramesValue;
            return this;
        }

        /** Frames an object stays labelled from the first frame it shows the precursor (default 30), &ge; 1. */
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

        /** Frames an object may go unseen before it is forgotten (default 5), &ge; 0. */
        public Builder optMaxMissedFrames(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("Missed frames must be >= 0, got " + v);
            }
            maxMissedFrames = v;
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
