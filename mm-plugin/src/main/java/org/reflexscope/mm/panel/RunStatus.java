package org.reflexscope.mm.panel;

import java.util.List;
import java.util.Objects;

/** A snapshot of a run's live numbers for the panel's status area. Immutable; built with {@link #builder()}. */
public final class RunStatus {
    /** The status when nothing runs. */
    public static final RunStatus IDLE = builder().build();

    private final RunState state;
    private final boolean dryRun;
    private final double framesPerSecond;
    private final double decisionLatencyP50Ms;
    private final double decisionLatencyP99Ms;
    private final long framesPublished;
    private final long framesSkipped;
    private final long framesLost;
    private final long detections;
    private final List<String> alarms;
    private final long envelopeRejections;
    private final String lastRejection;

    private RunStatus(Builder b) {
        this.state = b.state;
        this.dryRun = b.dryRun;
        this.framesPerSecond = b.framesPerSecond;
        this.decisionLatencyP50Ms = b.p50;
        this.decisionLatencyP99Ms = b.p99;
        this.framesPublished = b.published;
        this.framesSkipped = b.skipped;
        this.framesLost = b.lost;
        this.detections = b.detections;
        this.alarms = List.copyOf(b.alarms);
        this.envelopeRejections = b.rejections;
        this.lastRejection = b.lastRejection;
    }

    public static Builder builder() {
        return new Builder();
    }

    public RunState state() {
        return state;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public double framesPerSecond() {
        return framesPerSecond;
    }

    public double decisionLatencyP50Ms() {
        return decisionLatencyP50Ms;
    }

    public double decisionLatencyP99Ms() {
        return decisionLatencyP99Ms;
    }

    public long framesPublished() {
        return framesPublished;
    }

    /** Frames the analyser skipped to stay on the newest (recorded all the same). */
    public long framesSkipped() {
        return framesSkipped;
    }

    /** Frames lost before reaching Reflex (camera buffer overflow, image-number gaps): data loss. */
    public long framesLost() {
        return framesLost;
    }

    public long detections() {
        return detections;
    }

    /** Active alarms, newest last (data loss, hardware failures, stale analysis, manual override). */
    public List<String> alarms() {
        return alarms;
    }

    /** Plans the safety envelope rejected in this run (and so never reached the hardware). */
    public long envelopeRejections() {
        return envelopeRejections;
    }

    /** The policy and the envelope's reasons for the most recent rejected plan; "" if none. */
    public String lastRejection() {
        return lastRejection;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RunStatus)) {
            return false;
        }
        RunStatus s = (RunStatus) o;
        return state == s.state && dryRun == s.dryRun && Double.compare(framesPerSecond, s.framesPerSecond) == 0
                && Double.compare(decisionLatencyP50Ms, s.decisionLatencyP50Ms) == 0
                && Double.compare(decisionLatencyP99Ms, s.decisionLatencyP99Ms) == 0
                && framesPublished == s.framesPublished && framesSkipped == s.framesSkipped
                && framesLost == s.framesLost && detections == s.detections && alarms.equals(s.alarms)
                && envelopeRejections == s.envelopeRejections && lastRejection.equals(s.lastRejection);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, dryRun, framesPerSecond, decisionLatencyP50Ms, decisionLatencyP99Ms,
                framesPublished, framesSkipped, framesLost, detections, alarms, envelopeRejections, lastRejection);
    }

    @Override
    public String toString() {
        return "RunStatus{" + state + (dryRun ? " (dry run)" : "") + ", " + framesPerSecond + " fps, p50="
                + decisionLatencyP50Ms + " ms, p99=" + decisionLatencyP99Ms + " ms, published=" + framesPublished
                + ", skipped=" + framesSkipped + ", lost=" + framesLost + ", detections=" + detections + ", alarms="
                + alarms + ", rejections=" + envelopeRejections + " (" + lastRejection + ")}";
    }

    /** Builder of {@link RunStatus}; every field is optional. */
    public static final class Builder {
        private RunState state = RunState.IDLE;
        private boolean dryRun;
        private double framesPerSecond;
        private double p50 = Double.NaN;
        private double p99 = Double.NaN;
        private long published;
        private long skipped;
        private long lost;
        private long detections;
        private List<String> alarms = List.of();
        private long rejections;
        private String lastRejection = "";

        private Builder() {
        }

        public Builder optState(RunState v) {
            state = Objects.requireNonNull(v, "state");
            return this;
        }

        public Builder optDryRun(boolean v) {
            dryRun = v;
            return this;
        }

        public Builder optFramesPerSecond(double v) {
            framesPerSecond = v;
            return this;
        }

        public Builder optDecisionLatencyMs(double p50Ms, double p99Ms) {
            p50 = p50Ms;
            p99 = p99Ms;
            return this;
        }

        public Builder optFrames(long publishedFrames, long skippedFrames, long lostFrames) {
            published = publishedFrames;
            skipped = skippedFrames;
            lost = lostFrames;
            return this;
        }

        public Builder optDetections(long v) {
            detections = v;
            return this;
        }

        public Builder optAlarms(List<String> v) {
            alarms = List.copyOf(v);
            return this;
        }

        /** Plans the envelope rejected so far, and the reason of the latest ({@code ""} when none). */
        public Builder optEnvelopeRejections(long count, String lastReason) {
            rejections = count;
            lastRejection = Objects.requireNonNull(lastReason, "lastReason");
            return this;
        }

        public RunStatus build() {
            return new RunStatus(this);
        }
    }
}
