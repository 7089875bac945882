package org.reflexscope.policy.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.metrics.LatencyRecorder;
import org.reflexscope.core.analysis.AnalysisListener;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.DeviceErrorException;
import org.reflexscope.policy.hardware.DeviceTimeoutException;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.log.DecisionLogWriter;
import org.reflexscope.policy.log.DecisionRecord;
import org.reflexscope.policy.log.ExecutionStatus;
import org.reflexscope.policy.plan.Acquire;
import org.reflexscope.policy.plan.HardwareAction;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.plan.SetExposure;
import org.reflexscope.policy.plan.SetFrameInterval;
import org.reflexscope.policy.plan.SetPreset;
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
 *         .optListener(events)
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
    private static final Object RESULT = new Object();
    private static final Object STOP = new Object();

    private final MicroscopeControl control;
    private final SafetyEnvelope envelope;
    private final List<AcquisitionPolicy> policies;
    private final boolean dryRun;
    private final long stepTimeoutNanos;
    private final long acquireTimeoutNanos;
    private final LatencyRecorder latencies;
    private final DecisionLogWriter log;
    /** Why the decision log stopped (a write failed: disk full, folder gone); {@code null} while it works. */
    private volatile String logFailure;
    private final List<EngineListener> listeners;
    private final DecisionCore core;

    private final AtomicReference<AnalysisResult> latest = new AtomicReference<>();
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.NEW);
    private final ExecutorService hardware;
    private final Thread decider;
    private volatile StepWatch watch;

    private PolicyEngine(Builder b) {
        this.control = b.control;
        this.envelope = b.envelope;
        this.policies = List.copyOf(b.policies);
        this.dryRun = b.dryRun;
        this.stepTimeoutNanos = b.stepTimeout.toNanos();
        this.acquireTimeoutNanos = b.acquireTimeout.toNanos();
        this.latencies = b.latencies;
        this.log = b.log;
        this.listeners = List.copyOf(b.listeners);
        this.core = new DecisionCore(policies, envelope, dryRun, b.watchdog.toNanos(), b.overrideZUm,
                b.overrideXYUm);
        this.hardware = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "reflex-hardware");
            t.setDaemon(true);
            return t;
        });
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
        inbox.offer(new EngineEvent(EngineEvent.Kind.STARTED, (dryRun ? "dry run" : "live") + ", policies "
                + names + ", " + envelope, System.nanoTime(), null));
    }

    /** Pauses the policies (results are still logged; nothing is commanded). No-op if already paused. */
    public void pause() {
        inbox.offer(Control.PAUSE);
    }

    /** Resumes the policies after a pause, a hardware failure or a manual override. */
    public void resume() {
        inbox.offer(Control.RESUME);
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
            inbox.offer(STOP);
            if (Thread.currentThread() == decider) {
                hardware.shutdown();
                return;
            }
            try {
                decider.join(TimeUnit.NANOSECONDS.toMillis(stepTimeoutNanos) + 5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        hardware.shutdown();
        try {
            if (!hardware.awaitTermination(stepTimeoutNanos, TimeUnit.NANOSECONDS)) {
                LOG.warn("A hardware command is still running after the engine stopped; interrupting "
                        + "reflex-hardware");
                hardware.shutdownNow();
            }
        } catch (InterruptedException e) {
            hardware.shutdownNow();
            Thread.currentThread().interrupt();
        }
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
            inbox.offer(RESULT);
        }
    }

    /** A snapshot of the counters and the paused state; any thread. */
    /** Why the decision log stopped being written (a failed write), if it did; decisions go on regardless. */
    public java.util.Optional<String> decisionLogFailure() {
        return java.util.Optional.ofNullable(logFailure);
    }

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

    private enum Control {
        PAUSE, RESUME
    }

    private void decideLoop() {
        try {
            while (true) {
                Object m = inbox.poll(waitNanos(), TimeUnit.NANOSECONDS);
                checkStepTimeout();
                if (m == null) {
                    continue;
                }
                if (m == STOP) {
                    emit(new EngineEvent(EngineEvent.Kind.STOPPED, "stopped: " + counters(), System.nanoTime(),
                            null));
                    return;
                }
                handle(m);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("The policy engine's decision thread failed; no more decisions will be made", e);
            throw e;
        }
    }

    private void handle(Object m) {
        if (m == RESULT) {
            AnalysisResult r = latest.getAndSet(null);
            if (r != null) {
                onNewResult(r);
            }
        } else if (m == Control.PAUSE) {
            if (core.pauseReason().isEmpty()) {
                emit(core.pause(EngineEvent.Kind.PAUSED, "paused by the user", System.nanoTime(), null));
            }
        } else if (m == Control.RESUME) {
            emit(core.resume(System.nanoTime()));
        } else if (m instanceof EngineEvent) {
            emit((EngineEvent) m);
        } else if (m instanceof PlanDone) {
            PlanDone d = (PlanDone) m;
            if (d.abandoned) {
                LOG.warn("A timed-out plan returned late after {} ms ({}); policies stay paused",
                        (d.finished - d.started) / 1e6, d.status);
                core.planFinished(d.status, d.error, d.cause, d.started, d.finished, null, true);
            } else {
                publish(core.planFinished(d.status, d.error, d.cause, d.started, d.finished, d.after, true));
            }
            d.stacks.forEach(this::emitStack);
        }
    }

    private void onNewResult(AnalysisResult r) {
        MicroscopeState state = null;
        if (core.needsState()) {
            try {
                state = readState();
            } catch (HardwareException e) {
                publish(core.stateReadFailed("reading the microscope state failed: " + e.getMessage(), e,
                        System.nanoTime()));
            }
        }
        long now = System.nanoTime();
        DecisionCore.Cycle c = core.decide(r, state, now);
        if (c.toExecute != null) {
            HardwarePlan plan = c.toExecute;
            AtomicBoolean abandoned = new AtomicBoolean();
            watch = new StepWatch(plan, -1, Long.MAX_VALUE, abandoned);
            hardware.execute(() -> execute(plan, abandoned));
        }
        publish(c);
    }

    private MicroscopeState readState() throws HardwareException {
        Future<MicroscopeState> f = hardware.submit(control::state);
        try {
            return f.get(stepTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new DeviceTimeoutException("", "state() did not return within "
                    + TimeUnit.NANOSECONDS.toMillis(stepTimeoutNanos) + " ms", TimeUnit.NANOSECONDS.toMillis(
                            stepTimeoutNanos));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HardwareException) {
                throw (HardwareException) cause;
            }
            throw new DeviceErrorException("", "state() failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceErrorException("", "interrupted reading state", e);
        }
    }

    private long waitNanos() {
        StepWatch w = watch;
        if (w == null || w.deadline == Long.MAX_VALUE) {
            return TimeUnit.MILLISECONDS.toNanos(250);
        }
        return Math.max(1, Math.min(w.deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(250)));
    }

    private void checkStepTimeout() {
        StepWatch w = watch;
        long now = System.nanoTime();
        if (w != null && now > w.deadline && w.abandoned.compareAndSet(false, true)) {
            String msg = String.format(Locale.ROOT, "step %d (%s) did not complete within %.0f ms", w.step + 1,
                    w.plan.steps().get(w.step), (w.deadline - w.started) / 1e6);
            publish(core.planFinished(ExecutionStatus.TIMED_OUT, msg, null, w.planStarted, now, null, false));
        }
    }

    private void publish(DecisionCore.Cycle c) {
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

    // ---------------------------------------------------------------- hardware thread

    private void execute(HardwarePlan plan, AtomicBoolean abandoned) {
        long started = System.nanoTime();
        ExecutionStatus status = ExecutionStatus.SUCCEEDED;
        String error = "";
        Throwable cause = null;
        List<AcquiredStack> stacks = new ArrayList<>();
        for (int i = 0; i < plan.steps().size() && !abandoned.get(); i++) {
            HardwareAction step = plan.steps().get(i);
            long t0 = System.nanoTime();
            long timeout = step.kind() == HardwareAction.Kind.ACQUIRE ? acquireTimeoutNanos : stepTimeoutNanos;
            watch = new StepWatch(plan, i, t0, timeout, started, abandoned);
            try {
                AcquiredStack s = run(step);
                if (s != null) {
                    stacks.add(s);
                }
            } catch (DeviceTimeoutException e) {
                status = ExecutionStatus.TIMED_OUT;
                error = describe(i, step, e);
                cause = e;
                break;
            } catch (HardwareException e) {
                status = ExecutionStatus.FAILED;
                error = describe(i, step, e);
                cause = e;
                break;
            } catch (RuntimeException e) {
                status = ExecutionStatus.FAILED;
                error = describe(i, step, e);
                cause = e;
                break;
            }
        }
        long finished = System.nanoTime();
        MicroscopeState after = null;
        if (status == ExecutionStatus.SUCCEEDED && !abandoned.get()) {
            try {
                after = control.state();
            } catch (HardwareException | RuntimeException e) {
                status = ExecutionStatus.FAILED;
                error = "plan completed but reading the state afterwards failed: " + e.getMessage();
                cause = e;
            }
        }
        watch = null;
        inbox.offer(new PlanDone(status, error, cause, started, finished, after, stacks, abandoned.get()));
    }

    private static String describe(int i, HardwareAction step, Exception e) {
        String device = e instanceof HardwareException && !((HardwareException) e).device().isEmpty()
                ? " [" + ((HardwareException) e).device() + "]" : "";
        return "step " + (i + 1) + " (" + step + ") failed" + device + ": " + e.getMessage();
    }

    private AcquiredStack run(HardwareAction step) throws HardwareException {
        switch (step.kind()) {
            case MOVE_Z:
                control.moveZ(((MoveZ) step).zUm());
                return null;
            case MOVE_XY:
                control.moveXY(((MoveXY) step).xUm(), ((MoveXY) step).yUm());
                return null;
            case SET_PRESET:
                control.setPreset(((SetPreset) step).group(), ((SetPreset) step).preset());
                return null;
            case SET_EXPOSURE:
                control.setExposureMs(((SetExposure) step).exposureMs());
                return null;
            case SET_FRAME_INTERVAL:
                control.setFrameIntervalMs(((SetFrameInterval) step).intervalMs());
                return null;
            case ACQUIRE:
                return control.acquire(((Acquire) step).request());
            default:
                throw new IllegalArgumentException("Unknown action kind " + step.kind());
        }
    }

    private static final class StepWatch {
        final HardwarePlan plan;
        final int step;
        final long started;
        final long deadline;
        final long planStarted;
        final AtomicBoolean abandoned;

        StepWatch(HardwarePlan plan, int step, long deadline, AtomicBoolean abandoned) {
            this(plan, step, System.nanoTime(), deadline, System.nanoTime(), abandoned);
        }

        StepWatch(HardwarePlan plan, int step, long started, long timeout, long planStarted,
                AtomicBoolean abandoned) {
            this.plan = plan;
            this.step = step;
            this.started = started;
            this.deadline = timeout == Long.MAX_VALUE ? Long.MAX_VALUE : started + timeout;
            this.planStarted = planStarted;
            this.abandoned = abandoned;
        }
    }

    private static final class PlanDone {
        final ExecutionStatus status;
        final String error;
        final Throwable cause;
        final long started;
        final long finished;
        final MicroscopeState after;
        final List<AcquiredStack> stacks;
        final boolean abandoned;

        PlanDone(ExecutionStatus status, String error, Throwable cause, long started, long finished,
                MicroscopeState after, List<AcquiredStack> stacks, boolean abandoned) {
            this.status = status;
            this.error = error;
            this.cause = cause;
            this.started = started;
            this.finished = finished;
            this.after = after;
            this.stacks = stacks;
            this.abandoned = abandoned;
        }
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
        public Builder optListener(EngineListener v) {
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
