package org.reflexscope.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.reflexscope.cli.input.UserInputException;
import org.reflexscope.cli.run.DetectionsCsv;
import org.reflexscope.cli.run.GracefulStop;
import org.reflexscope.cli.run.HiResWriter;
import org.reflexscope.cli.console.Console;
import org.reflexscope.cli.console.Verbosity;
import org.reflexscope.cli.run.ProgressBar;
import org.reflexscope.cli.run.ResultTimeline;
import org.reflexscope.cli.run.RunFolder;
import org.reflexscope.cli.run.RunProgress;
import org.reflexscope.cli.run.RunReporting;
import org.reflexscope.cli.run.ScenarioRig;
import org.reflexscope.cli.run.SimulatedCells;
import org.reflexscope.cli.run.TimelineRecorder;
import org.reflexscope.cli.run.TraceScores;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.analysis.CameraModel;
import org.reflexscope.core.events.DivisionTrendEventScorer;
import org.reflexscope.core.inference.ModelCatalog;
import org.reflexscope.core.inference.ModelLoadException;
import org.reflexscope.core.inference.ModelSource;
import org.reflexscope.core.record.NdTiffRecorder;
import org.reflexscope.core.source.FrameSourceException;
import org.reflexscope.policy.log.DecisionLogWriter;
import org.reflexscope.policy.recipe.AnalysisBinning;
import org.reflexscope.policy.recipe.PolicySet;
import org.reflexscope.policy.recipe.PreparedRun;
import org.reflexscope.policy.recipe.RecipeException;
import org.reflexscope.policy.recipe.RunRecipe;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.session.RunLimit;
import org.reflexscope.policy.session.SessionStatus;
import org.reflexscope.policy.session.SmartAcquisition;
import org.reflexscope.policy.signal.SignalAlarm;
import org.reflexscope.policy.signal.SignalMonitor;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.optics.Objective;
import org.reflexscope.sim.scenario.Scenario;

/**
 * One closed-loop run on a virtual microscope, from its {@link RunRecipe} to a complete run folder: resolves the
 * recipe for the scenario ({@link PreparedRun}: policies and envelope), builds the analysis chain, runs the
 * {@link SmartAcquisition}, then writes the recipe, decision log, recording, high-resolution datasets, metrics,
 * settings, scenario and report, and prints the summary.
 *
 * <p>Used by {@code reflex run} and {@code reflex replay}. Not thread-safe; one run per instance.
 */
final class SimulatedRun {
    /**
     * An acquisition from an event's onset up to this long after its split still counts as capturing it (the
     * scorer's window).
     */
    static final double CAPTURE_SLACK_MS = 3000;

    /**
     * Free space the raw recording leaves on its disk: when it would take more, recording stops (the run goes on),
     * so that the decision log, metrics, settings, report and high-resolution stacks can still be written.
     */
    static final long RECORDING_DISK_RESERVE_BYTES = 8L << 20;

    /**
     * The longest a Ctrl-C or SIGTERM waits for the run to finalize its folder before the process exits anyway: 30 s,
     * or the JVM property {@code reflex.finalizeBoundSeconds} (for a slow network disk).
     */
    static final Duration FINALIZE_BOUND = Duration.ofSeconds(Long.getLong("reflex.finalizeBoundSeconds", 30));

    /** What a stopped run still writes, as {@link GracefulStop} names what a forced quit left unwritten. */
    static final String FINISHED_RECORDING = "the finished recording";

    /** The products a run finalizes, in order, for {@link GracefulStop#install}. */
    static String[] finalizedProducts(boolean report) {
        return report ? new String[] {FINISHED_RECORDING, "settings.json", "metrics.json", "report.html"}
                : new String[] {FINISHED_RECORDING, "settings.json", "metrics.json"};
    }

