package org.reflexscope.policy.track;

import java.util.Locale;
import java.util.Optional;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.policy.engine.AcquisitionPolicy;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.Proposal;
import org.reflexscope.policy.signal.SignalChecks;

/**
 * Keeps one target centred by moving the XY stage.
 *
 * <p><b>Target.</b> Chosen by {@link TargetSelector} (nearest to the field centre by default; or id, size,
 * brightness or score; optionally only detections of one label) when there is none, then followed frame to frame by
 * gated nearest-neighbour association in stage coordinates (so the policy's own moves do not confuse it) with
 * constant-velocity prediction: the detection nearest to the predicted position (last position plus the smoothed
 * displacement per analysed frame) within {@code gateUm} is the target; with the {@code ID} selector, the detection
 * with the same id wins (with the other selectors ids are not trusted: an analyzer may number its detections per
 * frame, as {@code AnalysisChain} does). After {@code lostAfterFrames} frames without a match the target is dropped
 * and a new one chosen.
 *
 * <p><b>Signal.</b> Only detections that stand out of the noise by {@code minContrast} ({@link SignalChecks}) are
 * candidates: when the objects are too faint to be told from noise, tracking holds still (no move) rather than
 * chase noise, and the {@link org.reflexscope.policy.signal.SignalMonitor} alarms.
 *
 * <p><b>Move.</b> The target's stage position (pixel offset from the image centre through the pixel-to-stage map,
 * see {@link StageGeometry}) becomes the new stage position when it is farther than {@code deadbandUm} from the
 * current one, limited to {@code maxStepUm} per move. Proposals allow clamping by the envelope.
 *
 * <p>Not thread-safe (the engine calls it from one thread).
 */
public final class TrackPolicy implements AcquisitionPolicy {
    /** Default priority: below refocus and high-resolution triggers. */
    public static final int DEFAULT_PRIORITY = 40;
    /** Default largest movement between analysed frames that still counts as the same target, µm. */
    public static final double DEFAULT_GATE_UM = 10;
    /** Default distance from the centre within which the target is not followed, µm. */
    public static final double DEFAULT_DEADBAND_UM = 2;
    /** Default longest move per decision, µm. */
    public static final double DEFAULT_MAX_STEP_UM = 20;
    /** Default analysed frames without a match before the target is dropped. */
    public static final int DEFAULT_LOST_AFTER_FRAMES = 5;
    /** Weight of the previous velocity in the smoothed per-frame displacement. */
    private static final double VELOCITY_SMOOTHING = 0.7;

    private final String name;
    private final int priority;
    private final TargetSelector selector;
    private final long targetId;
    private final String label;
    private final double gateUm;
    private final double deadbandUm;
    private final double maxStepUm;
    private final int lostAfterFrames;
    private final double minContrast;

    private double[] last;
    private double velX;
    private double velY;
    private long lastId = -1;
    private int missed;

