package org.reflexscope.policy.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.reflexscope.policy.plan.HardwarePlan;

/**
 * One decision of the policy engine, with its provenance (contract 7 in docs/architecture.md): the frame and analysis
 * summary it used, the microscope state, every policy's proposal with the envelope's verdict, the engine's gate (why
 * motion was held, if it was), what was executed and how long it took, and the timestamps from camera to actuation.
 * Written as one JSON line by {@link DecisionLogWriter}, read back by {@link DecisionLogReader}. Immutable; made with
 * {@link #builder(long)}.
 *
 * <p>Timestamps are {@link System#nanoTime()} values ({@code 0} = not reached); {@code NaN} means unknown.
 */
public final class DecisionRecord {
    private final long decision;
    private final long frameSequence;
    private final long imageNumber;
    private final double cameraTimeMs;
    private final long cameraNanos;
    private final long analysedNanos;
    private final long decidedNanos;
    private final long actuatedNanos;
    private final int detections;
    private final double focusScore;
    private final String focusMeasure;
    private final double eventScore;
    private final TargetSummary target;
    private final double stateXUm;
    private final double stateYUm;
    private final double stateZUm;
    private final String objective;
    private final String gate;
    private final List<ProposalRecord> proposals;
    private final HardwarePlan executed;
    private final ExecutionStatus execution;
    private final double executionMs;
    private final String error;

    private DecisionRecord(Builder b) {
        this.decision = b.decision;
        this.frameSequence = b.frameSequence;
        this.imageNumber = b.imageNumber;
        this.cameraTimeMs = b.cameraTimeMs;
        this.cameraNanos = b.cameraNanos;
        this.analysedNanos = b.analysedNanos;
        this.decidedNanos = b.decidedNanos;
        this.actuatedNanos = b.actuatedNanos;
        this.detections = b.detections;
        this.focusScore = b.focusScore;
        this.focusMeasure = b.focusMeasure;
        this.eventScore = b.eventScore;
        this.target = b.target;
        this.stateXUm = b.stateXUm;
        this.stateYUm = b.stateYUm;
        this.stateZUm = b.stateZUm;
        this.objective = b.objective;
        this.gate = b.gate;
        this.proposals = Collections.unmodifiableList(new ArrayList<>(b.proposals));
        this.executed = b.executed;
        this.execution = b.execution;
        this.executionMs = b.executionMs;
        this.error = b.error;
    }

    /** A builder for decision number {@code decision} (1, 2, ... within a run). */
    public static Builder builder(long decision) {
        return new Builder(decision);
    }

    /** A builder pre-filled with this record. */
    public Builder toBuilder() {
        Builder b = new Builder(decision);
        b.frameSequence = frameSequence;
        b.imageNumber = imageNumber;
        b.cameraTimeMs = cameraTimeMs;
        b.cameraNanos = cameraNanos;
        b.analysedNanos = analysedNanos;
        b.decidedNanos = decidedNanos;
        b.actuatedNanos = actuatedNanos;
        b.detections = detections;
        b.focusScore = focusScore;
        b.focusMeasure = focusMeasure;
        b.eventScore = eventScore;
        b.target = target;
        b.stateXUm = stateXUm;
        b.stateYUm = stateYUm;
        b.stateZUm = stateZUm;
        b.objective = objective;
        b.gate = gate;
        b.proposals.addAll(proposals);
        b.executed = executed;
        b.execution = execution;
        b.executionMs = executionMs;
        b.error = error;
        return b;
    }

    public long decision() {
        return decision;
    }

    public long frameSequence() {
        return frameSequence;
    }

    public long imageNumber() {
        return imageNumber;
    }

    public double cameraTimeMs() {
        return cameraTimeMs;
    }

    public long cameraNanos() {
        return cameraNanos;
    }

    public long analysedNanos() {
        return analysedNanos;
    }

    public long decidedNanos() {
        return decidedNanos;
    }

    /** When the executed plan completed; {@code 0} if nothing was executed. */
    public long actuatedNanos() {
        return actuatedNanos;
    }

    public int detections() {
        return detections;
    }

    public double focusScore() {
        return focusScore;
    }

    public String focusMeasure() {
        return focusMeasure;
    }

    public double eventScore() {
        return eventScore;
    }

    /** The detection a proposal was about (tracked or triggering target); {@code null} if none. */
    public TargetSummary target() {
        return target;
    }

    public double stateXUm() {
        return stateXUm;
    }

    public double stateYUm() {
        return stateYUm;
    }

    public double stateZUm() {
        return stateZUm;
    }

    public String objective() {
        return objective;
    }

    /** Why the engine held motion for this result ({@code ""} if it did not): paused, watchdog, settling, busy. */
    public String gate() {
        return gate;
    }

    public List<ProposalRecord> proposals() {
        return proposals;
    }

    /** The plan that was executed (after arbitration and clamping), or {@code null}. */
    public HardwarePlan executed() {
        return executed;
    }

    public ExecutionStatus execution() {
        return execution;
    }

    /** How long the executed plan took on the hardware, ms ({@code NaN} if nothing ran). */
    public double executionMs() {
        return executionMs;
    }

    /** The hardware error, if execution failed; {@code ""} otherwise. */
    public String error() {
        return error;
    }

    /** {@code analysed→decided} in ns, or {@code -1} if unknown. */
    public long analysedToDecidedNanos() {
        return analysedNanos > 0 && decidedNanos > 0 ? decidedNanos - analysedNanos : -1;
    }

    /** {@code decided→actuated} in ns, or {@code -1} if nothing was actuated. */
    public long decidedToActuatedNanos() {
        return actuatedNanos > 0 && decidedNanos > 0 ? actuatedNanos - decidedNanos : -1;
    }

