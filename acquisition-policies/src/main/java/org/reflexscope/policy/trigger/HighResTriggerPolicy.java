package org.reflexscope.policy.trigger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.policy.engine.AcquisitionPolicy;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.plan.Acquire;
import org.reflexscope.policy.plan.HardwareAction;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.plan.Proposal;
import org.reflexscope.policy.plan.ProposalOutcome;
import org.reflexscope.policy.plan.SetPreset;
import org.reflexscope.policy.track.StageGeometry;

/**
 * Captures events at high resolution: when a detection meets the {@link TriggerCriterion} in {@code frames}
 * consecutive analysed frames (the same object, associated within {@code gateUm} in stage coordinates), it
 * proposes one exclusive plan:
 *
 * <ol>
 *   <li>centre the stage on the target (optional),</li>
 *   <li>switch to the high-resolution objective and correct Z by the parfocality offsets
 *   ({@code z + offset(hi) - offset(low)}),</li>
 *   <li>acquire the burst or z-stack ({@link AcquisitionRequest}, with its own channel and exposure),</li>
 *   <li>switch back to the low-resolution objective, restore Z and XY: the live state saved at decision time.</li>
 * </ol>
 *
 * <p>After an executed (or dry-run) plan a cooldown starts, and at most {@code budget} plans run per run. An object
 * once captured (a detection within {@code gateUm} of a captured target's stage position) is not captured again for
 * {@code recaptureAfter} (default 10 s): an event stays labelled for a while after its capture, and a second plan
 * on it would spend the budget and the cooldown that the next event needs. A plan
 * that was rejected, preempted or held is proposed again on the next matching frame. The plan is exclusive: it
 * preempts tracking and refocusing while it runs. Not thread-safe.
 */
public final class HighResTriggerPolicy implements AcquisitionPolicy {
    /** Default priority: highest of the built-in policies. */
    public static final int DEFAULT_PRIORITY = 100;
    /** Default name, in decisions and logs: what {@code --policies} and {@code --set} call it. */
    public static final String DEFAULT_NAME = "hires";
    /** Default analysed frames in a row the criterion must hold. */
    public static final int DEFAULT_CONSECUTIVE_FRAMES = 3;
    /** Default least time between two acquisitions, s. */
    public static final double DEFAULT_COOLDOWN_S = 2;
    /** Default most acquisitions per run. */
    public static final int DEFAULT_BUDGET = 20;

    private final String name;
    private final int priority;
    private final TriggerCriterion criterion;
    private final int frames;
    private final double gateUm;
    private final String hiResObjective;
    private final Map<String, Double> parfocalOffsetsUm;
    private final AcquisitionRequest request;
    private final boolean centre;
    private final long cooldownNanos;
    private final long recaptureAfterNanos;
    private final int budget;
    private final List<Capture> captured = new ArrayList<>();
    private Capture proposedAt;

    private double[] candidate;
    private int streak;
    private int used;
    private long cooldownUntil = Long.MIN_VALUE;
    private boolean anyTrigger;
    private long lastNanos;

    private HighResTriggerPolicy(Builder b) {
        this.name = b.name;
        this.priority = b.priority;
        this.criterion = b.criterion;
        this.frames = b.frames;
        this.gateUm = b.gateUm;
        this.hiResObjective = b.hiResObjective;
        this.parfocalOffsetsUm = Map.copyOf(b.parfocal);
        this.request = b.request;
        this.centre = b.centre;
        this.cooldownNanos = b.cooldown.toNanos();
        this.recaptureAfterNanos = b.recaptureAfter.toNanos();
        this.budget = b.budget;
    }

    /** A builder for triggers switching to objective preset {@code hiResObjective} and acquiring {@code request}. */
    public static Builder builder(String hiResObjective, AcquisitionRequest request) {
        return new Builder(hiResObjective, request);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return priority;
    }

    /** High-resolution plans executed (or dry-run) so far. */
    public int used() {
        return used;
    }

