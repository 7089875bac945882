package org.reflexscope.policy.refocus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.policy.engine.AcquisitionPolicy;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.plan.Proposal;
import org.reflexscope.policy.signal.SignalChecks;

/**
 * Keeps the sample in focus from the analyzer's focus score (larger is sharper), in two modes.
 *
 * <p><b>Hold</b> (continuous small corrections): a hill climb with sign memory. Every {@code everyFrames}
 * analysed frames it steps Z by {@code stepUm} in its current direction; when the score at the new Z is lower than
 * before the step, the direction flips. Near the peak it dithers by one step, which keeps it there as the focal
 * plane drifts; choose {@code stepUm} below the objective's depth of field.
 *
 * <p><b>Search</b> (full image-based autofocus): when the score falls below {@code dropFraction} of the best score
 * seen (which decays by {@code bestDecayPerFrame} per frame so bleaching is not mistaken for defocus), it scans Z
 * from {@code -searchRangeUm} to {@code +searchRangeUm} around the current Z in {@code coarseStepUm} steps, one
 * analysed frame per plane, then scans ±one coarse step around the best plane in {@code fineStepUm} steps, moves to
 * the best plane found and resumes holding.
 *
 * <p><b>Saturated frames</b> (more than {@code maxSaturatedFraction} of the pixels at the camera's largest value,
 * {@link AnalysisResult#SATURATION_SCORE}) are skipped: clipping flattens the brightest objects, so their focus
 * score peaks away from the focal plane. Refocus stands still while the camera saturates.
 *
 * <p><b>Flat frames</b> (structure below {@code minStructure}, {@link SignalChecks#flat}: noise alone, nothing to
 * focus on) are skipped too: their focus score is noise, and following it would walk Z at random. Refocus stands
 * still until there is signal again; the {@link org.reflexscope.policy.signal.SignalMonitor} alarms.
 *
 * <p>Every move is a proposal the envelope may clamp; the Z used for each sample is the frame's stage Z at exposure
 * when known (else the state's), so a clamped or refused move never corrupts the search. Not thread-safe.
 */
public final class RefocusPolicy implements AcquisitionPolicy {
    /** Default priority: above tracking, below high-resolution triggers. */
    public static final int DEFAULT_PRIORITY = 50;
    /** Default hill-climb step, µm. */
    public static final double DEFAULT_STEP_UM = 0.5;
    /** Default: a hold correction every this many analysed frames. */
    public static final int DEFAULT_EVERY_FRAMES = 1;
    /** Default fraction of the best focus score below which a full search starts. */
    public static final double DEFAULT_DROP_FRACTION = 0.3;
    /** Default half-range of a full search, µm. */
    public static final double DEFAULT_SEARCH_RANGE_UM = 5;
    /** Default coarse step of a full search, µm. */
    public static final double DEFAULT_COARSE_STEP_UM = 1;
    /** Default fine step of a full search, µm. */
    public static final double DEFAULT_FINE_STEP_UM = 0.5;
    /** Default analysed frames before a drop in focus score may start a search. */
    public static final int DEFAULT_WARMUP_FRAMES = 3;

    /**
     * Default largest fraction of saturated pixels in a frame whose focus score is used. Clipping flattens the
     * brightest objects, and their focus score then peaks away from the focal plane.
     */
    public static final double DEFAULT_MAX_SATURATED_FRACTION = 5e-4;

    private enum Mode {
        HOLD, COARSE, FINE
    }

    private final String name;
    private final int priority;
    private final double stepUm;
    private final int everyFrames;
    private final double dropFraction;
    private final double bestDecay;
    private final double searchRangeUm;
    private final double coarseStepUm;
    private final double fineStepUm;
    private final int warmupFrames;
    private final double maxSaturatedFraction;
    private final double minStructure;

    private Mode mode = Mode.HOLD;
    private double best = Double.NaN;
    private int seen;
    private int sinceMove;
    private double direction = 1;
    private double lastZ = Double.NaN;
    private double lastScore = Double.NaN;
    private final List<Double> candidates = new ArrayList<>();
    private int next;
    private int attempts;
    private double bestZ = Double.NaN;
    private double bestScore = Double.NaN;
    private int searches;

    private RefocusPolicy(Builder b) {
        this.name = b.name;
        this.priority = b.priority;
        this.stepUm = b.stepUm;
        this.everyFrames = b.everyFrames;
        this.dropFraction = b.dropFraction;
        this.bestDecay = b.bestDecay;
        this.searchRangeUm = b.searchRangeUm;
        this.coarseStepUm = b.coarseStepUm;
        this.fineStepUm = b.fineStepUm;
        this.warmupFrames = b.warmupFrames;
        this.maxSaturatedFraction = b.maxSaturatedFraction;
        this.minStructure = b.minStructure;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return priority;
    }