    /** {@code camera→actuated} in ns, or {@code -1} if nothing was actuated or the camera time is unknown. */
    public long cameraToActuatedNanos() {
        return actuatedNanos > 0 && cameraNanos > 0 ? actuatedNanos - cameraNanos : -1;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DecisionRecord)) {
            return false;
        }
        DecisionRecord r = (DecisionRecord) o;
        return decision == r.decision && frameSequence == r.frameSequence && imageNumber == r.imageNumber
                && same(cameraTimeMs, r.cameraTimeMs) && cameraNanos == r.cameraNanos
                && analysedNanos == r.analysedNanos && decidedNanos == r.decidedNanos
                && actuatedNanos == r.actuatedNanos && detections == r.detections && same(focusScore, r.focusScore)
                && focusMeasure.equals(r.focusMeasure) && same(eventScore, r.eventScore)
                && Objects.equals(target, r.target) && same(stateXUm, r.stateXUm) && same(stateYUm, r.stateYUm)
                && same(stateZUm, r.stateZUm) && objective.equals(r.objective) && gate.equals(r.gate)
                && proposals.equals(r.proposals) && Objects.equals(executed, r.executed) && execution == r.execution
                && same(executionMs, r.executionMs) && error.equals(r.error);
    }

    private static boolean same(double a, double b) {
        return Double.compare(a, b) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(decision, frameSequence, imageNumber, cameraNanos, decidedNanos, actuatedNanos,
                proposals, executed, execution, gate);
    }

    @Override
    public String toString() {
        return "DecisionRecord{#" + decision + ", frame " + frameSequence + " (image " + imageNumber + "), gate='"
                + gate + "', proposals=" + proposals + ", executed=" + executed + " " + execution + '}';
    }

    /** The detection a decision was about, as logged. Immutable. */
    public static final class TargetSummary {
        private final long id;
        private final double xPx;
        private final double yPx;
        private final String label;
        private final double score;

        public TargetSummary(long id, double xPx, double yPx, String label, double score) {
            this.id = id;
            this.xPx = xPx;
            this.yPx = yPx;
            this.label = Objects.requireNonNull(label, "label");
            this.score = score;
        }

        public long id() {
            return id;
        }

        public double xPx() {
            return xPx;
        }

        public double yPx() {
            return yPx;
        }

        public String label() {
            return label;
        }

        public double score() {
            return score;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof TargetSummary)) {
                return false;
            }
            TargetSummary t = (TargetSummary) o;
            return id == t.id && same(xPx, t.xPx) && same(yPx, t.yPx) && label.equals(t.label)
                    && same(score, t.score);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, xPx, yPx, label, score);
        }

        @Override
        public String toString() {
            return "Target{id=" + id + ", (" + xPx + ", " + yPx + ") px, " + label + ", score=" + score + '}';
        }
    }

    /** Builder of {@link DecisionRecord}; unknown numbers default to {@code NaN}, texts to {@code ""}. */
    public static final class Builder {
        private final long decision;
        private long frameSequence;
        private long imageNumber;
        private double cameraTimeMs = Double.NaN;
        private long cameraNanos;
        private long analysedNanos;
        private long decidedNanos;
        private long actuatedNanos;
        private int detections;
        private double focusScore = Double.NaN;
        private String focusMeasure = "";
        private double eventScore = Double.NaN;
        private TargetSummary target;
        private double stateXUm = Double.NaN;
        private double stateYUm = Double.NaN;
        private double stateZUm = Double.NaN;
        private String objective = "";
        private String gate = "";
        private final List<ProposalRecord> proposals = new ArrayList<>();
        private HardwarePlan executed;
        private ExecutionStatus execution = ExecutionStatus.NONE;
        private double executionMs = Double.NaN;
        private String error = "";

        private Builder(long decision) {
            this.decision = decision;
        }

        public Builder optFrame(long sequence, long image, double cameraMs) {
            frameSequence = sequence;
            imageNumber = image;
            cameraTimeMs = cameraMs;
            return this;
        }

        public Builder optTimes(long camera, long analysed, long decided, long actuated) {
            cameraNanos = camera;
            analysedNanos = analysed;
            decidedNanos = decided;
            actuatedNanos = actuated;
            return this;
        }

        public Builder optActuatedNanos(long v) {
            actuatedNanos = v;
            return this;
        }

        public Builder optAnalysis(int nDetections, double focus, String measure, double event) {
            detections = nDetections;
            focusScore = focus;
            focusMeasure = Objects.requireNonNull(measure, "measure");
            eventScore = event;
            return this;
        }

        public Builder optTarget(TargetSummary v) {
            target = v;
            return this;
        }

        public Builder optState(double x, double y, double z, String objectivePreset) {
            stateXUm = x;
            stateYUm = y;
            stateZUm = z;
            objective = Objects.requireNonNull(objectivePreset, "objective");
            return this;
        }

        public Builder optGate(String v) {
            gate = Objects.requireNonNull(v, "gate");
            return this;
        }

        public Builder addProposal(ProposalRecord p) {
            proposals.add(Objects.requireNonNull(p, "proposal"));
            return this;
        }

        /** Replaces the proposals. */
        public Builder optProposals(List<ProposalRecord> ps) {
            proposals.clear();
            ps.forEach(this::addProposal);
            return this;
        }

        public Builder optExecution(HardwarePlan plan, ExecutionStatus status, double ms, String errorText) {
            executed = plan;
            execution = Objects.requireNonNull(status, "status");
            executionMs = ms;
            error = Objects.requireNonNull(errorText, "error");
            return this;
        }

        public DecisionRecord build() {
            return new DecisionRecord(this);
        }
    }
}