    private final String command;
    private final List<String> arguments;
    private final ClosedLoopOptions loop;
    private final RunRecipe recipe;
    private final ModelOptions models;
    private final PrintWriter out;
    private final PrintStream progressStream;
    private CameraModel camera;
    /** Whether acquisition started (from then on the run folder is kept, whatever happens). */
    private boolean acquisitionStarted;

    /**
     * @param loop the presentation options (verbosity, report); what runs is {@code recipe}'s
     * @param models the models {@code recipe} names, to load
     */
    SimulatedRun(String command, List<String> arguments, ClosedLoopOptions loop, RunRecipe recipe,
            ModelOptions models, PrintWriter out, PrintStream progressStream) {
        this.command = command;
        this.arguments = new ArrayList<>(arguments);
        this.loop = loop;
        this.recipe = recipe;
        this.models = models;
        this.out = out;
        this.progressStream = progressStream;
    }

    /**
     * The camera model the analysis uses instead of the scenario's camera (replayed data: the recording's camera,
     * given by the user or estimated from the frames).
     */
    SimulatedRun withCamera(CameraModel v) {
        camera = v;
        return this;
    }

    /**
     * The simulated camera as the analysis takes it: its gain, offset and read noise are what the simulator's camera
     * states, as a real camera's metadata would.
     */
    static CameraModel simulatedCamera(Scenario scenario) {
        String from = "simulated camera (scenario " + scenario.name() + ")";
        return CameraModel.measured().withGain(scenario.camera().gainAduPerE(), CameraModel.Source.CAMERA_METADATA,
                from).withOffset(scenario.camera().offsetAdu(), CameraModel.Source.CAMERA_METADATA, from)
                .withReadNoise(scenario.camera().readNoiseE(), CameraModel.Source.CAMERA_METADATA, from);
    }

    /**
     * Runs {@code scenario} (clock and seed already applied) on {@code scope} into {@code folder}.
     *
     * @param scope a virtual microscope playing {@code scenario}, not started; closed by this method
     * @param outDir the run folder to create once every setting has been checked (nothing is written before)
     * @param extraSettings command-specific entries for settings.json (e.g. the replayed dataset)
     * @param groundTruth whether the scenario's ground truth describes what is imaged (false for replayed data:
     *     no scores, no truth lines)
     * @return the exit status
     */
    int execute(Scenario scenario, VirtualMicroscope scope, Path outDir, Map<String, Object> extraSettings,
            boolean groundTruth)
            throws UserInputException, IOException, InterruptedException {
        boolean existed = Files.exists(outDir);
        boolean ours = !existed || isEmptyFolder(outDir);
        try {
            return run(scenario, scope, outDir, extraSettings, groundTruth);
        } catch (UserInputException | IOException | RuntimeException e) {
            if (!acquisitionStarted && ours) {
                discardStub(outDir, existed);
            }
            throw e;
        } finally {
            scope.close();
        }
    }

    private static boolean isEmptyFolder(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (java.util.stream.Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        }
    }