    /** Whether a full autofocus search is under way. */
    public boolean searching() {
        return mode != Mode.HOLD;
    }

    /** Number of full autofocus searches started so far. */
    public int searches() {
        return searches;
    }

    @Override
    public Optional<Proposal> propose(AnalysisResult r, MicroscopeState s, long nowNanos) {
        double score = r.focusScore();
        if (!Double.isFinite(score) || saturated(r) || SignalChecks.flat(r, minStructure)) {
            return Optional.empty();
        }
        double z = Double.isFinite(r.frame().stageZUm()) ? r.frame().stageZUm() : s.zUm();
        seen++;
        if (mode == Mode.HOLD) {
            best = Double.isNaN(best) ? score : Math.max(score, best * bestDecay);
            if (seen > warmupFrames && score < dropFraction * best) {
                startSearch(z, score);
                return searchStep(z, score);
            }
            return hold(z, score);
        }
        return searchStep(z, score);
    }

    /** Whether the frame clips too much light for its focus score to be trusted. */
    private boolean saturated(AnalysisResult r) {
        return r.score(AnalysisResult.SATURATION_SCORE).orElse(0) > maxSaturatedFraction;
    }

    private Optional<Proposal> hold(double z, double score) {
        boolean moved = Double.isFinite(lastZ) && Math.abs(z - lastZ) > stepUm * 0.25;
        if (moved && score < lastScore) {
            direction = -Math.signum(z - lastZ);
        } else if (moved) {
            direction = Math.signum(z - lastZ);
        }
        if (++sinceMove < everyFrames && Double.isFinite(lastZ)) {
            return Optional.empty();
        }
        sinceMove = 0;
        lastZ = z;
        lastScore = score;
        double target = z + direction * stepUm;
        return Optional.of(proposal(target, "hold: focus " + (float) score + " (best " + (float) best + "), step "
                + (float) (direction * stepUm) + " µm"));
    }

    private void startSearch(double z, double score) {
        searches++;
        mode = Mode.COARSE;
        candidates.clear();
        int n = (int) Math.round(searchRangeUm / coarseStepUm);
        for (int i = -n; i <= n; i++) {
            candidates.add(z + i * coarseStepUm);
        }
        candidates.sort((a, b) -> Double.compare(Math.abs(a - (z - searchRangeUm)), Math.abs(b - (z
                - searchRangeUm))));
        next = 0;
        attempts = 0;
        bestZ = z;
        bestScore = score;
    }

    private Optional<Proposal> searchStep(double z, double score) {
        if (score > bestScore) {
            bestScore = score;
            bestZ = z;
        }
        if (next < candidates.size()) {
            double c = candidates.get(next);
            double tol = (mode == Mode.COARSE ? coarseStepUm : fineStepUm) * 0.25;
            if (Math.abs(z - c) <= tol || ++attempts > 3) {
                next++;
                attempts = 0;
            }
        }
        if (next >= candidates.size()) {
            if (mode == Mode.COARSE) {
                mode = Mode.FINE;
                candidates.clear();
                int n = (int) Math.round(coarseStepUm / fineStepUm);
                for (int i = -n; i <= n; i++) {
                    candidates.add(bestZ + i * fineStepUm);
                }
                next = 0;
                attempts = 0;
            } else {
                mode = Mode.HOLD;
                best = bestScore;
                lastZ = Double.NaN;
                lastScore = Double.NaN;
                sinceMove = 0;
                return Optional.of(proposal(bestZ, String.format(Locale.ROOT, "search done: best focus %.4g at "
                        + "Z %.3f µm", bestScore, bestZ)));
            }
        }
        double c = candidates.get(next);
        return Optional.of(proposal(c, (mode == Mode.COARSE ? "coarse" : "fine") + " search: plane " + (next + 1) + "/"
                + candidates.size() + " at Z " + (float) c + " µm (best " + (float) bestScore + " at " + (float) bestZ
                + " µm)"));
    }

    private Proposal proposal(double targetZ, String reason) {
        return Proposal.builder(name, priority, HardwarePlan.of(name, MoveZ.to(targetZ))).optClampAllowed(true)
                .optReason(reason).build();
    }

    @Override
    public void reset() {
        mode = Mode.HOLD;
        best = Double.NaN;
        seen = 0;
        sinceMove = 0;
        lastZ = Double.NaN;
        lastScore = Double.NaN;
        candidates.clear();
    }