    private TrackPolicy(Builder b) {
        this.name = b.name;
        this.priority = b.priority;
        this.selector = b.selector;
        this.targetId = b.targetId;
        this.label = b.label;
        this.gateUm = b.gateUm;
        this.deadbandUm = b.deadbandUm;
        this.maxStepUm = b.maxStepUm;
        this.lostAfterFrames = b.lostAfterFrames;
        this.minContrast = b.minContrast;
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

    /** The least contrast ({@link SignalChecks#contrast}) a detection needs to be followed. */
    public double minContrast() {
        return minContrast;
    }

    /** The tracked target's last stage position {@code {x, y}} (µm), or empty if none. */
    public Optional<double[]> targetPosition() {
        return last == null ? Optional.empty() : Optional.of(last.clone());
    }

    @Override
    public Optional<Proposal> propose(AnalysisResult r, MicroscopeState s, long nowNanos) {
        Detection best = null;
        double[] bestPos = null;
        double bestCost = Double.POSITIVE_INFINITY;
        double predX = last == null ? Double.NaN : last[0] + velX * (missed + 1);
        double predY = last == null ? Double.NaN : last[1] + velY * (missed + 1);
        for (Detection d : r.detections()) {
            if (!label.isEmpty() && !label.equals(d.label())) {
                continue;
            }
            if (SignalChecks.contrast(d, r) < minContrast) {
                // too faint to be the same object next frame: following it would chase noise
                continue;
            }
            double[] p = StageGeometry.stagePosition(d, r, s);
            if (p == null) {
                continue;
            }
            double cost;
            if (last == null) {
                if (selector == TargetSelector.ID && d.id() != targetId) {
                    continue;
                }
                cost = selector.cost(d, p, s.xUm(), s.yUm());
            } else {
                double dist = Math.hypot(p[0] - predX, p[1] - predY);
                // Ids are identities across frames only when a tracker upstream assigned them, which the ID
                // selector declares; otherwise they are per-frame ranks, and only position counts.
                boolean sameId = selector == TargetSelector.ID && lastId >= 0 && d.id() == lastId;
                if (!sameId && dist > gateUm) {
                    continue;
                }
                cost = sameId ? -1 : dist;
            }
            if (best == null || cost < bestCost) {
                best = d;
                bestPos = p;
                bestCost = cost;
            }
        }
        if (best == null) {
            if (last != null && ++missed >= lostAfterFrames) {
                reset();
            }
            return Optional.empty();
        }
        if (last != null) {
            int frames = missed + 1;
            velX = VELOCITY_SMOOTHING * velX + (1 - VELOCITY_SMOOTHING) * (bestPos[0] - last[0]) / frames;
            velY = VELOCITY_SMOOTHING * velY + (1 - VELOCITY_SMOOTHING) * (bestPos[1] - last[1]) / frames;
        }
        missed = 0;
        last = bestPos;
        lastId = best.id();
        double dx = bestPos[0] - s.xUm();
        double dy = bestPos[1] - s.yUm();
        double dist = Math.hypot(dx, dy);
        if (dist <= deadbandUm) {
            return Optional.empty();
        }
        double k = Math.min(1.0, maxStepUm / dist);
        MoveXY move = MoveXY.to(s.xUm() + dx * k, s.yUm() + dy * k);
        return Optional.of(Proposal.builder(name, priority, HardwarePlan.of(name, move)).optClampAllowed(true)
                .optTarget(best).optReason("target " + (best.id() >= 0 ? "#" + best.id() : best.label()) + " is " + (float) dist
                        + " µm off centre (deadband " + (float) deadbandUm + " µm)")
                .build());
    }

    @Override
    public void reset() {
        last = null;
        velX = 0;
        velY = 0;
        lastId = -1;
        missed = 0;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "TrackPolicy{%s, selector=%s%s, label='%s', gate=%.1f µm, deadband=%.1f "
                + "µm, maxStep=%.1f µm, lostAfter=%d frames, minContrast=%.1f}", name, selector,
                selector == TargetSelector.ID ? " " + targetId : "", label, gateUm, deadbandUm, maxStepUm,
                lostAfterFrames, minContrast);
    }

    /** Builder of {@link TrackPolicy}; every setting has a default. */
    public static final class Builder {
        private String name = "track";
        private int priority = DEFAULT_PRIORITY;
        private TargetSelector selector = TargetSelector.NEAREST_CENTRE;
        private long targetId = -1;
        private String label = "";
        private double gateUm = DEFAULT_GATE_UM;
        private double deadbandUm = DEFAULT_DEADBAND_UM;
        private double maxStepUm = DEFAULT_MAX_STEP_UM;
        private int lostAfterFrames = DEFAULT_LOST_AFTER_FRAMES;
        private double minContrast = SignalChecks.DEFAULT_MIN_TRACK_CONTRAST;

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

        /** How to pick a target (default {@link TargetSelector#NEAREST_CENTRE}). */
        public Builder optSelector(TargetSelector v) {
            selector = v;
            return this;
        }

        /** Follow the detection with this id (selector {@link TargetSelector#ID}). */
        public Builder optTargetId(long id) {
            selector = TargetSelector.ID;
            targetId = id;
            return this;
        }

        /** Only consider detections with this label ({@code ""} = any, the default). */
        public Builder optLabel(String v) {
            label = v;
            return this;
        }

        /** Largest distance (µm) a target may move between two analysed frames and still match (default 10). */
        public Builder optGateUm(double v) {
            gateUm = positive(v, "Gate");
            return this;
        }

        /** No move while the target is within this distance (µm) of the centre (default 2). */
        public Builder optDeadbandUm(double v) {
            if (!(v >= 0)) {
                throw new IllegalArgumentException("Deadband must be >= 0 µm, got " + v);
            }
            deadbandUm = v;
            return this;
        }

        /** Longest move (µm) per decision (default 20). */
        public Builder optMaxStepUm(double v) {
            maxStepUm = positive(v, "Maximum step");
            return this;
        }

        /** Frames without a match before the target is dropped (default 5). */
        public Builder optLostAfterFrames(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("lostAfterFrames must be >= 1, got " + v);
            }
            lostAfterFrames = v;
            return this;
        }

        /**
         * Least contrast ({@link SignalChecks#contrast}: score over the frame's detection threshold) of a detection
         * that may be followed (default {@value SignalChecks#DEFAULT_MIN_TRACK_CONTRAST}; 0 follows any detection).
         */
        public Builder optMinContrast(double v) {
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("Minimum contrast must be a finite number >= 0, got " + v);
            }
            minContrast = v;
            return this;
        }

        private static double positive(double v, String what) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException(what + " must be a finite number > 0 µm, got " + v);
            }
            return v;
        }

        public TrackPolicy build() {
            return new TrackPolicy(this);
        }
    }
}
