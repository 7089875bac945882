package org.reflexscope.mm.panel;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The panel's logic, free of Swing and Studio: settings persistence and validation, the run lifecycle, reactions
 * to Micro-Manager's live mode, acquisitions and shutdown, and status polling.
 *
 * <p><b>Threads.</b> Every backend call runs on one background thread ("reflex-panel-worker"), so the Swing event
 * thread never blocks; results reach the {@link Listener} through the {@code callbacks} executor given at
 * construction ({@code SwingUtilities::invokeLater} in the panel, a direct executor in tests). Public methods may
 * be called from any thread. The worker's context class loader is the one that loaded this class (Studio's plugin
 * loader inside Studio), so that service lookups (DJL's engines) see the plugin jar.
 */
public final class ReflexPanelController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReflexPanelController.class);
    /** Decisions kept for the table. */
    public static final int DECISION_ROWS = 200;

    /** What the view learns from the controller, always on the callbacks executor. */
    public interface Listener {
        /** New status, recent decisions and button states. */
        void onStatus(RunStatus status, List<DecisionRow> decisions, PanelControls controls);

        /** A message for the user (a refused start, a backend error, a pause forced by Micro-Manager). */
        void onMessage(String message);
    }

    private final ReflexBackend backend;
    private final SettingsStore store;
    private final java.util.concurrent.Executor callbacks;
    private final ExecutorService worker;
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private volatile RunStatus lastStatus = RunStatus.IDLE;
    private volatile List<DecisionRow> lastDecisions = List.of();
    private volatile boolean liveMode;
    private volatile boolean acquisitionRunning;
    private volatile int inFlight;
    /** Why another part of Reflex holds the microscope now (the Survey section's survey), or {@code ""}. */
    private volatile java.util.function.Supplier<String> otherActivity = () -> "";

    public ReflexPanelController(ReflexBackend backend, SettingsStore store, java.util.concurrent.Executor callbacks) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.store = Objects.requireNonNull(store, "store");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.worker = PluginWorker.newSingleThread("reflex-panel-worker");
    }

    public void addListener(Listener l) {
        listeners.add(Objects.requireNonNull(l, "listener"));
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    /** The settings saved last time, or the defaults. */
    public RunSettings loadSettings() {
        return RunSettings.loadFrom(store);
    }

    /** Saves {@code settings} for the next session. */
    public void saveSettings(RunSettings settings) {
        settings.saveTo(store);
    }

    /** Checks a model file on the worker; {@code ""} checks the embedded default model. */
    public CompletableFuture<ModelCheck> checkModel(String path) {
        return submit(() -> backend.checkModel(Paths.get(path.trim())));
    }

    /** {@code {z - margin, z + margin}} around the current focus, for the Z-limit fields. */
    public CompletableFuture<double[]> suggestZLimits(double marginUm) {
        if (!(marginUm > 0)) {
            throw new IllegalArgumentException("The Z-limit margin must be > 0 µm, got " + marginUm);
        }
        return submit(() -> {
            double z = backend.currentZUm();
            return new double[] {z - marginUm, z + marginUm};
        });
    }

    /**
     * Tells the controller what else may hold the microscope: while {@code why} returns a reason (e.g. "A survey is
     * running"), {@link #start} refuses with it.
     */
    public void setOtherActivity(java.util.function.Supplier<String> why) {
        this.otherActivity = Objects.requireNonNull(why, "why");
    }

    /**
     * Saves and validates {@code settings}, then starts a run. The future fails with a {@link BackendException}
     * listing what to fix when the settings are invalid or Micro-Manager is using the camera.
     */
    public CompletableFuture<Void> start(RunSettings settings) {
        saveSettings(settings);
        List<String> problems = new ArrayList<>(settings.problems());
        PanelControls c = controls();
        if (!c.blockedReason().isEmpty()) {
            problems.add(c.blockedReason());
        }
        String other = otherActivity.get();
        if (!other.isEmpty()) {
            problems.add(other);
        }
        if (!problems.isEmpty()) {
            String message = String.join(" ", problems);
            notifyMessage(message);
            return CompletableFuture.failedFuture(new BackendException(message));
        }
        return submit(() -> {
            backend.start(settings);
            return null;
        }, true);
    }

    public CompletableFuture<Void> pause() {
        return submit(() -> {
            backend.pause();
            return null;
        }, true);
    }

    public CompletableFuture<Void> resume() {
        return submit(() -> {
            backend.resume();
            return null;
        }, true);
    }

    public CompletableFuture<Void> stop() {
        return submit(() -> {
            backend.stop();
            return null;
        }, true);
    }

    /** Fetches status and decisions on the worker and tells the listeners. */
    public CompletableFuture<RunStatus> refresh() {
        return submit(backend::status);
    }

    /** Micro-Manager's live mode turned on or off: a run cannot start meanwhile, and a running one pauses. */
    public void onLiveMode(boolean on) {
        liveMode = on;
        if (on) {
            pauseForMicroManager("Live mode was turned on");
        } else {
            refresh();
        }
    }

    /** A Micro-Manager acquisition started or ended: same rules as live mode. */
    public void onAcquisition(boolean running) {
        acquisitionRunning = running;
        if (running) {
            pauseForMicroManager("A Micro-Manager acquisition started");
        } else {
            refresh();
        }
    }

    private void pauseForMicroManager(String why) {
        if (lastStatus.state() == RunState.RUNNING) {
            notifyMessage(why + ": Reflex paused its policies (recording continues). Resume when it is over.");
            pause();
        } else {
            refresh();
        }
    }

    /** Micro-Manager is shutting down: stop any run and close. Blocks up to {@code timeoutMs} for the stop. */
    public void onShutdown(long timeoutMs) {
        try {
            stop().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.error("Stopping the Reflex run at shutdown failed: {}", e.getMessage());
        }
        close();
    }

    /** The button states now. */
    public PanelControls controls() {
        return PanelControls.of(lastStatus.state(), liveMode, acquisitionRunning, inFlight > 0);
    }

    /** The decisions fetched with the last status, oldest first. */
    public List<DecisionRow> lastDecisions() {
        return lastDecisions;
    }

    /** The last status fetched. */
    public RunStatus lastStatus() {
        return lastStatus;
    }

    /** Runs a query (status, model check) on the worker; queries do not disable the run buttons. */
    private <T> CompletableFuture<T> submit(BackendCall<T> call) {
        return submit(call, false);
    }

    /**
     * Runs {@code call} on the worker; a {@code lifecycle} request (start, pause, resume, stop) disables the run
     * buttons until it completes, so that a second click cannot race it.
     */
    private <T> CompletableFuture<T> submit(BackendCall<T> call, boolean lifecycle) {
        CompletableFuture<T> f = new CompletableFuture<>();
        int weight = lifecycle ? 1 : 0;
        synchronized (this) {
            inFlight += weight;
        }
        try {
            worker.execute(() -> {
                T result = null;
                Exception error = null;
                try {
                    result = call.call();
                } catch (Exception e) {
                    error = e;
                }
                synchronized (this) {
                    inFlight -= weight;
                }
                try {
                    publishStatus();
                } catch (RuntimeException e) {
                    LOG.error("Reading the Reflex run status failed: {}", e.toString());
                }
                // Complete last, so that a caller waiting on the future sees the status and controls it led to.
                if (error != null) {
                    notifyMessage(error.getMessage() == null ? error.toString() : error.getMessage());
                    f.completeExceptionally(error);
                } else {
                    f.complete(result);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            synchronized (this) {
                inFlight -= weight;
            }
            f.completeExceptionally(new BackendException("The Reflex panel is closed.", e));
        }
        return f;
    }

    /** On the worker: read status and decisions, then tell the listeners on the callbacks executor. */
    private void publishStatus() {
        RunStatus s = backend.status();
        List<DecisionRow> d = backend.recentDecisions(DECISION_ROWS);
        lastStatus = s;
        lastDecisions = d;
        PanelControls c = controls();
        callbacks.execute(() -> listeners.forEach(l -> l.onStatus(s, d, c)));
    }

    private void notifyMessage(String message) {
        callbacks.execute(() -> listeners.forEach(l -> l.onMessage(message)));
    }

    /** Stops the worker (not the backend, which its owner closes). Idempotent. */
    @Override
    public void close() {
        worker.shutdown();
    }

    @FunctionalInterface
    private interface BackendCall<T> {
        T call() throws Exception;
    }
}
