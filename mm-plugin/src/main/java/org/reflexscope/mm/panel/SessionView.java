package org.reflexscope.mm.panel;

import java.util.ArrayList;
import java.util.List;
import org.reflexscope.core.metrics.LatencySummary;
import org.reflexscope.policy.log.DecisionRecord;
import org.reflexscope.policy.log.ProposalRecord;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.ProposalOutcome;
import org.reflexscope.policy.session.SessionStatus;

/** A {@link SessionStatus} as the panel shows it: its {@link RunStatus} and decision-table rows. Stateless. */
final class SessionView {
    /** Alarms shown (the newest). */
    static final int SHOWN_ALARMS = 20;

    private SessionView() {
    }

    /**
     * The panel's status: the session's state (a run the engine paused after a hardware failure or a manual
     * override shows as paused), counters, decision latency p50/p99 (NaN before the first decision) and the newest
     * alarms.
     *
     * @param framesPerSecond the rate to show (the caller measures it over its own polling window)
     */
    static RunStatus status(SessionStatus s, boolean dryRun, double framesPerSecond) {
        return status(s, List.of(), dryRun, framesPerSecond);
    }

    /**
     * As {@link #status(SessionStatus, boolean, double)}, the session's alarms followed by {@code signalAlarms} (the
     * run's {@link org.reflexscope.policy.signal.SignalMonitor} messages: too little signal, saturation, no
     * detections).
     */
    static RunStatus status(SessionStatus s, List<String> signalAlarms, boolean dryRun, double framesPerSecond) {
        LatencySummary lat = s.decisionLatency();
        boolean hasLatency = lat != null && lat.count() > 0;
        List<String> alarms = new ArrayList<>(s.alarms());
        alarms.addAll(signalAlarms);
        return RunStatus.builder().optState(state(s)).optDryRun(dryRun).optFramesPerSecond(framesPerSecond)
                .optDecisionLatencyMs(hasLatency ? lat.p50Nanos() / 1e6 : Double.NaN,
                        hasLatency ? lat.p99Nanos() / 1e6 : Double.NaN)
                .optFrames(s.framesPublished(), s.pipeline().skipped(), s.framesLost())
                .optDetections(s.lastDetections())
                .optEnvelopeRejections(s.engine().rejected(), lastRejection(s))
                .optAlarms(new ArrayList<>(alarms.subList(Math.max(0, alarms.size() - SHOWN_ALARMS), alarms.size())))
                .build();
    }

    /** The policy and the envelope's reasons of the newest rejected proposal among the recent decisions; "" if none. */
    static String lastRejection(SessionStatus s) {
        List<DecisionRecord> recent = s.recentDecisions();
        for (int i = recent.size() - 1; i >= 0; i--) {
            for (ProposalRecord p : recent.get(i).proposals()) {
                if (p.outcome() == ProposalOutcome.REJECTED) {
                    return p.policy() + ": " + (p.verdictReasons().isEmpty() ? "rejected"
                            : String.join("; ", p.verdictReasons()));
                }
            }
        }
        return "";
    }

    static RunState state(SessionStatus s) {
        switch (s.state()) {
            case RUNNING:
            case STOPPING:
                return s.paused() ? RunState.PAUSED : RunState.RUNNING;
            case PAUSED:
                return RunState.PAUSED;
            case FAILED:
                return RunState.FAILED;
            default:
                return RunState.IDLE;
        }
    }

    /** One row per proposal of the session's recent decisions, the newest {@code max}, oldest first. */
    static List<DecisionRow> decisionRows(SessionStatus s, int max) {
        List<DecisionRow> rows = new ArrayList<>();
        for (DecisionRecord d : s.recentDecisions()) {
            double ms = d.cameraNanos() > 0 ? (d.decidedNanos() - d.cameraNanos()) / 1e6 : Double.NaN;
            for (ProposalRecord p : d.proposals()) {
                rows.add(new DecisionRow(d.imageNumber(), p.policy(), describe(p.plan()),
                        p.outcome() + (p.reason().isEmpty() ? "" : ": " + p.reason()),
                        p.outcome() == ProposalOutcome.EXECUTED, ms));
            }
        }
        return new ArrayList<>(rows.subList(Math.max(0, rows.size() - max), rows.size()));
    }

    /** A plan as the decision table shows it: its steps, e.g. {@code "MoveZ(12.5 µm)"}. */
    private static String describe(HardwarePlan plan) {
        List<String> steps = new ArrayList<>();
        plan.steps().forEach(step -> steps.add(step.toString()));
        return steps.isEmpty() ? plan.name() : String.join("; ", steps);
    }
}