    /**
     * Removes what a start that failed before acquisition wrote into {@code outDir}, which was absent or empty
     * before, so no stub run folder is left behind (an empty folder the user gave is kept).
     */
    private static void discardStub(Path outDir, boolean keepFolder) {
        if (!Files.isDirectory(outDir)) {
            return;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(outDir)) {
            List<Path> paths = new ArrayList<>();
            all.forEach(paths::add);
            java.util.Collections.reverse(paths);
            for (Path p : paths) {
                if (!(keepFolder && p.equals(outDir))) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // best effort: the error that stopped the start is what the user needs to see
        }
    }

    private int run(Scenario scenario, VirtualMicroscope scope, Path outDir, Map<String, Object> extraSettings,
            boolean groundTruth) throws UserInputException, IOException, InterruptedException {
        Console console = Console.current();
        console.verbosity(loop.verbosity());
        String liveObjective = scenario.optics().objective();
        Objective objective = scope.objectives().get(liveObjective);
        double fovUm = scenario.camera().width() * objective.pixelSizeUm() * scenario.camera().binning();
        PreparedRun prepared;
        try {
            prepared = PreparedRun.of(recipe,
                    ScenarioRig.builder(scenario).depthOfFieldUm(objective.depthOfFieldUm()).build());
        } catch (RecipeException e) {
            throw ClosedLoopOptions.userError(e);
        }
        ClosedLoopOptions.checkRingFits(recipe.ringSlots(), scope.maxFormat());

        // the default chain runs the embedded denoiser and detector as one fused session: record that model
        List<ModelSource> sources = models.isDefault() ? List.of(ModelCatalog.denoiseDetector()) : models.sources();
        RunFolder folder = RunFolder.create(outDir);
        console.logTo(folder.log(), "reflex " + ReflexVersion.version() + " " + command + " "
                + String.join(" ", arguments));
        try {
            return runInto(scenario, scope, folder, extraSettings, groundTruth, prepared, objective, fovUm, sources,
                    console);
        } finally {
            console.closeLog();
        }
    }

    private int runInto(Scenario scenario, VirtualMicroscope scope, RunFolder folder, Map<String, Object> extraSettings,
            boolean groundTruth, PreparedRun prepared, Objective objective, double fovUm, List<ModelSource> sources,
            Console console) throws UserInputException, IOException, InterruptedException {
        PolicySet policies = prepared.policies();
        SafetyEnvelope envelope = prepared.envelope();
        RunLimit limit = prepared.limit();
        Files.write(folder.scenario(), scenario.toYaml().getBytes(StandardCharsets.UTF_8));
        recipe.write(folder.recipe());
        double pixelUm = objective.pixelSizeUm() * scenario.camera().binning();
        double objectDiameterUm = recipe.objectSizeUm();
        int bin = AnalysisBinning.forSample(recipe.binning(), pixelUm, objectDiameterUm,
                scenario.specimen().cells().count() > 0 ? scenario.specimen().cells().radiusUm() : Double.NaN);
        AnalysisChain.Builder cb = AnalysisChain.builder().optBinning(bin).optDevice(models.device())
                .optCameraModel(camera != null ? camera : simulatedCamera(scenario))
                .optEventScorer(SimulatedCells.divisionScorer(scenario).build());
        if (Double.isFinite(objectDiameterUm)) {
            cb.optObjectDiameterPx(objectDiameterUm / pixelUm);
        }
        if (!models.isDefault()) {
            sources.forEach(cb::optModel);
        }
        TimelineRecorder timeline = new TimelineRecorder();
        ResultTimeline results = new ResultTimeline();
        HiResWriter hiRes = new HiResWriter(folder.hiresDir());
        Instant started = Instant.now();
        SessionStatus status;
        String chainDescription;
        SignalMonitor signal = signalMonitor(prepared.policies());
        GracefulStop stop = GracefulStop.install(progressStream, FINALIZE_BOUND, finalizedProducts(!loop.noReport));
        try (stop; AnalysisChain chain = buildChain(cb);
                DetectionsCsv detections = DetectionsCsv.create(folder.detections());
                NdTiffRecorder recording = NdTiffRecorder.create(folder.recordingDir(), Map.of(
                        "Reflex-Scenario", scenario.name(), "Reflex-Seed", Long.toString(scenario.seed())),
                        RECORDING_DISK_RESERVE_BYTES);
                DecisionLogWriter log = DecisionLogWriter.open(folder.decisions());
                HiResWriter writer = hiRes) {
            chainDescription = chain.describe();
            SmartAcquisition.Builder sb = prepared.session(scope, scope).setAnalyzer(chain)
                    .addRecorder("ndtiff", recording).addRecorder("timeline", timeline).addResultListener(results)
                    .addResultListener(detections).addResultListener(signal).addEngineListener(results)
                    .addEngineListener(writer).optDecisionLog(log);
            try (SmartAcquisition run = sb.build()) {
                // drawn from the start: the analysis warms up inside start(), the bar says so meanwhile
                ProgressBar bar = loop.verbosity() != Verbosity.QUIET && console.isTty()
                        ? new ProgressBar(console, () -> RunProgress.fraction(run.status(), limit),
                                () -> RunProgress.segments(run.status(), RunProgress.fraction(run.status(), limit)), 250)
                        : null;
                try {
                    try {
                        run.start();
                        acquisitionStarted = true;
                        // written now as well as at the end, so that `--from` repeats even a run that was killed
                        folder.writeJson(folder.settings(), settings(scenario, policies, envelope, limit,
                                chainDescription, bin, sources, started, extraSettings));
                    } catch (FrameSourceException e) {
                        throw new UserInputException("The virtual microscope did not start: " + e.getMessage(), e);
                    } catch (IllegalStateException e) {
                        throw new UserInputException(e.getMessage(), e);
                    }
                    while (!run.awaitEnd(1, TimeUnit.SECONDS)) {
                        if (Thread.currentThread().isInterrupted() || stop.requested()) {
                            run.stop();
                            break;
                        }
                    }
                } finally {
                    if (bar != null) {
                        bar.close();
                    }
                }
                status = run.status();
                stop.written(FINISHED_RECORDING);
                writer.finish(120);
                RunReporting reporting = new RunReporting(folder, status, run.latencies(), timeline, results, writer);
                TraceScores scores = groundTruth ? TraceScores.of(scope.trace(), objective.depthOfFieldUm(),
                        fovUm, CAPTURE_SLACK_MS) : null;
                Map<String, Object> extra = new LinkedHashMap<>(extraSettings);
                // gain, offset and read noise with where each came from (stated, camera metadata, estimated, default)
                extra.put("camera", chain.camera().asMap());
                if (Double.isFinite(chain.lastNoiseSigma())) {
                    // what the default detector measured of the noise on the last frame: its threshold follows it
                    extra.put("detectionNoise", Map.of("noiseSigmaVst", chain.lastNoiseSigma(),
                            "threshold", chain.lastDetectionThreshold()));
                }
                extra.put("detectionsTable", folder.root().relativize(folder.detections()).toString());
                extra.put("detectionsDroppedOverCap", chain.detectionsDropped());
                Map<String, Object> settings = settings(scenario, policies, envelope, limit, chainDescription, bin,
                        sources, started, extra);
                folder.writeJson(folder.settings(), settings);
                stop.written("settings.json");
                Map<String, Object> metrics = reporting.metrics(scores, scope.lightDoseMs());
                metrics.put("signalAlarms", alarmsJson(signal));
                folder.writeJson(folder.metrics(), metrics);
                stop.written("metrics.json");
                if (!loop.noReport) {
                    reporting.writeReport(scenario.name(), scenario.description(),
                            groundTruth ? scope.trace() : null, scores,
                            settings, recipe.dryRun());
                    stop.written("report.html");
                }
                if (loop.verbosity() == Verbosity.QUIET) {
                    reporting.printEssentials(out);
                } else {
                    reporting.printSummary(out, scores);
                }
                if (chain.detectionsDropped() > 0) {
                    out.println("Warning: " + chain.detectionsDropped() + " detections beyond the cap of "
                            + AnalysisChain.DEFAULT_MAX_DETECTIONS + " per frame were left out: the field holds more "
                            + "objects than the analysis keeps; bin less or analyse an ROI.");
                }
                for (SignalAlarm a : signal.alarms()) {
                    out.println("Warning: " + a.message());
                }
                out.flush();
                if (recording.stopReason().isPresent()) {
                    throw new UserInputException(recording.stopReason().get() + ". The run went on to its end; its"
                            + " metrics, settings, report and the partial recording are in " + folder.root());
                }
            }
        } catch (ModelLoadException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        if (stop.cause().isPresent()) {
            progressStream.println("reflex: stopped early by " + stop.cause().get() + " after "
                    + status.framesPublished() + " frames; the run's recording, decision log, metrics, settings and"
                    + " report are in " + folder.root());
            progressStream.flush();
            return ExitCodes.INTERRUPTED;
        }
        return status.framesLost() > 0 ? ExitCodes.DATA_LOSS : ExitCodes.OK;
    }

    /**
     * Checks each analysed frame for saturation, for runs of frames without detections (naming the policies
     * that need them: track, hires, rate) and for too little signal for refocus and tracking: one alarm per
     * episode, printed after the run and listed in metrics.json.
     */
    static SignalMonitor signalMonitor(PolicySet policies) {
        return policies.signalMonitor().build();
    }

    /** The alarms as metrics.json lists them ({@code signalAlarms}): kind, frame, camera time, message. */
    static List<Map<String, Object>> alarmsJson(SignalMonitor signal) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SignalAlarm a : signal.alarms()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", a.kind().name());
            m.put("frame", a.frameSequence());
            m.put("cameraTimeMs", Double.isFinite(a.cameraTimeMs()) ? a.cameraTimeMs() : null);
            m.put("message", a.message());
            out.add(m);
        }
        return out;
    }

