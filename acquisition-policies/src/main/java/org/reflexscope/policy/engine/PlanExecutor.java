package org.reflexscope.policy.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.DeviceErrorException;
import org.reflexscope.policy.hardware.DeviceTimeoutException;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.log.ExecutionStatus;
import org.reflexscope.policy.plan.HardwareAction;
import org.reflexscope.policy.plan.HardwarePlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PolicyEngine}'s hardware side (contract 6 in docs/architecture.md): every {@link MicroscopeControl}
 * call runs on its one thread, {@code reflex-hardware}, one plan at a time, each step with a timeout
 * ({@link #execute}); state reads wait for their answer ({@link #readState}). The decision thread watches the step in
 * flight ({@link #overdueStep}): a step past its deadline abandons its plan, whose later steps then do not run. What
 * a plan did is handed back as a {@link Done}.
 */
final class PlanExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(PlanExecutor.class);
    private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final MicroscopeControl control;
    private final StepCommands commands;
    private final long stepTimeoutNanos;
    private final long acquireTimeoutNanos;
    private final ExecutorService hardware;
    private final HardwareActivity activity;
    private volatile StepWatch watch;

    PlanExecutor(MicroscopeControl control, long stepTimeoutNanos, long acquireTimeoutNanos,
            HardwareActivity activity) {
        this.control = control;
        this.activity = activity;
        this.commands = new StepCommands(control);
        this.stepTimeoutNanos = stepTimeoutNanos;
        this.acquireTimeoutNanos = acquireTimeoutNanos;
        this.hardware = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "reflex-hardware");
            t.setDaemon(true);
            return t;
        });
    }

    /** What a plan did: its status, the error and its cause, when it ran, the state after it and its stacks. */
    static final class Done {
        final ExecutionStatus status;
        final String error;
        final Throwable cause;
        final long started;
        final long finished;
        final MicroscopeState after;
        final List<AcquiredStack> stacks;
        /** Whether the plan had been given up (a step timed out) before it returned. */
        final boolean abandoned;

        Done(ExecutionStatus status, String error, Throwable cause, long started, long finished,
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

    /** A step that ran past its deadline: why, and when its plan started. */
    static final class OverdueStep {
        final String message;
        final long planStarted;

        OverdueStep(String message, long planStarted) {
            this.message = message;
            this.planStarted = planStarted;
        }
    }

    /**
     * Runs {@code plan} on the hardware thread and hands what it did to {@code done} there. Call from the decision
     * thread, one plan at a time.
     */
    void execute(HardwarePlan plan, Consumer<Done> done) {
        AtomicBoolean abandoned = new AtomicBoolean();
        watch = new StepWatch(plan, -1, System.nanoTime(), Long.MAX_VALUE, System.nanoTime(), abandoned);
        hardware.execute(() -> done.accept(run(plan, abandoned)));
    }

    /** Reads the microscope's state on the hardware thread, within the step timeout. */
    MicroscopeState readState() throws HardwareException {
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

    /** How long the decision thread may wait for its next message before the step in flight must be checked. */
    long waitNanos() {
        StepWatch w = watch;
        if (w == null || w.deadline == Long.MAX_VALUE) {
            return IDLE_WAIT_NANOS;
        }
        return Math.max(1, Math.min(w.deadline - System.nanoTime(), IDLE_WAIT_NANOS));
    }

    /**
     * The step in flight if it is past its deadline at {@code now}, once: its plan is abandoned from then on (later
     * steps do not run, and its late {@link Done} says so); otherwise {@code null}.
     */
    OverdueStep overdueStep(long now) {
        StepWatch w = watch;
        if (w != null && now > w.deadline && w.abandoned.compareAndSet(false, true)) {
            return new OverdueStep(String.format(Locale.ROOT, "step %d (%s) did not complete within %.0f ms",
                    w.step + 1, w.plan.steps().get(w.step), (w.deadline - w.started) / 1e6), w.planStarted);
        }
        return null;
    }

    /** Accepts no more plans; one in flight finishes. Returns at once. */
    void shutdown() {
        hardware.shutdown();
    }

    /** Waits up to the step timeout for a plan in flight, then interrupts the hardware thread. */
    void awaitStop() {
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

    private Done run(HardwarePlan plan, AtomicBoolean abandoned) {
        long started = System.nanoTime();
        activity.planStarted(started, plan);
        try {
            return runSteps(plan, abandoned, started);
        } finally {
            activity.planFinished(System.nanoTime());
        }
    }

    private Done runSteps(HardwarePlan plan, AtomicBoolean abandoned, long started) {
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
                AcquiredStack s = step.accept(commands);
                if (s != null) {
                    stacks.add(s);
                }
            } catch (DeviceTimeoutException e) {
                status = ExecutionStatus.TIMED_OUT;
                error = describe(i, step, e);
                cause = e;
                break;
            } catch (HardwareException | RuntimeException e) {
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
        return new Done(status, error, cause, started, finished, after, stacks, abandoned.get());
    }

    private static String describe(int i, HardwareAction step, Exception e) {
        String device = e instanceof HardwareException && !((HardwareException) e).device().isEmpty()
                ? " [" + ((HardwareException) e).device() + "]" : "";
        return "step " + (i + 1) + " (" + step + ") failed" + device + ": " + e.getMessage();
    }

    /** The step in flight and its deadline ({@code Long.MAX_VALUE}: none, e.g. before the first step starts). */
    private static final class StepWatch {
        final HardwarePlan plan;
        final int step;
        final long started;
        final long deadline;
        final long planStarted;
        final AtomicBoolean abandoned;

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
}
