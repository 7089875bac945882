package org.reflexscope.mm.panel;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.inference.ModelLoadException;
import org.reflexscope.core.inference.ModelSource;
import org.reflexscope.core.inference.ModelSpec;
import org.reflexscope.core.inference.OutputKind;
import org.reflexscope.core.metrics.LatencyRecorder;
import org.reflexscope.core.metrics.LatencySummary;
import org.reflexscope.core.metrics.PipelineMetrics;
import org.reflexscope.core.pipeline.DataLossAlarm;
import org.reflexscope.core.pipeline.FramePipeline;
import org.reflexscope.core.pipeline.PipelineEvents;
import org.reflexscope.core.record.NdTiffRecorder;
import org.reflexscope.core.source.FrameSourceException;
import org.reflexscope.policy.engine.EngineEvent;
import org.reflexscope.policy.engine.EngineListener;
import org.reflexscope.policy.engine.PolicyEngine;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.log.DecisionLogWriter;
import org.reflexscope.policy.log.DecisionRecord;
import org.reflexscope.policy.log.ProposalRecord;
import org.reflexscope.policy.rate.AdaptiveRatePolicy;
import org.reflexscope.policy.refocus.RefocusPolicy;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.track.TrackPolicy;
import org.reflexscope.policy.trigger.HighResTriggerPolicy;
import org.reflexscope.policy.trigger.TriggerCriterion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ReflexBackend} over the real modules: a {@link FramePipeline} (NDTiff recording, the {@link
 * AnalysisChain}) feeding a {@link PolicyEngine} behind a {@link SafetyEnvelope}, on a {@link Rig} opened per run.
 * Each run writes a folder under {@code runsDir}: {@code raw/} (NDTiff), {@code decisions.jsonl} and
 * {@code settings.properties}.
 *
 * <p><b>Threads.</b> Lifecycle methods are called by the panel's worker thread, one at a time; {@link #status()}
 * and {@link #recentDecisions} may be called from any thread. Listener callbacks arrive on the pipeline's and the
 * engine's threads and only update synchronized state.
 */
public final class PipelineBackend implements ReflexBackend {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineBackend.class);
    /** Frame-to-decision latency, recorded by this backend from each decision's timestamps. */
    static final String HOP_CAMERA_DECIDED = "camera\u2192decided";
    private static final int KEPT_DECISIONS = 500;
    private static final int KEPT_ALARMS = 20;

    private final Rig.Provider rigs;
    private final Path runsDir;

    private final Object lock = new Object();
    private final Deque<DecisionRow> decisions = new ArrayDeque<>();
    private final Deque<String> alarms = new ArrayDeque<>();
    private Run run;
    private Path lastFolder;
    private RunState endedState = RunState.IDLE;

    /** A backend opening a rig from {@code rigs} for each run and writing run folders under {@code runsDir}. */
    public PipelineBackend(Rig.Provider rigs, Path runsDir) {
        this.rigs = Objects.requireNonNull(rigs, "rigs");
        this.runsDir = Objects.requireNonNull(runsDir, "runsDir");
    }

    /** One running acquisition. */
    private static final class Run {
        final Rig rig;
        final AnalysisChain chain;
        final PolicyEngine engine;
        final FramePipeline pipeline;
        final DecisionLogWriter log;
        final NdTiffRecorder recorder;
        final LatencyRecorder latency;
        final RunSettings settings;
        final Path folder;
        final long startNanos = System.nanoTime();
        volatile long lastDetections;
        volatile long lastPublished;
        volatile long lastRateNanos = System.nanoTime();
        volatile double fps;
        /** The user's pause (the engine applies it asynchronously, on its decision thread). */
        volatile boolean userPaused;

        Run(Rig rig, AnalysisChain chain, PolicyEngine engine, FramePipeline pipeline, DecisionLogWriter log,
                NdTiffRecorder recorder, LatencyRecorder latency, RunSettings settings, Path folder) {
            this.rig = rig;
            this.chain = chain;
            this.engine = engine;
            this.pipeline = pipeline;
            this.log = log;
            this.recorder = recorder;
            this.latency = latency;
            this.settings = settings;
            this.folder = folder;
        }
    }

    @Override
    public ModelCheck checkModel(Path model) {
        try (AnalysisChain chain = chain(model.toString())) {
            return ModelCheck.usable(chain.describe());
        } catch (ModelLoadException | RuntimeException e) {
            return ModelCheck.unusable(e.getMessage());
        }
    }

    private static AnalysisChain chain(String model) throws ModelLoadException {
        AnalysisChain.Builder b = AnalysisChain.builder();
        if (!model.trim().isEmpty()) {
            Path file = Path.of(model.trim());
            if (!Files.isRegularFile(file)) {
                throw new ModelLoadException("Model file " + file + " does not exist; choose an ONNX file, or leave "
                        + "the field empty for the embedded default models.");
            }
            b.optModel(ModelSource.onnx(file, ModelSpec.builder().setOutputKind(OutputKind.PROBABILITY_MAP).build()));
        }
        return b.build();
    }

    @Override
    public double currentZUm() throws BackendException {
        synchronized (lock) {
            if (run != null) {
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
        Run previous = current();
        if (previous != null && finished(previous.pipeline.metrics())) {
            stop();
        }
        synchronized (lock) {
            if (run != null) {
                throw new BackendException("A run is already active; stop it first.");
            }
            decisions.clear();
            alarms.clear();
        }
        Path folder = runsDir.resolve("run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern(
                "yyyyMMdd-HHmmss-SSS")));
        Rig rig = rigs.open();
        AnalysisChain chain = null;
        DecisionLogWriter log = null;
        NdTiffRecorder recorder = null;
        try {
            Files.createDirectories(folder);
            saveSettings(settings, folder.resolve("settings.properties"));
            chain = chain(settings.modelPath());
            log = DecisionLogWriter.open(folder.resolve("decisions.jsonl"));
            recorder = NdTiffRecorder.create(folder.resolve("raw"));
            LatencyRecorder latency = new LatencyRecorder(TimeUnit.MILLISECONDS.toNanos(100));
            PolicyEngine.Builder eb = PolicyEngine.builder(rig.microscope(), envelope(settings))
                    .optDryRun(settings.dryRun()).optLatencyRecorder(latency).optDecisionLog(log)
                    .optListener(new Listener(latency));
            addPolicies(eb, settings, rig.microscope());
            PolicyEngine engine = eb.build();
            FramePipeline pipeline = FramePipeline.builder(rig.source()).addRecorder("ndtiff", recorder)
                    .optAnalyzer(chain, engine).optEvents(new Alarms()).optLatencyRecorder(latency).build();
            Run r = new Run(rig, chain, engine, pipeline, log, recorder, latency, settings, folder);
            synchronized (lock) {
                run = r;
                lastFolder = folder;
                endedState = RunState.IDLE;
            }
            engine.start();
            pipeline.start();
            LOG.info("Reflex run started in {} ({})", folder, settings.dryRun() ? "dry run" : "live");
        } catch (IOException | ModelLoadException | FrameSourceException | HardwareException | RuntimeException e) {
            synchronized (lock) {
                run = null;
            }
            closeQuietly(chain, log, recorder, rig);
            throw new BackendException("The run could not start: " + e.getMessage(), e);
        }
    }

    private static void saveSettings(RunSettings settings, Path file) throws IOException {
        PropertiesSettingsStore store = new PropertiesSettingsStore();
        settings.saveTo(store);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.properties().store(out, "Reflex run settings");
        }
    }

    private static SafetyEnvelope envelope(RunSettings s) {
        SafetyEnvelope.Builder b = SafetyEnvelope.builder().optMaxZStepUm(s.maxZStepUm())
                .optMaxXYStepUm(s.maxXyStepUm())
                .optMinMoveInterval(Duration.ofMillis(Math.round(s.minMoveIntervalMs())));
        if (Double.isFinite(s.zMinUm()) && Double.isFinite(s.zMaxUm())) {
            b.optZLimitsUm(s.zMinUm(), s.zMaxUm());
        }
        return b.build();
    }

    private static void addPolicies(PolicyEngine.Builder b, RunSettings s, MicroscopeControl scope)
            throws HardwareException {
        if (s.refocus()) {
            b.addPolicy(RefocusPolicy.builder().optStepUm(s.refocusMaxStepUm()).build());
        }
        if (s.track()) {
            b.addPolicy(TrackPolicy.builder().optMaxStepUm(s.trackMaxStepUm()).build());
        }
        if (s.trigger()) {
            List<String> objectives = scope.presets(MicroscopeControl.OBJECTIVE_GROUP);
            String hiRes = objectives.isEmpty() ? "" : objectives.get(objectives.size() - 1);
            b.addPolicy(HighResTriggerPolicy.builder(hiRes, AcquisitionRequest.burst(s.triggerBurstFrames()))
                    .optCriterion(TriggerCriterion.any()).optConsecutiveFrames(s.triggerMinDetections()).build());
        }
        if (s.adaptiveRate()) {
            b.addPolicy(AdaptiveRatePolicy.builder(s.maxIntervalMs(), s.minIntervalMs(), 0.3, 0.6).build());
        }
    }

    @Override
    public void pause() {
        Run r = current();
        if (r != null) {
            r.userPaused = true;
            r.engine.pause();
        }
    }

    @Override
    public void resume() {
        Run r = current();
        if (r != null) {
            r.userPaused = false;
            r.engine.resume();
        }
    }

    @Override
    public void stop() {
        Run r;
        synchronized (lock) {
            r = run;
            run = null;
        }
        if (r == null) {
            return;
        }
        r.pipeline.stop();
        r.engine.stop();
        closeQuietly(r.chain, r.log, r.recorder, r.rig);
        LOG.info("Reflex run stopped; data in {}", r.folder);
    }

    /**
     * Waits until the current run's source has ended (a finite source, or a failure) and everything is drained.
     *
     * @return {@code true} if it ended (or nothing runs), {@code false} on timeout
     */
    public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        Run r = current();
        return r == null || r.pipeline.awaitEndOfStream(timeout, unit);
    }

    /** The folder of the current (or last started) run, or {@code null} before the first run. */
    public Path runFolder() {
        synchronized (lock) {
            return run != null ? run.folder : lastFolder;
        }
    }

    /** A finite source ended (or failed) and every consumer drained: the run is over though not yet stopped. */
    private static boolean finished(PipelineMetrics m) {
        return !m.producing() && m.drained();
    }

    private Run current() {
        synchronized (lock) {
            return run;
        }
    }

    @Override
    public RunStatus status() {
        Run r = current();
        if (r == null) {
            synchronized (lock) {
                return RunStatus.builder().optState(endedState).optAlarms(new ArrayList<>(alarms)).build();
            }
        }
        PipelineMetrics m = r.pipeline.metrics();
        long now = System.nanoTime();
        long published = m.published();
        double dt = (now - r.lastRateNanos) / 1e9;
        if (dt >= 0.25) {
            r.fps = (published - r.lastPublished) / dt;
            r.lastPublished = published;
            r.lastRateNanos = now;
        }
        LatencySummary lat = r.latency.summary(HOP_CAMERA_DECIDED);
        synchronized (lock) {
            // Paused by the user (at once), or by the engine after a hardware failure or a manual override.
            RunState state = r.userPaused || r.engine.isPaused() ? RunState.PAUSED : RunState.RUNNING;
            if (finished(m)) {
                state = endedState == RunState.FAILED ? RunState.FAILED : RunState.IDLE;
            }
            return RunStatus.builder().optState(state).optDryRun(r.settings.dryRun()).optFramesPerSecond(r.fps)
                    .optDecisionLatencyMs(lat.count() > 0 ? lat.p50Nanos() / 1e6 : Double.NaN,
                            lat.count() > 0 ? lat.p99Nanos() / 1e6 : Double.NaN)
                    .optFrames(published, m.skipped(), m.lostUpstreamReported() + m.missingImageNumbers())
                    .optDetections(r.lastDetections).optAlarms(new ArrayList<>(alarms)).build();
        }
    }

    @Override
    public List<DecisionRow> recentDecisions(int max) {
        synchronized (lock) {
            List<DecisionRow> all = new ArrayList<>(decisions);
            return all.subList(Math.max(0, all.size() - max), all.size());
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void alarm(String text) {
        LOG.warn("Reflex alarm: {}", text);
        synchronized (lock) {
            alarms.addLast(text);
            while (alarms.size() > KEPT_ALARMS) {
                alarms.removeFirst();
            }
        }
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

    /** Engine callbacks (decision thread): decisions into the table, failures into the alarms. */
    private final class Listener implements EngineListener {
        private final LatencyRecorder latency;

        Listener(LatencyRecorder latency) {
            this.latency = latency;
        }

        @Override
        public void onEvent(EngineEvent event) {
            if (event.kind() == EngineEvent.Kind.HARDWARE_FAILURE || event.kind() == EngineEvent.Kind.MANUAL_OVERRIDE
                    || event.kind() == EngineEvent.Kind.WATCHDOG_STALE) {
                alarm(event.kind() + ": " + event.message());
            }
        }

        @Override
        public void onDecision(DecisionRecord d) {
            Run r = current();
            if (r != null) {
                r.lastDetections = d.detections();
            }
            if (d.cameraNanos() > 0 && d.decidedNanos() > d.cameraNanos()) {
                latency.record(HOP_CAMERA_DECIDED, d.decidedNanos() - d.cameraNanos());
            }
            if (d.proposals().isEmpty()) {
                return;
            }
            double ms = d.cameraNanos() > 0 ? (d.decidedNanos() - d.cameraNanos()) / 1e6 : Double.NaN;
            synchronized (lock) {
                for (ProposalRecord p : d.proposals()) {
                    decisions.addLast(new DecisionRow(d.imageNumber(), p.policy(), describe(p.plan()),
                            p.outcome() + (p.reason().isEmpty() ? "" : ": " + p.reason()),
                            p.outcome() == org.reflexscope.policy.plan.ProposalOutcome.EXECUTED, ms));
                }
                while (decisions.size() > KEPT_DECISIONS) {
                    decisions.removeFirst();
                }
            }
        }
    }

    /** A plan as the decision table shows it: its steps, e.g. {@code "MoveZ(12.5 µm)"}. */
    private static String describe(org.reflexscope.policy.plan.HardwarePlan plan) {
        List<String> steps = new ArrayList<>();
        plan.steps().forEach(step -> steps.add(step.toString()));
        return steps.isEmpty() ? plan.name() : String.join("; ", steps);
    }

    /** Pipeline callbacks: data loss and failures into the alarms, the end of a finite run noticed. */
    private final class Alarms implements PipelineEvents {
        @Override
        public void onDataLoss(DataLossAlarm a) {
            alarm("DATA LOSS: " + a.lostNow() + " frame(s) lost (" + a.lostTotal() + " in total): " + a.detail());
        }

        @Override
        public void onSourceFailure(FrameSourceException e) {
            alarm("Camera failed: " + e.getMessage());
            synchronized (lock) {
                endedState = RunState.FAILED;
            }
        }

        @Override
        public void onConsumerFailure(String consumer, long sequence, Throwable error) {
            alarm(consumer + " failed on frame " + sequence + ": " + error.getMessage());
        }
    }
}