    private static AnalysisChain buildChain(AnalysisChain.Builder cb) throws ModelLoadException {
        return cb.build();
    }

    private Map<String, Object> settings(Scenario scenario, PolicySet policies, SafetyEnvelope envelope,
            RunLimit limit, String chain, int analysisBinning, List<ModelSource> sources, Instant started,
            Map<String, Object> extra) throws UserInputException {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("command", command);
        s.put("arguments", arguments);
        s.put("reproduce", "reflex " + command + " --from <this folder>   (or: reflex run --scenario scenario.yaml "
                + "with the arguments above)");
        s.put("reflexVersion", ReflexVersion.version());
        s.put("java", System.getProperty("java.version"));
        s.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        s.put("startedAt", started.toString());
        Map<String, Object> sc = new LinkedHashMap<>();
        sc.put("name", scenario.name());
        sc.put("file", "scenario.yaml");
        sc.put("seed", scenario.seed());
        s.put("scenario", sc);
        s.putAll(extra);
        s.put("recipe", "recipe.json");
        s.put("pacing", recipe.pacing() == RunRecipe.Pacing.REALTIME ? "realtime" : "virtual");
        s.put("dryRun", recipe.dryRun());
        s.put("ringSlots", recipe.ringSlots());
        s.put("consumerWait", RunRecipe.consumerWaitName(recipe.consumerWait()));
        s.put("warmUpFrames", recipe.warmUpFrames());
        s.put("limit", limit.toString());
        List<String> names = new ArrayList<>();
        policies.policies().forEach(p -> names.add(p.name()));
        s.put("policies", names);
        s.put("policyParameters", policies.resolved());
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("zLimitsUm", List.of(envelope.zMinUm(), envelope.zMaxUm()));
        env.put("maxZStepUm", envelope.maxZStepUm());
        env.put("xyBoxUm", List.of(envelope.xMinUm(), envelope.yMinUm(), envelope.xMaxUm(), envelope.yMaxUm()));
        env.put("maxXYStepUm", envelope.maxXYStepUm());
        env.put("minMoveIntervalMs", envelope.minMoveInterval().toNanos() / 1e6);
        env.put("allowedPresets", envelope.allowedPresets());
        s.put("safetyEnvelope", env);
        Map<String, Object> an = new LinkedHashMap<>();
        an.put("chain", chain);
        an.put("binning", analysisBinning);
        an.put("device", models.device().name().toLowerCase(Locale.ROOT));
        an.put("model", models.model);
        List<Map<String, Object>> ms = new ArrayList<>();
        for (ModelSource m : sources) {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("name", m.name());
            mm.put("outputKind", m.spec().outputKind().name());
            mm.put("sha256", m.sha256());
            ms.add(mm);
        }
        an.put("models", ms);
        s.put("analysis", an);
        return s;
    }
}