    /** The least structure a frame needs for its focus score to be used. */
    public double minStructure() {
        return minStructure;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "RefocusPolicy{%s, step=%.2f µm every %d frames, drop<%.2f of best, "
                + "search ±%.1f µm coarse %.2f fine %.2f µm}", name, stepUm, everyFrames, dropFraction,
                searchRangeUm, coarseStepUm, fineStepUm);
    }

    /** Builder of {@link RefocusPolicy}; every setting has a default. */
    public static final class Builder {
        private String name = "refocus";
        private int priority = DEFAULT_PRIORITY;
        private double stepUm = DEFAULT_STEP_UM;
        private int everyFrames = DEFAULT_EVERY_FRAMES;
        private double dropFraction = DEFAULT_DROP_FRACTION;
        private double bestDecay = 0.999;
        private double searchRangeUm = DEFAULT_SEARCH_RANGE_UM;
        private double coarseStepUm = DEFAULT_COARSE_STEP_UM;
        private double fineStepUm = DEFAULT_FINE_STEP_UM;
        private int warmupFrames = DEFAULT_WARMUP_FRAMES;
        private double maxSaturatedFraction = DEFAULT_MAX_SATURATED_FRACTION;
        private double minStructure = SignalChecks.DEFAULT_MIN_STRUCTURE;

        private Builder() {
        }

        public Builder optName(String v) {
            name = v;
            return this;
        }

        public Builder optPriority(int v) {
            priority = v;
            return this;
        }

        /** Hill-climb step (µm, default 0.5): keep it below the depth of field. */
        public Builder optStepUm(double v) {
            stepUm = positive(v, "Step");
            return this;
        }

        /** Make a hold correction every this many analysed frames (default 1). */
        public Builder optEveryFrames(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("everyFrames must be >= 1, got " + v);
            }
            everyFrames = v;
            return this;
        }

        /** Start a full search when the score falls below this fraction of the best seen (0..1, default {@value #DEFAULT_DROP_FRACTION}). */
        public Builder optDropFraction(double v) {
            if (!(v > 0 && v < 1)) {
                throw new IllegalArgumentException("Drop fraction must be in (0, 1), got " + v);
            }
            dropFraction = v;
            return this;
        }

        /** Factor by which the best score decays per frame (0..1], default 0.999). */
        public Builder optBestDecayPerFrame(double v) {
            if (!(v > 0 && v <= 1)) {
                throw new IllegalArgumentException("Best-score decay must be in (0, 1], got " + v);
            }
            bestDecay = v;
            return this;
        }

        /** Half-range of the full search around the current Z (µm, default {@value #DEFAULT_SEARCH_RANGE_UM}). */
        public Builder optSearchRangeUm(double v) {
            searchRangeUm = positive(v, "Search range");
            return this;
        }

        /** Coarse and fine search steps (µm, defaults 2 and 0.5; fine must be smaller). */
        public Builder optSearchStepsUm(double coarse, double fine) {
            positive(coarse, "Coarse step");
            positive(fine, "Fine step");
            if (fine >= coarse) {
                throw new IllegalArgumentException("Fine step must be smaller than the coarse step, got coarse="
                        + coarse + " fine=" + fine + " µm");
            }
            coarseStepUm = coarse;
            fineStepUm = fine;
            return this;
        }

        /** Frames before a drop can start a search (lets the best score settle; default 3). */
        public Builder optWarmupFrames(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("Warm-up frames must be >= 0, got " + v);
            }
            warmupFrames = v;
            return this;
        }

        /**
         * Largest fraction of saturated pixels ({@link AnalysisResult#SATURATION_SCORE}) a frame may have for its
         * focus score to be used (default {@value #DEFAULT_MAX_SATURATED_FRACTION}; 1 = use every frame).
         */
        public Builder optMaxSaturatedFraction(double v) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("Max saturated fraction must be in [0, 1], got " + v);
            }
            maxSaturatedFraction = v;
            return this;
        }

        /**
         * Least structure ({@link SignalChecks#structure}: about 1 for noise alone) a frame needs for its focus
         * score to be used (default {@value SignalChecks#DEFAULT_MIN_STRUCTURE}; 0 = use every frame).
         */
        public Builder optMinStructure(double v) {
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("Minimum structure must be a finite number >= 0, got " + v);
            }
            minStructure = v;
            return this;
        }

        private static double positive(double v, String what) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException(what + " must be a finite number > 0 µm, got " + v);
            }
            return v;
        }

        public RefocusPolicy build() {
            return new RefocusPolicy(this);
        }
    }
}
