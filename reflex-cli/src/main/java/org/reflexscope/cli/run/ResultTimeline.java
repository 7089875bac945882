package org.reflexscope.cli.run;

import java.util.ArrayList;
import java.util.List;
import org.reflexscope.cli.report.GrowableSeries;
import org.reflexscope.cli.report.Series;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.analysis.AnalysisListener;
import org.reflexscope.policy.engine.EngineEvent;
import org.reflexscope.policy.engine.EngineListener;
import org.reflexscope.policy.log.DecisionRecord;
import org.reflexscope.policy.log.ExecutionStatus;
import org.reflexscope.policy.plan.HardwareAction;
import org.reflexscope.policy.plan.HardwarePlan;

/**
 * What the report plots over time from the run itself: per analysed frame the detections, event score and focus
 * score; per decision the high-resolution triggers and the engine's events. Series are in camera time (s).
 *
 * <p><b>Threads.</b> {@link #onResult} on the analyzer thread, the {@link EngineListener} methods on the decision
 * thread; readers synchronise on this object (every method is synchronized, each call is short).
 */
public final class ResultTimeline implements AnalysisListener, EngineListener {
    private final GrowableSeries detections = new GrowableSeries(4096);
    private final GrowableSeries eventScore = new GrowableSeries(4096);
    private final GrowableSeries focusScore = new GrowableSeries(4096);
    private final List<Double> triggers = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private long decisions;
    private long planDecisions;

    @Override
    public synchronized void onResult(AnalysisResult r) {
        double t = r.frame().cameraTimeMs() / 1000.0;
        detections.add(t, r.detections().size());
        eventScore.add(t, r.score(AnalysisResult.EVENT_SCORE).orElse(Double.NaN));
        focusScore.add(t, r.focusScore());
    }

    @Override
    public synchronized void onDecision(DecisionRecord d) {
        decisions++;
        HardwarePlan plan = d.executed();
        if (plan == null) {
            return;
        }
        planDecisions++;
        boolean acted = d.execution() == ExecutionStatus.SUCCEEDED || d.execution() == ExecutionStatus.DRY_RUN;
        if (acted && plan.steps().stream().anyMatch(s -> s.kind() == HardwareAction.Kind.ACQUIRE)) {
            triggers.add(d.cameraTimeMs() / 1000.0);
        }
    }

    @Override
    public synchronized void onEvent(EngineEvent e) {
        if (e.kind() != EngineEvent.Kind.STARTED && e.kind() != EngineEvent.Kind.STOPPED) {
            events.add(e.kind() + ": " + e.message());
        }
    }

    public synchronized Series detectionSeries() {
        return detections.snapshot("detections");
    }

    public synchronized Series eventScoreSeries() {
        return eventScore.snapshot("event score");
    }

    public synchronized Series focusScoreSeries() {
        return focusScore.snapshot("focus score");
    }

    /** Camera times (s) of decisions that acquired at high resolution (executed, or chosen in a dry run). */
    public synchronized double[] triggerTimes() {
        return triggers.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Engine events other than start/stop (failures, overrides, watchdog, pauses), in order. */
    public synchronized List<String> engineEvents() {
        return new ArrayList<>(events);
    }

    public synchronized long decisions() {
        return decisions;
    }

    /** Decisions that chose a hardware plan. */
    public synchronized long planDecisions() {
        return planDecisions;
    }
}
