package org.reflexscope.mm.panel;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.analysis.CameraModel;
import org.reflexscope.core.inference.ModelLoadException;
import org.reflexscope.core.inference.ModelSource;
import org.reflexscope.core.metrics.PipelineMetrics;
import org.reflexscope.core.record.NdTiffRecorder;
import org.reflexscope.core.source.FrameSourceException;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.log.DecisionLogWriter;
import org.reflexscope.policy.recipe.PreparedRun;
import org.reflexscope.policy.recipe.RecipeException;
import org.reflexscope.policy.recipe.RigFacts;
import org.reflexscope.policy.recipe.RunRecipe;
import org.reflexscope.policy.session.SessionStatus;
import org.reflexscope.policy.session.SmartAcquisition;
import org.reflexscope.policy.signal.SignalAlarm;
import org.reflexscope.policy.signal.SignalMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The panel's {@link ReflexBackend} as an adapter of {@link SmartAcquisition}, the runtime the {@code reflex}
 * command also uses: it turns {@link RunSettings} into a run (models, policies, safety envelope, recording) on a
 * {@link Rig} opened per run, and a {@link SessionStatus} into the panel's {@link RunStatus} and
 * {@link DecisionRow}s. Each run writes a folder under {@code runsDir}: {@code raw/} (NDTiff),
 * {@code decisions.jsonl}, {@code recipe.json} and, when it stops, {@code camera.json} (the camera model the
 * analysis used, each value with its source) and {@code report.html} ({@link RunSummary}).
 * {@link RunSettings#runsFolder()} names that folder when set.
 *
 * <p><b>Models.</b> The model field names the embedded defaults (empty), an ONNX file with its spec sidecar or a
 * BioImage Model Zoo package ({@link UserModels}); {@link #checkModel} loads it with its declared spec, runs its
 * test cases and times it ({@link org.reflexscope.core.inference.ModelCheck}).
 *
 * <p><b>Threads.</b> Lifecycle methods are called by the panel's worker thread, one at a time; {@link #status()}
 * and {@link #recentDecisions} may be called from any thread.
 *
 * <p><b>Ownership.</b> The backend opens and closes each run's rig, analysis chain, recorder and decision log.
 */
public final class PipelineBackend implements ReflexBackend {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineBackend.class);
    /** Decision records kept for the table (each may hold several proposals). */
    static final int KEPT_DECISIONS = 500;
    /** Longest {@link #stop()} waits for a run another thread is finishing. */
    private static final long FINISH_TIMEOUT_S = 60;
    /** The file of a run folder that records the run's recipe ({@link RunSettings#toRecipe()}). */
    static final String RECIPE_FILE = "recipe.json";
    /**
     * The camera model the run's analysis used: gain, offset and read noise, each with value, unit, source and
     * detail ({@link CameraModel#asMap()}), as {@code reflex} writes it into {@code settings.json}.
     */
    static final String CAMERA_FILE = "camera.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Rig.Provider rigs;
    private final Path runsDir;

    private final Object lock = new Object();
    /** The run whose parts are open (running, or ended by itself and not yet stopped); null when none. */
    private Run active;
    /** The last run stopped: its final status stays visible until the next start. */
    private Run last;

    /** A backend opening a rig from {@code rigs} for each run and writing run folders under {@code runsDir}. */
    public PipelineBackend(Rig.Provider rigs, Path runsDir) {
        this.rigs = Objects.requireNonNull(rigs, "rigs");
        this.runsDir = Objects.requireNonNull(runsDir, "runsDir");
    }

    /** One run: the session and the parts this backend opened for it. */
    private static final class Run {
        final SmartAcquisition session;
        final Rig rig;
        final AnalysisChain chain;
        final DecisionLogWriter log;
        final NdTiffRecorder recorder;
        final RunSettings settings;
        final Path folder;
        final SignalMonitor signal;
        private long ratePublished;
        private long rateNanos = System.nanoTime();
        private double fps;

        Run(SmartAcquisition session, Rig rig, AnalysisChain chain, DecisionLogWriter log, NdTiffRecorder recorder,
                RunSettings settings, Path folder, SignalMonitor signal) {
            this.signal = signal;
            this.session = session;
            this.rig = rig;
            this.chain = chain;
            this.log = log;
            this.recorder = recorder;
            this.settings = settings;
            this.folder = folder;
        }

        /** The signal alarms raised so far, as the panel lists them. */
        List<String> signalAlarms() {
            List<String> out = new java.util.ArrayList<>();
            for (SignalAlarm a : signal.alarms()) {
                out.add(a.message());
            }
            return out;
        }

        /** Frames per second over the last quarter second or more (the panel polls a few times a second). */
        synchronized double fps(long published) {
            long now = System.nanoTime();
            double dt = (now - rateNanos) / 1e9;
            if (dt >= 0.25) {
                fps = (published - ratePublished) / dt;
                ratePublished = published;
                rateNanos = now;
            }
            return fps;
        }
    }

    @Override
    public ModelCheck checkModel(Path model) {
        return UserModels.check(model.toString());
    }

    @Override
    public double currentZUm() throws BackendException {
        synchronized (lock) {
            if (active != null) {
                throw new BackendException("A run is active: set the Z limits before starting a run.");
            }
        }
        try (Rig rig = rigs.open()) {
            return rig.microscope().state().zUm();
        } catch (HardwareException e) {
            throw new BackendException("Could not read the focus position: " + e.getMessage(), e);
        }
    }

    @Override
    public void start(RunSettings settings) throws BackendException {
        Run previous;
        synchronized (lock) {
            previous = active;
        }
        if (previous != null) {
            if (!endedByItself(previous, previous.session.status())) {
                throw new BackendException("A run is already active; stop it first.");
            }
            stop();
        }
        List<ModelSource> models;
        try {
            models = UserModels.load(settings.modelPath());
        } catch (ModelLoadException e) {
            throw new BackendException("The run could not start: " + e.getMessage(), e);
        }
        Path runs = settings.runsFolder().isEmpty() ? runsDir : Paths.get(settings.runsFolder());
        Path folder = runs.resolve("run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern(
                "yyyyMMdd-HHmmss-SSS")));
        Rig rig = rigs.open();
        AnalysisChain chain = null;
        DecisionLogWriter log = null;
        NdTiffRecorder recorder = null;
        SmartAcquisition session = null;
        try {
            Files.createDirectories(folder);
            RunRecipe recipe = settings.toRecipe();
            chain = UserModels.chain(models, settings.analysisBinningFor(rig.source().maxFormat()), rig.camera());
            log = DecisionLogWriter.open(folder.resolve("decisions.jsonl"));
            recorder = NdTiffRecorder.create(folder.resolve("raw"));
            rig.useObjectiveGroup(settings.objectiveGroup());
            List<String> objectives = rig.microscope().presets(MicroscopeControl.OBJECTIVE_GROUP);
            MicroscopeState state = rig.microscope().state();
            String hiRes = settings.trigger() ? TriggerObjective.choose(settings, objectives,
                    state.preset(MicroscopeControl.OBJECTIVE_GROUP), rig.highestMagnification()) : "";
            double dofUm = depthOfFieldUm(settings, objectives, state);
            PreparedRun prepared = PreparedRun.of(recipe, RigFacts.forMicroscope(state, objectives, hiRes)
                    .depthOfFieldUm(dofUm).build());
            withOpticsSteps(recipe, prepared, dofUm).write(folder.resolve(RECIPE_FILE));
            SignalMonitor signal = prepared.policies().signalMonitor().build();
            session = prepared.session(rig.source(), rig.microscope()).setAnalyzer(chain)
                    .addRecorder("ndtiff", recorder).addResultListener(signal).optDecisionLog(log)
                    .optRecentDecisions(KEPT_DECISIONS).build();
            session.start();
            Run r = new Run(session, rig, chain, log, recorder, settings, folder, signal);
            synchronized (lock) {
                active = r;
                last = null;
            }
            LOG.info("Reflex run started in {} ({}): {}", folder, settings.dryRun() ? "dry run" : "live",
                    chain.describe());
        } catch (BackendException e) {
            // the objective group or an objective NA the configuration does not have: said as it is
            if (session != null) {
                session.close();
            }
            closeQuietly(chain, log, recorder, rig);
            throw e;
        } catch (IOException | ModelLoadException | FrameSourceException | HardwareException | RecipeException
                | RuntimeException e) {
            if (session != null) {
                session.close();
            }
            closeQuietly(chain, log, recorder, rig);
            throw new BackendException("The run could not start: " + e.getMessage(), e);
        }
    }

    /**
     * The live objective's depth of field from the settings' objective NA ({@link RunSettings#depthOfFieldUm}),
     * {@code NaN} (fixed refocus steps) when none is set for it.
     *
     * @throws BackendException if an NA is set for a preset the objective group does not have
     */
    private static double depthOfFieldUm(RunSettings settings, List<String> objectives, MicroscopeState state)
            throws BackendException {
        for (String preset : settings.apertures().keySet()) {
            if (!objectives.contains(preset)) {
                throw new BackendException("Objective NA is set for '" + preset + "', which is not an objective "
                        + "preset of this configuration; its objectives are " + objectives + ". Correct the preset "
                        + "name in the objective NA field.");
            }
        }
        String live = state.preset(MicroscopeControl.OBJECTIVE_GROUP);
        double dof = settings.depthOfFieldUm(live, state.pixelSizeUm());
        if (Double.isNaN(dof) && !settings.apertures().isEmpty()) {
            LOG.warn("No objective NA is set for the live objective '{}': refocus keeps its fixed steps", live);
        }
        return dof;
    }

    /**
     * {@code recipe} with the refocus steps the depth of field gave ({@code refocus.stepUm}, search range, coarse and
     * fine steps) where the user set none, so that the run's recipe.json states the steps it ran with; unchanged
     * when the depth of field is unknown.
     */
    private static RunRecipe withOpticsSteps(RunRecipe recipe, PreparedRun prepared, double dofUm) {
        if (!Double.isFinite(dofUm)) {
            return recipe;
        }
        RunRecipe.Builder b = recipe.toBuilder();
        java.util.Map<String, String> resolved = prepared.policies().resolved();
        for (String key : List.of("refocus.stepUm", "refocus.searchRangeUm", "refocus.coarseStepUm",
                "refocus.fineStepUm")) {
            if (resolved.containsKey(key) && !recipe.parameters().containsKey(key)) {
                b.parameter(key, resolved.get(key));
            }
        }
        return b.build();
    }

    @Override
    public void pause() {
        Run r = active();
        if (r != null) {
            r.session.pause();
        }
    }

    @Override
    public void resume() {
        Run r = active();
        if (r != null) {
            r.session.resume();
        }
    }

    @Override
    public void stop() {
        Run r;
        synchronized (lock) {
            r = active;
            active = null;
        }
        if (r == null) {
            return;
        }
        r.session.stop();
        awaitFinished(r);
        closeQuietly(r.chain, r.log, r.recorder, r.rig);
        synchronized (lock) {
            last = r;
        }
        SessionStatus end = r.session.status();
        CameraModel camera = r.chain.camera();
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(r.folder.resolve(CAMERA_FILE).toFile(), camera.asMap());
        } catch (IOException e) {
            LOG.error("Writing the camera model in {} failed: {}", r.folder, e.toString());
        }
        try {
            RunSummary.write(end, r.signalAlarms(), r.settings, camera, r.folder.resolve(RunSummary.FILE));
        } catch (IOException e) {
            LOG.error("Writing the run report in {} failed: {}", r.folder, e.toString());
        }
        LOG.info("Reflex run stopped; data in {}: {}", r.folder, end.oneLine());
    }

    /**
     * Waits until {@code r}'s session has finished: {@link SmartAcquisition#stop()} returns at once when another
     * thread (a {@link #status()} caller that saw the source end) is finishing it, and its parts must not be closed
     * under it.
     */
    private static void awaitFinished(Run r) {
        try {
            if (!r.session.awaitEnd(FINISH_TIMEOUT_S, TimeUnit.SECONDS)) {
                LOG.error("The Reflex run in {} did not finish within {} s; closing its recorder and models anyway",
                        r.folder, FINISH_TIMEOUT_S);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("Interrupted while the Reflex run in {} was finishing; closing its parts now", r.folder);
        }
    }

    /**
     * Waits until the current run's source has ended (a finite source, or a failure) and the run has finished
     * (recorders drained, engine stopped); its parts stay open until {@link #stop()} or the next start.
     *
     * @return {@code true} if it ended (or nothing runs), {@code false} on timeout
     */
    public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        Run r = active();
        return r == null || r.session.awaitEnd(timeout, unit);
    }

    /** The folder of the current (or last started) run, or {@code null} before the first run. */
    public Path runFolder() {
        synchronized (lock) {
            Run r = active != null ? active : last;
            return r == null ? null : r.folder;
        }
    }

    /**
     * Whether {@code r}'s source ended (a finite source, or a failure) and every consumer drained: then the
     * session is finished here, so that its state says how it ended.
     */
    private static boolean endedByItself(Run r, SessionStatus s) {
        if (s.state().isTerminal()) {
            return true;
        }
        PipelineMetrics m = s.pipeline();
        if (m.producing() || !m.drained()) {
            return false;
        }
        try {
            return r.session.awaitEnd(0, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Run active() {
        synchronized (lock) {
            return active;
        }
    }

    private Run shown() {
        synchronized (lock) {
            return active != null ? active : last;
        }
    }

    @Override
    public RunStatus status() {
        Run r = shown();
        if (r == null) {
            return RunStatus.IDLE;
        }
        SessionStatus s = r.session.status();
        boolean running = r == active() && !s.state().isTerminal();
        if (running && endedByItself(r, s)) {
            running = false;
            s = r.session.status();
        }
        return SessionView.status(s, r.signalAlarms(), r.settings.dryRun(), running ? r.fps(s.framesPublished()) : 0);
    }

    @Override
    public List<DecisionRow> recentDecisions(int max) {
        Run r = shown();
        if (r == null || max <= 0) {
            return List.of();
        }
        return SessionView.decisionRows(r.session.status(), max);
    }

    @Override
    public void close() {
        stop();
    }

    private static void closeQuietly(AutoCloseable... things) {
        for (AutoCloseable c : things) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                LOG.error("Closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