    @Override
    public Optional<Proposal> propose(AnalysisResult r, MicroscopeState s, long nowNanos) {
        lastNanos = nowNanos;
        Detection match = null;
        double[] pos = null;
        double bestDist = Double.POSITIVE_INFINITY;
        forgetOldCaptures(nowNanos);
        for (Detection d : r.detections()) {
            if (!criterion.test(d)) {
                continue;
            }
            double[] p = StageGeometry.stagePosition(d, r, s);
            if (p == null || wasCaptured(p)) {
                continue;
            }
            double dist = candidate == null ? -d.score() : Math.hypot(p[0] - candidate[0], p[1] - candidate[1]);
            if (candidate != null && dist > gateUm) {
                continue;
            }
            if (match == null || dist < bestDist) {
                match = d;
                pos = p;
                bestDist = dist;
            }
        }
        if (match == null) {
            // A new object may match now even though the old candidate vanished: restart from it next frame.
            candidate = null;
            streak = 0;
            if (!r.detections().isEmpty()) {
                for (Detection d : r.detections()) {
                    double[] p = criterion.test(d) ? StageGeometry.stagePosition(d, r, s) : null;
                    if (p != null && !wasCaptured(p)) {
                        candidate = p;
                        streak = 1;
                        break;
                    }
                }
            }
            return Optional.empty();
        }
        candidate = pos;
        streak++;
        if (streak < frames || used >= budget || (anyTrigger && nowNanos < cooldownUntil)) {
            return Optional.empty();
        }
        proposedAt = new Capture(pos[0], pos[1], nowNanos);
        return Optional.of(Proposal.builder(name, priority, plan(pos, s)).optExclusive(true).optTarget(match)
                .optReason("'" + match.label() + "' met the criterion for " + streak + " frames; high-res "
                        + (used + 1) + "/" + budget).build());
    }

    private HardwarePlan plan(double[] target, MicroscopeState s) {
        String low = s.preset(MicroscopeControl.OBJECTIVE_GROUP);
        double offset = parfocalOffsetsUm.getOrDefault(hiResObjective, 0.0)
                - parfocalOffsetsUm.getOrDefault(low, 0.0);
        List<HardwareAction> steps = new ArrayList<>();
        boolean moveXY = centre && (target[0] != s.xUm() || target[1] != s.yUm());
        if (moveXY) {
            steps.add(MoveXY.to(target[0], target[1]));
        }
        steps.add(SetPreset.of(MicroscopeControl.OBJECTIVE_GROUP, hiResObjective));
        if (offset != 0) {
            steps.add(MoveZ.to(s.zUm() + offset));
        }
        steps.add(Acquire.of(request));
        if (!low.isEmpty()) {
            steps.add(SetPreset.of(MicroscopeControl.OBJECTIVE_GROUP, low));
        }
        if (offset != 0) {
            steps.add(MoveZ.to(s.zUm()));
        }
        if (moveXY) {
            steps.add(MoveXY.to(s.xUm(), s.yUm()));
        }
        return HardwarePlan.of(name, steps);
    }

    @Override
    public void onOutcome(Proposal proposal, ProposalOutcome outcome) {
        if (outcome == ProposalOutcome.EXECUTED || outcome == ProposalOutcome.DRY_RUN
                || outcome == ProposalOutcome.FAILED) {
            used++;
            anyTrigger = true;
            if (proposedAt != null) {
                captured.add(proposedAt);
            }
            cooldownUntil = lastNanos + cooldownNanos;
            streak = 0;
            candidate = null;
        }
    }

    private boolean wasCaptured(double[] p) {
        for (Capture c : captured) {
            if (Math.hypot(p[0] - c.xUm, p[1] - c.yUm) <= gateUm) {
                return true;
            }
        }
        return false;
    }

    private void forgetOldCaptures(long nowNanos) {
        captured.removeIf(c -> nowNanos - c.atNanos >= recaptureAfterNanos);
    }

    /** Where and when a target was captured. */
    private static final class Capture {
        final double xUm;
        final double yUm;
        final long atNanos;

