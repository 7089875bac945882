package org.reflexscope.policy.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.reflexscope.core.metrics.LatencySummary;
import org.reflexscope.core.metrics.PipelineMetrics;
import org.reflexscope.policy.engine.EngineCounters;
import org.reflexscope.policy.engine.PolicyEngine;
import org.reflexscope.policy.log.DecisionRecord;

/**
 * A live snapshot of one {@link SmartAcquisition} run, for a status line, a panel or a final summary: lifecycle,
 * frame counters, rate, latency percentiles per hop, detections, recent decisions and alarms. Immutable; taken by
 * {@link SmartAcquisition#status()} from any thread at any time (exact once the run has ended).
 */
public final class SessionStatus {
    /** The hop a user calls "decision latency": from the frame leaving the camera to the policy decision. */
    public static final String HOP_CAMERA_TO_DECIDED = "camera\u2192decided";

    private final SessionState state;
    private final long elapsedNanos;
    private final PipelineMetrics pipeline;
    private final EngineCounters engine;
    private final Map<String, LatencySummary> latencies;
    private final int lastDetections;
    private final long totalDetections;
    private final double lastCameraTimeMs;
    private final List<DecisionRecord> recentDecisions;
    private final List<String> alarms;
    private final Map<String, Long> framesNotLive;

    SessionStatus(SessionState state, long elapsedNanos, PipelineMetrics pipeline, EngineCounters engine,
            Map<String, LatencySummary> latencies, int lastDetections, long totalDetections, double lastCameraTimeMs,
            List<DecisionRecord> recentDecisions, List<String> alarms, Map<String, Long> framesNotLive) {
        this.state = Objects.requireNonNull(state, "state");
        this.elapsedNanos = elapsedNanos;
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.latencies = Collections.unmodifiableMap(new LinkedHashMap<>(latencies));
        this.lastDetections = lastDetections;
        this.totalDetections = totalDetections;
        this.lastCameraTimeMs = lastCameraTimeMs;
        this.recentDecisions = Collections.unmodifiableList(new ArrayList<>(recentDecisions));
        this.alarms = Collections.unmodifiableList(new ArrayList<>(alarms));
        this.framesNotLive = Collections.unmodifiableMap(new LinkedHashMap<>(framesNotLive));
    }

    public SessionState state() {
        return state;
    }

    /** Wall time since {@link SmartAcquisition#start()}, ns (frozen at the end of the run). */
    public long elapsedNanos() {
        return elapsedNanos;
    }

    /** The pipeline's counters: published, recorded, analysed, skipped, lost, stalls. */
    public PipelineMetrics pipeline() {
        return pipeline;
    }

    /** The policy engine's counters: decisions, executed, rejected, failures, pause reason. */
    public EngineCounters engine() {
        return engine;
    }

    /** Frames published into the ring. */
    public long framesPublished() {
        return pipeline.published();
    }

    /** Frames every recorder wrote (the smallest count over the recorders; published count if there are none). */
    public long framesRecorded() {
        return pipeline.recorders().stream().mapToLong(c -> c.handled()).min().orElse(pipeline.published());
    }

    /**
     * Frames lost: reported lost upstream or missing from the camera's numbering, rejected by the ring, or
     * published but not recorded by some recorder (its failures).
     */
    public long framesLost() {
        long notRecorded = pipeline.recorders().stream().mapToLong(c -> c.failed()).max().orElse(0);
        return Math.max(pipeline.lostUpstreamReported(), pipeline.missingImageNumbers()) + pipeline.framesRejected()
                + notRecorded;
    }

    /** Published frames per second of wall time, averaged over the run so far. */
    public double framesPerSecond() {
        return elapsedNanos > 0 ? pipeline.published() * 1e9 / elapsedNanos : 0;
    }

    /**
     * Frames taken while the hardware carried out a plan, not analysed as live frames, by what the plan did (e.g.
     * {@code "objective switch, Z move, high-resolution acquisition"}); empty if there were none. They are part of
     * the pipeline's analysed count ({@link PipelineMetrics#analysed()}), not of {@link #framesAnalysedLive()}.
     */
    public Map<String, Long> framesNotLive() {
        return framesNotLive;
    }

    /** Frames taken while the hardware carried out a plan, all reasons together. */
    public long framesNotLiveTotal() {
        return framesNotLive.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Frames the analyzer analysed as live views of the sample: the pipeline's analysed count less the not live. */
    public long framesAnalysedLive() {
        return Math.max(0, pipeline.analysed() - framesNotLiveTotal());
    }

    /** Latency percentiles by hop (pipeline hops, engine hops and {@link #HOP_CAMERA_TO_DECIDED}). */
    public Map<String, LatencySummary> latencies() {
        return latencies;
    }

    /** One hop's latency summary, or {@code null} if that hop has no values. */
    public LatencySummary latency(String hop) {
        return latencies.get(hop);
    }

    /** Decision latency: {@link #HOP_CAMERA_TO_DECIDED}, or {@code null} before the first decision. */
    public LatencySummary decisionLatency() {
        return latencies.get(HOP_CAMERA_TO_DECIDED);
    }

    /** Detections in the newest result. */
    public int lastDetections() {
        return lastDetections;
    }

    /** Detections summed over every analysed frame. */
    public long totalDetections() {
        return totalDetections;
    }

    /** Camera time of the newest analysed frame, ms (simulated time on a virtual clock); NaN before the first. */
    public double lastCameraTimeMs() {
        return lastCameraTimeMs;
    }

    /** The newest decisions, oldest first (a bounded window). */
    public List<DecisionRecord> recentDecisions() {
        return recentDecisions;
    }

    /** What the user must know: data loss, failures, pauses, stale analysis; oldest first. */
    public List<String> alarms() {
        return alarms;
    }

    /** Whether policies are paused (by the user, a hardware failure or a manual override). */
    public boolean paused() {
        return engine.paused();
    }

    /** One line for a terminal: frames, fps, analysed/skipped, detections, decisions, latency, alarms. */
    public String oneLine() {
        LatencySummary d = decisionLatency();
        return String.format(Locale.ROOT, "%s %d frames %.1f fps | analysed %d skipped %d%s | detections %d | "
                + "decisions %d executed %d | decision p99 %s%s%s", state.name().toLowerCase(Locale.ROOT),
                pipeline.published(), framesPerSecond(), framesAnalysedLive(), pipeline.skipped(),
                framesNotLiveTotal() > 0 ? " not live " + framesNotLiveTotal() : "", lastDetections,
                engine.decisions(), engine.executed() + engine.dryRunPlans(),
                d == null || d.count() == 0 ? "-" : String.format(Locale.ROOT, "%.2f ms", d.p99Nanos() / 1e6),
                framesLost() > 0 ? " | LOST " + framesLost() : "",
                engine.paused() ? " | paused: " + engine.pauseReason() : "");
    }

    @Override
    public String toString() {
        return "SessionStatus{" + oneLine() + ", engine " + (engine.lifecycle() == PolicyEngine.Lifecycle.RUNNING
                ? "running" : engine.lifecycle()) + ", alarms=" + alarms + '}';
    }
}
