package org.reflexscope.mm.survey;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.reflexscope.core.inference.ModelLoadException;
import org.reflexscope.mm.core.MmCoreSession;
import org.reflexscope.mm.panel.PluginWorker;
import org.reflexscope.mm.panel.SettingsStore;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.survey.SurveyException;
import org.reflexscope.policy.survey.SurveyResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Survey section's logic, free of Swing and Studio: settings persistence and validation, one guided survey at
 * a time on a Micro-Manager core ({@link MmCoreSurveyRun}: the run folder {@code reflex survey --mm} writes), Stop,
 * and progress (tiles done, targets found, visits done, the run folder).
 *
 * <p><b>Threads.</b> The survey and every query run on one background thread ("reflex-survey-worker"), made like
 * the panel's run worker ({@link PluginWorker}: a big stack for the models, the plugin's class loader). Progress
 * reaches the {@link Listener}s through the {@code callbacks} executor ({@code SwingUtilities::invokeLater} in the
 * panel). Public methods may be called from any thread; {@link #stop()} takes effect at the survey's next XY move
 * or acquisition, and the starting objective and Z are restored before the future completes.
 */
public final class SurveyController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SurveyController.class);
    /** What the view learns, always on the callbacks executor. */
    public interface Listener {
        void onProgress(SurveyProgress progress);
    }

    private final MmCoreSession session;
    private final ListedPositions positions;
    private final SettingsStore store;
    private final Path defaultFolder;
    private final Supplier<String> blockedReason;
    private final Executor callbacks;
    private final ExecutorService worker;
    private final UnaryOperator<MicroscopeControl> commands;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile SurveyProgress progress = SurveyProgress.IDLE;
    private volatile StoppableMicroscope running;

    /**
     * @param session the core the survey commands
     * @param positions the user's position list (Studio's inside Studio)
     * @param store where the settings are kept between sessions
     * @param defaultFolder where run folders go when the settings name no folder
     * @param blockedReason why a survey cannot start now (Live mode, a Reflex run), or {@code ""}
     * @param callbacks runs the listeners' calls
     */
    public SurveyController(MmCoreSession session, ListedPositions positions, SettingsStore store, Path defaultFolder,
            Supplier<String> blockedReason, Executor callbacks) {
        this(session, positions, store, defaultFolder, blockedReason, callbacks, UnaryOperator.identity());
    }

    /**
     * As the other constructor, with {@code commands} wrapping the core's microscope: every command of a survey
     * (moves, presets, acquisitions) reaches the core through the control it returns, after the safety envelope's
     * check (e.g. to keep an audit of every command).
     */
    public SurveyController(MmCoreSession session, ListedPositions positions, SettingsStore store, Path defaultFolder,
            Supplier<String> blockedReason, Executor callbacks, UnaryOperator<MicroscopeControl> commands) {
        this.commands = Objects.requireNonNull(commands, "commands");
        this.session = Objects.requireNonNull(session, "session");
        this.positions = Objects.requireNonNull(positions, "positions");
        this.store = Objects.requireNonNull(store, "store");
        this.defaultFolder = Objects.requireNonNull(defaultFolder, "defaultFolder");
        this.blockedReason = Objects.requireNonNull(blockedReason, "blockedReason");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.worker = PluginWorker.newSingleThread("reflex-survey-worker");
    }

    /** The default folder for survey run folders: {@code ~/Reflex/surveys}. */
    public static Path defaultFolder() {
        return Paths.get(System.getProperty("user.home"), "Reflex", "surveys");
    }

    public void addListener(Listener l) {
        listeners.add(Objects.requireNonNull(l, "listener"));
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    public SurveySettings loadSettings() {
        return SurveySettings.loadFrom(store);
    }

    public void saveSettings(SurveySettings settings) {
        settings.saveTo(store);
    }

    public SurveyProgress progress() {
        return progress;
    }

    /** The objective presets of the core's objective group (for the objective choices), on the worker. */
    public CompletableFuture<List<String>> objectives() {
        CompletableFuture<List<String>> f = new CompletableFuture<>();
        execute(f, () -> {
            try {
                f.complete(session.microscope(null).presets(MicroscopeControl.OBJECTIVE_GROUP));
            } catch (HardwareException | RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /**
     * The presets of the core's channel group (for the visit channels), on the worker; empty when the configuration
     * sets no channel group.
     */
    public CompletableFuture<List<String>> channels() {
        CompletableFuture<List<String>> f = new CompletableFuture<>();
        execute(f, () -> {
            try {
                String group = session.core().getChannelGroup();
                f.complete(group.isEmpty() ? List.of() : session.microscope(null).presets(group));
            } catch (HardwareException | RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /**
     * Saves and checks {@code settings}, then runs a survey on the worker. The future completes with the final
     * progress (done, stopped or failed, with its message) once the starting objective and Z are restored; it
     * fails only when the survey cannot start (the settings, a survey already running, Live mode), with the
     * reason as its message, which the listeners also get as a failed progress.
     */
    public synchronized CompletableFuture<SurveyProgress> start(SurveySettings settings) {
        saveSettings(settings);
        List<String> problems = new ArrayList<>(settings.problems());
        String blocked = blockedReason.get();
        if (!blocked.isEmpty()) {
            problems.add(blocked);
        }
        if (progress.state().active()) {
            problems.add("A survey is running: stop it first.");
        }
        if (!problems.isEmpty()) {
            String message = String.join(" ", problems);
            if (!progress.state().active()) {
                update(q -> q.with(SurveyProgress.State.FAILED, message));
            }
            return CompletableFuture.failedFuture(new SurveyException(message));
        }
        StoppableMicroscope scope = new StoppableMicroscope(commands.apply(session.microscope(null)));
        running = scope;
        Path parent = settings.folder().isEmpty() ? defaultFolder : Paths.get(settings.folder());
        Path folder = parent.resolve("survey-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern(
                "yyyyMMdd-HHmmss-SSS"))).toAbsolutePath();
        update(q -> new SurveyProgress(SurveyProgress.State.RUNNING, 0, 0, 0, 0, 0, "", "Starting…"));
        CompletableFuture<SurveyProgress> f = new CompletableFuture<>();
        execute(f, () -> f.complete(runOnWorker(settings, scope, folder)));
        return f;
    }

    /** Ends the running survey at its next step; the starting objective and Z are restored. No-op when idle. */
    public synchronized void stop() {
        StoppableMicroscope s = running;
        if (s != null && progress.state() == SurveyProgress.State.RUNNING) {
            s.stop();
            update(q -> q.with(SurveyProgress.State.STOPPING, "Stopping: restoring the objective and Z…"));
        }
    }

    private SurveyProgress runOnWorker(SurveySettings settings, StoppableMicroscope scope, Path folder) {
        String[] objectives = {"", ""};
        MmCoreSurveyRun.Progress sink = new MmCoreSurveyRun.Progress() {
            @Override
            public void planned(int tiles, Path f, String surveyObjective, String visitObjective) {
                objectives[0] = surveyObjective;
                objectives[1] = visitObjective;
                update(q -> q.withFolder(f.toString()).withTiles(0, tiles, 0).with(q.state(),
                        "Surveying " + tiles + " tiles at " + surveyObjective + ", visits at " + visitObjective));
            }

            @Override
            public void tile(int tilesDone, int targetsFound) {
                update(q -> q.withTiles(tilesDone, q.tilesTotal(), targetsFound));
            }

            @Override
            public void visitsChosen(int chosen) {
                // interleaved visits may be done already when the last tile comes in
                update(q -> q.withVisits(q.visitsDone(), Math.max(chosen, q.visitsDone())).with(q.state(),
                        chosen == 0 ? "No target to visit" : "Visiting " + chosen + " targets"));
            }

            @Override
            public void visited(int visitsDone) {
                update(q -> q.withVisits(visitsDone, Math.max(visitsDone, q.visitsPlanned())));
            }
        };
        java.util.function.UnaryOperator<SurveyProgress> end;
        try {
            SurveyResult result = new MmCoreSurveyRun(session, settings, positions, folder, scope, sink).run();
            String text = "Done: " + result.targets().size() + " targets, " + progress.visitsDone() + " visited at "
                    + objectives[1] + "; " + restoredState(scope);
            end = q -> q.with(SurveyProgress.State.DONE, text);
        } catch (StoppableMicroscope.StoppedException e) {
            String text = "Stopped; " + restoredState(scope);
            end = q -> q.with(SurveyProgress.State.STOPPED, text);
        } catch (SurveyException | HardwareException | java.io.IOException | ModelLoadException | RuntimeException
                | Error e) {
            // an Error too (AWT without a display writing overview.png, a missing class): the future must complete
            LOG.error("The Reflex survey failed: {}", e.toString(), e);
            String text = "The survey failed: " + e.getMessage() + "; " + restoredState(scope);
            end = q -> q.with(SurveyProgress.State.FAILED, text);
        } finally {
            running = null;
        }
        return update(end);
    }

    /** "objective back at 10X, Z at 0.00 µm": the microscope's state after the survey restored it. */
    private static String restoredState(StoppableMicroscope scope) {
        try {
            MicroscopeState s = scope.state();
            return String.format(Locale.ROOT, "objective back at %s, Z at %.2f µm",
                    s.preset(MicroscopeControl.OBJECTIVE_GROUP), s.zUm());
        } catch (HardwareException | RuntimeException e) {
            return "the microscope's state could not be read: " + e.getMessage();
        }
    }

    /** Changes the progress and tells the listeners, one change at a time. */
    private synchronized SurveyProgress update(java.util.function.UnaryOperator<SurveyProgress> change) {
        SurveyProgress p = change.apply(progress);
        progress = p;
        callbacks.execute(() -> listeners.forEach(l -> l.onProgress(p)));
        return p;
    }

    private void execute(CompletableFuture<?> f, Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            running = null;
            f.completeExceptionally(new SurveyException("The Reflex survey section is closed."));
        }
    }

    /**
     * Stops a running survey and waits up to {@code timeoutMs} for it to restore the microscope, then ends the
     * worker. Idempotent.
     */
    public void close(long timeoutMs) {
        stop();
        worker.shutdown();
        try {
            if (!worker.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS)) {
                LOG.error("The Reflex survey did not stop within {} ms", timeoutMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops a running survey and ends the worker without waiting. */
    @Override
    public void close() {
        stop();
        worker.shutdown();
    }
}