        Capture(double xUm, double yUm, long atNanos) {
            this.xUm = xUm;
            this.yUm = yUm;
            this.atNanos = atNanos;
        }
    }

    @Override
    public void reset() {
        candidate = null;
        streak = 0;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "HighResTriggerPolicy{%s, %s for %d frames, objective %s, %s, centre=%s, "
                + "cooldown %.1f s, budget %d, parfocal %s}", name, criterion, frames, hiResObjective, request,
                centre, cooldownNanos / 1e9, budget, parfocalOffsetsUm);
    }

    /** Builder of {@link HighResTriggerPolicy}. */
    public static final class Builder {
        private final String hiResObjective;
        private final AcquisitionRequest request;
        private String name = DEFAULT_NAME;
        private int priority = DEFAULT_PRIORITY;
        private TriggerCriterion criterion = TriggerCriterion.any();
        private int frames = DEFAULT_CONSECUTIVE_FRAMES;
        private double gateUm = 10;
        private final Map<String, Double> parfocal = new HashMap<>();
        private boolean centre = true;
        private Duration cooldown = Duration.ofMillis(Math.round(DEFAULT_COOLDOWN_S * 1000));
        private Duration recaptureAfter = Duration.ofSeconds(10);
        private int budget = DEFAULT_BUDGET;

        private Builder(String hiResObjective, AcquisitionRequest request) {
            this.hiResObjective = Objects.requireNonNull(hiResObjective, "hiResObjective");
            if (hiResObjective.isEmpty()) {
                throw new IllegalArgumentException("The high-resolution objective preset must not be empty");
            }
            this.request = Objects.requireNonNull(request, "request");
        }

        public Builder optName(String v) {
            name = v;
            return this;
        }

        public Builder optPriority(int v) {
            priority = v;
            return this;
        }

        /** What counts as an event (default: any detection). */
        public Builder optCriterion(TriggerCriterion v) {
            criterion = Objects.requireNonNull(v, "criterion");
            return this;
        }

        /** Consecutive analysed frames the criterion must hold (default 3). */
        public Builder optConsecutiveFrames(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("Consecutive frames must be >= 1, got " + v);
            }
            frames = v;
            return this;
        }

        /** Largest movement (µm) between frames for the same object (default 10). */
        public Builder optGateUm(double v) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("Gate must be > 0 µm, got " + v);
            }
            gateUm = v;
            return this;
        }

        /** Z offset (µm) of an objective's focal plane relative to a common reference (parfocality). */
        public Builder optParfocalOffsetUm(String objective, double offsetUm) {
            if (!Double.isFinite(offsetUm)) {
                throw new IllegalArgumentException("Parfocal offset of '" + objective + "' must be finite, got "
                        + offsetUm);
            }
            parfocal.put(Objects.requireNonNull(objective, "objective"), offsetUm);
            return this;
        }

        /** Whether to centre the stage on the target before acquiring (default true). */
        public Builder optCentre(boolean v) {
            centre = v;
            return this;
        }

        /** Minimum time between two high-resolution plans (default {@value #DEFAULT_COOLDOWN_S} s). */
        public Builder optCooldown(Duration v) {
            if (v.isNegative()) {
                throw new IllegalArgumentException("Cooldown must be >= 0, got " + v);
            }
            cooldown = v;
            return this;
        }

        /** How long a captured object (within the gate of a captured target) is not captured again (default 10 s). */
        public Builder optRecaptureAfter(Duration v) {
            if (v.isNegative()) {
                throw new IllegalArgumentException("Recapture interval must be >= 0, got " + v);
            }
            recaptureAfter = v;
            return this;
        }

        /** Most high-resolution plans per run (default {@value #DEFAULT_BUDGET}). */
        public Builder optBudget(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("Budget must be >= 0, got " + v);
            }
            budget = v;
            return this;
        }

        public HighResTriggerPolicy build() {
            return new HighResTriggerPolicy(this);
        }
    }
}
