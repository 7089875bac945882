package org.reflexscope.policy.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.log.DecisionRecord;
import org.reflexscope.policy.log.ExecutionStatus;
import org.reflexscope.policy.log.ProposalRecord;
import org.reflexscope.policy.plan.HardwareAction;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.Proposal;
import org.reflexscope.policy.plan.ProposalOutcome;
import org.reflexscope.policy.safety.EnvelopeVerdict;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's decision logic without threads: gates (frames that are not live, pause, watchdog, manual override,
 * settling, one plan in flight), policies, envelope and arbitration. The {@link PolicyEngine} drives it from its decision thread; tests
 * drive it directly with a hand-made clock. Not thread-safe except {@link #counters}.
 */
final class DecisionCore {
    static final int RESULTS = 0;
    static final int SUPERSEDED = 1;
    static final int DECISIONS = 2;
    static final int PROPOSALS = 3;
    static final int EXECUTED = 4;
    static final int DRY_RUN_PLANS = 5;
    static final int REJECTED = 6;
    static final int CLAMPED = 7;
    static final int PREEMPTED = 8;
    static final int BUSY = 9;
    static final int HELD = 10;
    static final int FAILURES = 11;
    static final int LISTENER_ERRORS = 12;

    private static final Logger LOG = LoggerFactory.getLogger(DecisionCore.class);

    /** What one call of the core produced: a record to log, a plan to execute, events to emit. */
    static final class Output {
        /** A completed decision to log and publish, or {@code null} (the decision waits for its plan). */
        final DecisionRecord record;
        /** A plan to execute now, or {@code null}. */
        final HardwarePlan toExecute;
        final List<EngineEvent> events;

        Output(DecisionRecord record, HardwarePlan toExecute, List<EngineEvent> events) {
            this.record = record;
            this.toExecute = toExecute;
            this.events = events;
        }
    }

    private final List<AcquisitionPolicy> policies;
    private final SafetyEnvelope envelope;
    private final boolean dryRun;
    private final long watchdogNanos;
    private final double overrideZUm;
    private final double overrideXYUm;
    final AtomicLongArray counters = new AtomicLongArray(13);

    private volatile String pauseReason = "";
    private boolean hardwareBusy;
    private DecisionRecord.Builder pending;
    private List<Proposal> pendingChosen = List.of();
    private MicroscopeState lastState;
    private MicroscopeState baseline;
    private long lastMoveStartNanos;
    private boolean anyMove;
    private long lastActuatedNanos;
    private boolean stale;
    private long decisionNumber;

    DecisionCore(List<AcquisitionPolicy> policies, SafetyEnvelope envelope, boolean dryRun, long watchdogNanos,
            double overrideZUm, double overrideXYUm) {
        this.policies = List.copyOf(policies);
        this.envelope = envelope;
        this.dryRun = dryRun;
        this.watchdogNanos = watchdogNanos;
        this.overrideZUm = overrideZUm;
        this.overrideXYUm = overrideXYUm;
    }

    String pauseReason() {
        return pauseReason;
    }

    boolean hardwareBusy() {
        return hardwareBusy;
    }

    /** Whether the next decision needs a fresh state read (not paused, nothing in flight). */
    boolean needsState() {
        return pauseReason.isEmpty() && !hardwareBusy;
    }

    /** Pauses policies (user request, failure, override); returns the event to publish. */
    EngineEvent pause(EngineEvent.Kind kind, String reason, long now, Throwable cause) {
        pauseReason = reason;
        return new EngineEvent(kind, reason, now, cause);
    }

    /** Resumes policies: forgets the override baseline and the policies' memory. */
    EngineEvent resume(long now) {
        String was = pauseReason;
        pauseReason = "";
        baseline = null;
        for (AcquisitionPolicy p : policies) {
            try {
                p.reset();
            } catch (RuntimeException e) {
                LOG.warn("Policy '{}' failed to reset; it keeps its memory", p.name(), e);
            }
        }
        return new EngineEvent(EngineEvent.Kind.RESUMED, was.isEmpty() ? "resumed" : "resumed after: " + was, now,
                null);
    }

    /** A state read failed: counts it and pauses. */
    Output stateReadFailed(String message, Throwable cause, long now) {
        counters.incrementAndGet(FAILURES);
        return new Output(null, null, List.of(pause(EngineEvent.Kind.HARDWARE_FAILURE, message
                + "; policies paused, recording continues. Check the device, then resume.", now, cause)));
    }

    /**
     * Decides on one result.
     *
     * @param state a fresh state when {@link #needsState()} was true, otherwise ignored (last known is used)
     */
    Output decide(AnalysisResult r, MicroscopeState state, long now) {
        List<EngineEvent> events = new ArrayList<>();
        long frameNanos = frameNanos(r);
        DecisionRecord.Builder b = DecisionRecord.builder(++decisionNumber)
                .optFrame(r.frameSequence(), r.frame().imageNumber(), r.frame().cameraTimeMs())
                .optTimes(r.cameraNanos(), r.analysedNanos(), now, 0)
                .optAnalysis(r.detections().size(), r.focusScore(), r.focusMeasure(),
                        r.score(AnalysisResult.EVENT_SCORE).orElse(Double.NaN));
        boolean fresh = needsState() && state != null;
        if (fresh) {
            lastState = state;
        }
        MicroscopeState s = lastState;
        if (s != null) {
            b.optState(s.xUm(), s.yUm(), s.zUm(), s.preset(MicroscopeControl.OBJECTIVE_GROUP));
        }
        if (!r.isLive()) {
            // taken while a plan changed the view: no policy sees it, so no tracker or focus history holds it
            return finish(b.optGate("not live: " + r.notLiveReason()), events);
        }
        if (!pauseReason.isEmpty()) {
            return finish(b.optGate("paused: " + pauseReason), events);
        }
        if (s == null) {
            return finish(b.optGate("no microscope state yet"), events);
        }
        if (fresh) {
            String moved = overrideReason(state);
            if (moved != null) {
                events.add(pause(EngineEvent.Kind.MANUAL_OVERRIDE, "manual override: " + moved
                        + "; policies paused until resumed", now, null));
                return finish(b.optGate("manual override: " + moved), events);
            }
            if (baseline == null) {
                baseline = state;
            }
        }
        if (frameNanos > 0 && frameNanos < lastActuatedNanos) {
            return finish(b.optGate("settling: frame exposed before the last plan finished"), events);
        }
        String gate = "";
        ProposalOutcome gated = null;
        long age = frameNanos > 0 ? now - frameNanos : Long.MAX_VALUE;
        if (watchdogNanos > 0 && age > watchdogNanos) {
            gate = frameNanos > 0 ? "watchdog: result is " + (float) (age / 1e6) + " ms old, limit "
                    + (float) (watchdogNanos / 1e6) + " ms; no motion"
                    : "watchdog: result carries no timestamps; no motion";
            gated = ProposalOutcome.HELD;
            if (!stale) {
                stale = true;
                events.add(new EngineEvent(EngineEvent.Kind.WATCHDOG_STALE, gate, now, null));
            }
        } else {
            if (stale) {
                stale = false;
                events.add(new EngineEvent(EngineEvent.Kind.WATCHDOG_RECOVERED, "analysis results are fresh again",
                        now, null));
            }
            if (hardwareBusy) {
                gate = "busy: a plan is in flight";
                gated = ProposalOutcome.BUSY;
            }
        }
        List<Proposal> proposals = collect(r, s, now);
        if (gated != null) {
            for (Proposal p : proposals) {
                b.addProposal(record(p, null, gated));
                reportOutcome(p, gated);
                counters.incrementAndGet(gated == ProposalOutcome.BUSY ? BUSY : HELD);
            }
            return finish(b.optGate(gate), events);
        }
        return arbitrate(b, proposals, s, now, events);
    }

    private List<Proposal> collect(AnalysisResult r, MicroscopeState s, long now) {
        List<Proposal> out = new ArrayList<>();
        for (AcquisitionPolicy p : policies) {
            try {
                Optional<Proposal> prop = p.propose(r, s, now);
                if (prop.isPresent()) {
                    out.add(prop.get());
                    counters.incrementAndGet(PROPOSALS);
                }
            } catch (RuntimeException e) {
                LOG.warn("Policy '{}' failed on frame {}; treated as no proposal", p.name(), r.frameSequence(), e);
            }
        }
        return out;
    }

    private Output arbitrate(DecisionRecord.Builder b, List<Proposal> proposals, MicroscopeState s, long now,
            List<EngineEvent> events) {
        long sinceMove = anyMove ? now - lastMoveStartNanos : Long.MAX_VALUE;
        List<Proposal> order = new ArrayList<>(proposals);
        order.sort(Comparator.comparingInt(Proposal::priority).reversed());
        List<ProposalRecord> records = new ArrayList<>();
        List<Proposal> chosen = new ArrayList<>();
        List<EnvelopeVerdict> chosenVerdicts = new ArrayList<>();
        Set<HardwareAction.Kind> taken = EnumSet.noneOf(HardwareAction.Kind.class);
        boolean exclusiveTaken = false;
        for (Proposal p : order) {
            EnvelopeVerdict v = envelope.check(p.plan(), s, p.clampAllowed(), sinceMove);
            if (!v.allowed()) {
                records.add(record(p, v, ProposalOutcome.REJECTED));
                counters.incrementAndGet(REJECTED);
                LOG.info("Envelope rejected {} from '{}': {}", p.plan(), p.policy(), v.reasons());
                continue;
            }
            if (v.status() == EnvelopeVerdict.Status.CLAMPED) {
                counters.incrementAndGet(CLAMPED);
            }
            Set<HardwareAction.Kind> kinds = kinds(v.plan().get());
            boolean conflict = exclusiveTaken || (p.exclusive() && !chosen.isEmpty())
                    || !Collections.disjoint(kinds, taken);
            if (conflict) {
                records.add(record(p, v, ProposalOutcome.PREEMPTED));
                counters.incrementAndGet(PREEMPTED);
                continue;
            }
            chosen.add(p);
            chosenVerdicts.add(v);
            taken.addAll(kinds);
            exclusiveTaken = p.exclusive();
            records.add(record(p, v, dryRun ? ProposalOutcome.DRY_RUN : ProposalOutcome.EXECUTED));
        }
        HardwarePlan plan = null;
        for (EnvelopeVerdict v : chosenVerdicts) {
            plan = plan == null ? v.plan().get() : plan.then(v.plan().get());
        }
        if (plan != null && chosen.size() > 1) {
            EnvelopeVerdict all = envelope.check(plan, s, false, sinceMove);
            if (!all.allowed()) {
                for (int i = 0; i < records.size(); i++) {
                    if (records.get(i).outcome() == ProposalOutcome.EXECUTED
                            || records.get(i).outcome() == ProposalOutcome.DRY_RUN) {
                        records.set(i, new ProposalRecord(records.get(i).policy(), records.get(i).priority(),
                                records.get(i).plan(), records.get(i).reason(), EnvelopeVerdict.Status.REJECTED,
                                all.reasons(), ProposalOutcome.REJECTED));
                        counters.incrementAndGet(REJECTED);
                    }
                }
                chosen.clear();
                plan = null;
            }
        }
        b.optProposals(records);
        Detection target = firstTarget(chosen);
        if (target == null) {
            target = firstTarget(proposals);
        }
        if (target != null) {
            b.optTarget(target(target));
        }
        for (Proposal p : order) {
            if (!chosen.contains(p)) {
                reportOutcome(p, outcomeOf(records, p));
            }
        }
        if (plan == null) {
            return finish(b, events);
        }
        if (plan.hasMotion()) {
            lastMoveStartNanos = now;
            anyMove = true;
        }
        if (dryRun) {
            counters.incrementAndGet(DRY_RUN_PLANS);
            chosen.forEach(p -> reportOutcome(p, ProposalOutcome.DRY_RUN));
            return finish(b.optExecution(plan, ExecutionStatus.DRY_RUN, Double.NaN, ""), events);
        }
        hardwareBusy = true;
        pending = b.optExecution(plan, ExecutionStatus.NONE, Double.NaN, "");
        pendingChosen = chosen;
        return new Output(null, plan, events);
    }

    /**
     * The plan submitted by the last {@link #decide} finished (or was declared timed out by the engine).
     *
     * @param released whether the hardware thread has returned (false when the engine gave up waiting)
     * @param after the state read right after a successful plan, or {@code null}
     */
    Output planFinished(ExecutionStatus status, String error, Throwable cause, long startedNanos, long finishedNanos,
            MicroscopeState after, boolean released) {
        if (released) {
            hardwareBusy = false;
        }
        List<EngineEvent> events = new ArrayList<>();
        if (pending == null) {
            return new Output(null, null, events);
        }
        DecisionRecord.Builder b = pending;
        pending = null;
        boolean ok = status == ExecutionStatus.SUCCEEDED;
        ProposalOutcome outcome = ok ? ProposalOutcome.EXECUTED : ProposalOutcome.FAILED;
        DecisionRecord partial = b.build();
        List<ProposalRecord> fixed = new ArrayList<>();
        for (ProposalRecord pr : partial.proposals()) {
            fixed.add(pr.outcome() == ProposalOutcome.EXECUTED ? pr.withOutcome(outcome) : pr);
        }
        b.optProposals(fixed).optExecution(partial.executed(), status, (finishedNanos - startedNanos) / 1e6, error);
        if (ok) {
            b.optActuatedNanos(finishedNanos);
            lastActuatedNanos = finishedNanos;
            counters.incrementAndGet(EXECUTED);
            if (after != null) {
                baseline = after;
                lastState = after;
            }
        } else {
            lastActuatedNanos = finishedNanos;
            counters.incrementAndGet(FAILURES);
            events.add(pause(EngineEvent.Kind.HARDWARE_FAILURE, "hardware " + status.name().toLowerCase(Locale.ROOT)
                    .replace('_', ' ') + " executing " + partial.executed() + ": " + error
                    + "; policies paused, recording continues. Check the device, then resume.", finishedNanos,
                    cause));
        }
        for (Proposal p : pendingChosen) {
            reportOutcome(p, outcome);
        }
        pendingChosen = List.of();
        return finish(b, events);
    }

    private Output finish(DecisionRecord.Builder b, List<EngineEvent> events) {
        counters.incrementAndGet(DECISIONS);
        return new Output(b.build(), null, events);
    }

    private String overrideReason(MicroscopeState now) {
        if (baseline == null) {
            return null;
        }
        double dz = now.zUm() - baseline.zUm();
        double dxy = Math.hypot(now.xUm() - baseline.xUm(), now.yUm() - baseline.yUm());
        if (Math.abs(dz) > overrideZUm) {
            return String.format(Locale.ROOT, "Z moved by %.3f µm since the engine last commanded it (tolerance "
                    + "%.3f µm)", dz, overrideZUm);
        }
        if (dxy > overrideXYUm) {
            return String.format(Locale.ROOT, "XY moved by %.3f µm since the engine last commanded it (tolerance "
                    + "%.3f µm)", dxy, overrideXYUm);
        }
        String o0 = baseline.preset(MicroscopeControl.OBJECTIVE_GROUP);
        String o1 = now.preset(MicroscopeControl.OBJECTIVE_GROUP);
        if (!o0.equals(o1)) {
            return "objective changed from '" + o0 + "' to '" + o1 + "'";
        }
        return null;
    }

    private void reportOutcome(Proposal p, ProposalOutcome o) {
        for (AcquisitionPolicy policy : policies) {
            if (policy.name().equals(p.policy())) {
                try {
                    policy.onOutcome(p, o);
                } catch (RuntimeException e) {
                    LOG.warn("Policy '{}' failed handling outcome {}", policy.name(), o, e);
                }
            }
        }
    }

    private static ProposalOutcome outcomeOf(List<ProposalRecord> records, Proposal p) {
        for (ProposalRecord r : records) {
            if (r.policy().equals(p.policy()) && r.plan().equals(p.plan())) {
                return r.outcome();
            }
        }
        return ProposalOutcome.PREEMPTED;
    }

    private static ProposalRecord record(Proposal p, EnvelopeVerdict v, ProposalOutcome o) {
        return new ProposalRecord(p.policy(), p.priority(), p.plan(), p.reason(), v == null ? null : v.status(),
                v == null ? List.of() : v.reasons(), o);
    }

    private static Detection firstTarget(List<Proposal> ps) {
        for (Proposal p : ps) {
            if (p.target().isPresent()) {
                return p.target().get();
            }
        }
        return null;
    }

    private static DecisionRecord.TargetSummary target(Detection d) {
        return new DecisionRecord.TargetSummary(d.id(), d.xPx(), d.yPx(), d.label(), d.score());
    }

    private static Set<HardwareAction.Kind> kinds(HardwarePlan plan) {
        Set<HardwareAction.Kind> k = EnumSet.noneOf(HardwareAction.Kind.class);
        plan.steps().forEach(s -> k.add(s.kind()));
        return k;
    }

    /** The frame's age reference: camera time, else published, else analysed; 0 if none is known. */
    static long frameNanos(AnalysisResult r) {
        if (r.cameraNanos() > 0) {
            return r.cameraNanos();
        }
        return r.publishedNanos() > 0 ? r.publishedNanos() : r.analysedNanos();
    }
}
