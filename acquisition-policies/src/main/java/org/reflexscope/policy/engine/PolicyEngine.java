package org.reflexscope.policy.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.metrics.LatencyRecorder;
import org.reflexscope.core.analysis.AnalysisListener;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.log.DecisionLogWriter;
import org.reflexscope.policy.log.DecisionRecord;
import org.reflexscope.policy.log.ExecutionStatus;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs acquisition policies on analysis results and acts on the microscope through the safety envelope
 * (contracts 5–7 in docs/architecture.md): results in, proposals arbitrated, plans checked and executed on one
 * hardware thread, every decision logged.
 *
 * <pre>{@code
 * try (PolicyEngine engine = PolicyEngine.builder(microscope, envelope)
 *         .addPolicy(RefocusPolicy.builder().build())
 *         .optWatchdog(Duration.ofMillis(500))
 *         .optLatencyRecorder(latencies)
 *         .optDecisionLog(DecisionLogWriter.open(runDir.resolve("decisions.jsonl")))
 *         .addListener(events)
 *         .build()) {
 *     pipeline.addAnalysisListener(engine);   // engine.onResult(result) per analysed frame
 *     engine.start();
 *     ...
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> {@link #onResult} is called on the analyzer thread and returns at once: it stores the result
 * (newest wins) for the engine's decision thread {@code reflex-decide}, which runs the policies, the envelope and
 * arbitration, writes the log and calls listeners. Every {@link MicroscopeControl} call (state reads included) runs
 * on one thread, {@code reflex-hardware}; at most one plan is in flight. The lifecycle methods may be called from
 * any thread.
 *
 * <p><b>Failures.</b> A plan step that throws, or does not return within its timeout, fails the plan: later steps
 * do not run, policies pause, listeners get {@link EngineEvent.Kind#HARDWARE_FAILURE} and the log records it. The
 * engine never touches the frame pipeline, so recording continues. {@link #resume()} re-enables policies.
 *
 * <p><b>Ownership.</b> The engine owns its two threads ({@link #close()} stops them). The microscope, the decision
 * log writer and the latency recorder stay the caller's (close the writer after the engine).
 *
 * <p><b>Parts.</b> {@link DecisionCore} decides (policies, arbitration, envelope, records) without threads;
 * {@link PlanExecutor} runs plans on the hardware thread; this class is the decision thread between them: its inbox
 * holds {@link Message}s (a new result, pause, resume, stop, an event, a finished plan), handled in arrival order.
 */
public final class PolicyEngine implements AnalysisListener, AutoCloseable {
    /** Lifecycle of the engine. */
    public enum Lifecycle {
        NEW, RUNNING, STOPPED
    }

    /** Hop names recorded into the {@link LatencyRecorder}. */
    public static final String HOP_ANALYSED_DECIDED = "analysed→decided";
    public static final String HOP_DECIDED_ACTUATED = "decided→actuated";
    public static final String HOP_CAMERA_ACTUATED = "camera→actuated";

    private static final Logger LOG = LoggerFactory.getLogger(PolicyEngine.class);

    private final SafetyEnvelope envelope;
    private final List<AcquisitionPolicy> policies;
    private final boolean dryRun;
    private final long stepTimeoutNanos;
    private final LatencyRecorder latencies;
    private final DecisionLogWriter log;
    /** Why the decision log stopped (a write failed: disk full, folder gone); {@code null} while it works. */
    private volatile String logFailure;
    private final List<EngineListener> listeners;
    private final DecisionCore core;

    private final AtomicReference<AnalysisResult> latest = new AtomicReference<>();
    private final LinkedBlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
    /** The message for a new result, made once: results come at the frame rate. */
    private final Message newResult = this::decideOnLatest;
    private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.NEW);
    private final PlanExecutor executor;
    private final HardwareActivity activity = new HardwareActivity();
    private final Thread decider;
    /** Whether the decision thread goes on; only that thread reads and writes it. */
    private boolean deciding = true;

    private PolicyEngine(Builder b) {
        this.envelope = b.envelope;
        this.policies = List.copyOf(b.policies);
        this.dryRun = b.dryRun;
        this.stepTimeoutNanos = b.stepTimeout.toNanos();
        this.latencies = b.latencies;
        this.log = b.log;
        this.listeners = List.copyOf(b.listeners);
        this.core = new DecisionCore(policies, envelope, dryRun, b.watchdog.toNanos(), b.overrideZUm,
                b.overrideXYUm);
        this.executor = new PlanExecutor(b.control, stepTimeoutNanos, b.acquireTimeout.toNanos(), activity);
        this.decider = new Thread(this::decideLoop, "reflex-decide");
        this.decider.setDaemon(true);
    }

    /** A builder for an engine acting on {@code control} within {@code envelope}. */
    public static Builder builder(MicroscopeControl control, SafetyEnvelope envelope) {
        return new Builder(control, envelope);
    }

    /**
     * Starts the decision and hardware threads.
     *
     * @throws IllegalStateException if the engine was already started, or if it is live (not dry run) and the
     *         safety envelope has no Z soft limits
     */
    public void start() {
        if (!dryRun && !envelope.hasZLimits()) {
            throw new IllegalStateException("Refusing to start the policy engine in live mode: the safety envelope "
                    + "has no Z soft limits. Set them with SafetyEnvelope.builder().optZLimitsUm(min, max), or run "
                    + "with optDryRun(true) to decide and log without moving anything.");
        }
        if (!lifecycle.compareAndSet(Lifecycle.NEW, Lifecycle.RUNNING)) {
            throw new IllegalStateException("The policy engine can be started once; it is " + lifecycle.get());
        }
        decider.start();
        List<String> names = new ArrayList<>();
        policies.forEach(p -> names.add(p.name()));
        EngineEvent started = new EngineEvent(EngineEvent.Kind.STARTED, (dryRun ? "dry run" : "live")
                + ", policies " + names + ", " + envelope, System.nanoTime(), null);
        inbox.offer(() -> emit(started));
    }

    /** Pauses the policies (results are still logged; nothing is commanded). No-op if already paused. */
    public void pause() {
        inbox.offer(this::pauseByUser);
    }

    /** Resumes the policies after a pause, a hardware failure or a manual override. */
    public void resume() {
        inbox.offer(() -> emit(core.resume(System.nanoTime())));
    }

    /**
     * Stops the engine: no more decisions; waits for a plan in flight up to its step timeout. Idempotent. Called
     * from a listener (on the decision thread) it returns at once and the engine stops after that callback.
     */
    public void stop() {
        Lifecycle was = lifecycle.getAndSet(Lifecycle.STOPPED);
        if (was == Lifecycle.STOPPED) {
            return;
        }
        if (was == Lifecycle.RUNNING) {
            inbox.offer(this::stopDeciding);
            if (Thread.currentThread() == decider) {
                executor.shutdown();
                return;
            }
            try {
                decider.join(TimeUnit.NANOSECONDS.toMillis(stepTimeoutNanos) + 5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        executor.awaitStop();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Hands {@code result} to the decision thread and returns at once (newest wins); ignored unless running. */
    @Override
    public void onResult(AnalysisResult result) {
        Objects.requireNonNull(result, "result");
        if (lifecycle.get() != Lifecycle.RUNNING) {
            return;
        }
        core.counters.incrementAndGet(DecisionCore.RESULTS);
        if (latest.getAndSet(result) != null) {
            core.counters.incrementAndGet(DecisionCore.SUPERSEDED);
        } else {
            inbox.offer(newResult);
        }
    }

    /** Why the decision log stopped being written (a failed write), if it did; decisions go on regardless. */
    public Optional<String> decisionLogFailure() {
        return Optional.ofNullable(logFailure);
    }

    /**
     * When this engine's plans changed what the camera sees, so that frames taken meanwhile are not analysed as
     * live frames; any thread.
     */
    public HardwareActivity hardwareActivity() {
        return activity;
    }

    /** A snapshot of the counters and the paused state; any thread. */
    public EngineCounters counters() {
        long[] c = new long[core.counters.length()];
        for (int i = 0; i < c.length; i++) {
            c[i] = core.counters.get(i);
        }
        return new EngineCounters(lifecycle.get(), dryRun, core.pauseReason(), c);
    }

    /** Whether policies are currently paused (by the user, a hardware failure or a manual override). */
    public boolean isPaused() {
        return !core.pauseReason().isEmpty();
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public SafetyEnvelope envelope() {
        return envelope;
    }

    // ---------------------------------------------------------------- decision thread

    /** What the decision thread is asked to do; handled in arrival order, on that thread. */
    @FunctionalInterface
    private interface Message {
        void handle();
    }

    private void decideLoop() {
        try {
            while (deciding) {
                Message m = inbox.poll(executor.waitNanos(), TimeUnit.NANOSECONDS);
                failOverdueStep();
                if (m != null) {
                    m.handle();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("The policy engine's decision thread failed; no more decisions will be made", e);
            throw e;
        }
    }

    private void stopDeciding() {
        emit(new EngineEvent(EngineEvent.Kind.STOPPED, "stopped: " + counters(), System.nanoTime(), null));
        deciding = false;
    }

    private void pauseByUser() {
        if (core.pauseReason().isEmpty()) {
            emit(core.pause(EngineEvent.Kind.PAUSED, "paused by the user", System.nanoTime(), null));
        }
    }

    private void decideOnLatest() {
        AnalysisResult r = latest.getAndSet(null);
        if (r == null) {
            return;
        }
        MicroscopeState state = null;
        if (core.needsState()) {
            try {
                state = executor.readState();
            } catch (HardwareException e) {
                publish(core.stateReadFailed("reading the microscope state failed: " + e.getMessage(), e,
                        System.nanoTime()));
            }
        }
        DecisionCore.Output c = core.decide(r, state, System.nanoTime());
        if (c.toExecute != null) {
            executor.execute(c.toExecute, done -> inbox.offer(() -> planDone(done)));
        }
        publish(c);
    }

    private void planDone(PlanExecutor.Done d) {
        if (d.abandoned) {
            LOG.warn("A timed-out plan returned late after {} ms ({}); policies stay paused",
                    (d.finished - d.started) / 1e6, d.status);
            core.planFinished(d.status, d.error, d.cause, d.started, d.finished, null, true);
        } else {
            publish(core.planFinished(d.status, d.error, d.cause, d.started, d.finished, d.after, true));
        }
        d.stacks.forEach(this::emitStack);
    }

    private void failOverdueStep() {
        long now = System.nanoTime();
        PlanExecutor.OverdueStep overdue = executor.overdueStep(now);
        if (overdue != null) {
            publish(core.planFinished(ExecutionStatus.TIMED_OUT, overdue.message, null, overdue.planStarted, now,
                    null, false));
        }
    }

    private void publish(DecisionCore.Output c) {
        c.events.forEach(this::emit);
        if (c.record != null) {
            DecisionRecord r = c.record;
            if (latencies != null) {
                if (r.analysedToDecidedNanos() >= 0) {
                    latencies.record(HOP_ANALYSED_DECIDED, r.analysedToDecidedNanos());
                }
                if (r.decidedToActuatedNanos() >= 0) {
                    latencies.record(HOP_DECIDED_ACTUATED, r.decidedToActuatedNanos());
                }
                if (r.cameraToActuatedNanos() >= 0) {
                    latencies.record(HOP_CAMERA_ACTUATED, r.cameraToActuatedNanos());
                }
            }
            if (log != null && logFailure == null) {
                try {
                    log.write(r);
                } catch (java.io.UncheckedIOException ex) {
                    // A full disk must not end the decision thread: policies and recording go on, unlogged.
                    logFailure = ex.getMessage() + ": " + ex.getCause().getMessage();
                    LOG.error("{}; later decisions are not logged, the run goes on", logFailure);
                }
            }
            for (EngineListener l : listeners) {
                try {
                    l.onDecision(r);
                } catch (RuntimeException e) {
                    listenerFailed(e);
                }
            }
        }
    }

    private void emit(EngineEvent e) {
        if (e.kind() == EngineEvent.Kind.HARDWARE_FAILURE || e.kind() == EngineEvent.Kind.MANUAL_OVERRIDE) {
            LOG.warn("{}", e.message(), e.cause().orElse(null));
        } else {
            LOG.info("{}: {}", e.kind(), e.message());
        }
        for (EngineListener l : listeners) {
            try {
                l.onEvent(e);
            } catch (RuntimeException ex) {
                listenerFailed(ex);
            }
        }
    }

    private void emitStack(AcquiredStack s) {
        for (EngineListener l : listeners) {
            try {
                l.onStack(s);
            } catch (RuntimeException ex) {
                listenerFailed(ex);
            }
        }
    }

    private void listenerFailed(RuntimeException e) {
        core.counters.incrementAndGet(DecisionCore.LISTENER_ERRORS);
        LOG.warn("An engine listener threw; ignored", e);
    }

    /** Builder of {@link PolicyEngine}: {@code set*}-free; the microscope and envelope are required up front. */
    public static final class Builder {
        private final MicroscopeControl control;
        private final SafetyEnvelope envelope;
        private final List<AcquisitionPolicy> policies = new ArrayList<>();
        private final List<EngineListener> listeners = new ArrayList<>();
        private boolean dryRun;
        private Duration watchdog = Duration.ofSeconds(1);
        private Duration stepTimeout = Duration.ofSeconds(10);
        private Duration acquireTimeout = Duration.ofMinutes(5);
        private double overrideZUm = 1.0;
        private double overrideXYUm = 5.0;
        private LatencyRecorder latencies;
        private DecisionLogWriter log;

        private Builder(MicroscopeControl control, SafetyEnvelope envelope) {
            this.control = Objects.requireNonNull(control, "control");
            this.envelope = Objects.requireNonNull(envelope, "envelope");
        }

        /** Adds a policy (names must be unique). */
        public Builder addPolicy(AcquisitionPolicy policy) {
            Objects.requireNonNull(policy, "policy");
            for (AcquisitionPolicy p : policies) {
                if (p.name().equals(policy.name())) {
                    throw new IllegalArgumentException("A policy named '" + policy.name() + "' was already added; "
                            + "policy names must be unique (they key the decision log)");
                }
            }
            policies.add(policy);
            return this;
        }

        /** Dry run: decide and log everything, execute nothing (default false). */
        public Builder optDryRun(boolean v) {
            dryRun = v;
            return this;
        }

        /** Results older than this (camera to decision) cause no motion (default 1 s; zero disables). */
        public Builder optWatchdog(Duration v) {
            if (v.isNegative()) {
                throw new IllegalArgumentException("Watchdog limit must be >= 0, got " + v);
            }
            watchdog = v;
            return this;
        }

        /** Timeout of each plan step and state read (default 10 s). */
        public Builder optStepTimeout(Duration v) {
            stepTimeout = positive(v, "Step timeout");
            return this;
        }

        /** Timeout of an acquisition step (burst or z-stack; default 5 min). */
        public Builder optAcquireTimeout(Duration v) {
            acquireTimeout = positive(v, "Acquire timeout");
            return this;
        }

        /** How far Z and XY may differ from what the engine last commanded before it counts as manual override
         * (defaults 1 µm and 5 µm). */
        public Builder optOverrideToleranceUm(double zUm, double xyUm) {
            if (!(zUm > 0) || !(xyUm > 0)) {
                throw new IllegalArgumentException("Override tolerances must be > 0 µm, got z=" + zUm + " xy="
                        + xyUm);
            }
            overrideZUm = zUm;
            overrideXYUm = xyUm;
            return this;
        }

        /** Where to record the analysed→decided, decided→actuated and camera→actuated hops. */
        public Builder optLatencyRecorder(LatencyRecorder v) {
            latencies = v;
            return this;
        }

        /** Where to write one JSON line per decision (the caller closes it after the engine). */
        public Builder optDecisionLog(DecisionLogWriter v) {
            log = v;
            return this;
        }

        /** Adds a listener for events, decisions and acquired stacks. */
        public Builder addListener(EngineListener v) {
            listeners.add(Objects.requireNonNull(v, "listener"));
            return this;
        }

        private static Duration positive(Duration v, String what) {
            if (v.isZero() || v.isNegative()) {
                throw new IllegalArgumentException(what + " must be > 0, got " + v);
            }
            return v;
        }

        public PolicyEngine build() {
            return new PolicyEngine(this);
        }
    }
}
