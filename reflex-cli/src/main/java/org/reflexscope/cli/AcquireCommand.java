package org.reflexscope.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.reflexscope.cli.input.UsageException;
import org.reflexscope.cli.input.UserInputException;
import org.reflexscope.cli.run.GracefulStop;
import org.reflexscope.cli.run.HiResWriter;
import org.reflexscope.cli.console.Console;
import org.reflexscope.cli.console.Verbosity;
import org.reflexscope.cli.run.ProgressBar;
import org.reflexscope.cli.run.RunProgress;
import org.reflexscope.cli.run.ResultTimeline;
import org.reflexscope.cli.run.RunFolder;
import org.reflexscope.cli.run.RunReporting;
import org.reflexscope.cli.run.TimelineRecorder;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.analysis.FrameBinner;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.inference.ModelCatalog;
import org.reflexscope.core.inference.ModelLoadException;
import org.reflexscope.core.inference.ModelSource;
import org.reflexscope.core.record.NdTiffRecorder;
import org.reflexscope.core.source.FrameSourceException;
import org.reflexscope.mm.core.MmCoreCameraNoise;
import org.reflexscope.mm.core.MmCoreFrameSource;
import org.reflexscope.mm.core.MmCoreMicroscope;
import org.reflexscope.mm.core.MmCoreSession;
import org.reflexscope.mm.core.MmCoreSessionException;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.log.DecisionLogWriter;
import org.reflexscope.policy.recipe.AnalysisBinning;
import org.reflexscope.policy.recipe.PolicySet;
import org.reflexscope.policy.recipe.PreparedRun;
import org.reflexscope.policy.recipe.RecipeException;
import org.reflexscope.policy.recipe.RigFacts;
import org.reflexscope.policy.refocus.RefocusSteps;
import org.reflexscope.policy.signal.SignalAlarm;
import org.reflexscope.policy.signal.SignalMonitor;
import org.reflexscope.policy.recipe.RunRecipe;
import org.reflexscope.policy.recipe.RunSource;
import org.reflexscope.policy.session.RunLimit;
import org.reflexscope.policy.session.SessionStatus;
import org.reflexscope.policy.session.SmartAcquisition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code reflex acquire}: the closed loop headless on a real Micro-Manager core. */
@Command(name = "acquire", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the closed loop on a real microscope through Micro-Manager's core, without Studio: a "
            + "sequence acquisition streams into the ring, every frame is recorded, analysed, and the policies act "
            + "on the stage, objectives and frame rate within the safety envelope. Z limits default to the current "
            + "Z ± 50 µm, cut to the focus drive's travel where the core reports it (as limits of the drive's "
            + "Position property; many drives, the DemoCamera's among them, report none): set them with --z-limits "
            + "for your sample. The XY box defaults to the current position ± 2000 µm. Objectives are the presets "
            + "of --objective-group; high-resolution triggers switch to the one with the smallest pixel size. "
            + "Writes the same run folder as `reflex run`, without ground-truth scores. Try it first with "
            + "--dry-run."},
        footer = {"", "Examples:",
            "  reflex acquire --mm /opt/Micro-Manager-2.0 --config MMConfig_demo.cfg --duration 10s --dry-run",
            "  reflex acquire --mm 'C:\\Program Files\\Micro-Manager-2.0' --config my-scope.cfg -p refocus "
                + "--z-limits 1200,1300",
            "", "MMCoreJ comes from the installation: the reflex launcher puts <mm>/plugins/Micro-Manager/MMCoreJ.jar "
                + "on the class path (with java -cp, put it before reflex.jar yourself).",
            "", "Exit status: 0 done, 1 bad input or failure, 2 bad usage, 3 frames were lost."})
final class AcquireCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--mm", required = true, paramLabel = "DIR",
            description = "The Micro-Manager installation folder (native core, device adapters, configurations).")
    Path home;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "MMConfig_demo.cfg",
            description = "Hardware configuration, relative to --mm or absolute (default: ${DEFAULT-VALUE}).")
    String config;

    @Option(names = "--objective-group", paramLabel = "GROUP",
            description = "The configuration group that switches objectives (default: the group whose presets "
                + "select the pixel-size calibrations; none if no group does, and then no policy switches "
                + "objectives).")
    String objectiveGroup;

    @Option(names = "--objective-na", split = ",", paramLabel = "PRESET=NA",
            description = "Numerical aperture of objective presets, e.g. 10X=0.3,20X=0.5,40X=0.75 (Micro-Manager does "
                + "not know it). Refocus steps then come from the live objective's depth of field "
                + "(λ·n/NA² + n·pixel/NA; steps DOF/6, DOF/3, search ±5·DOF/3) instead of the fixed 0.5 / 1 µm steps "
                + "and ±5 µm search. Steps given with --set refocus.* still win.")
    Map<String, Double> objectiveNa;

    @Option(names = "--immersion-index", paramLabel = "N",
            description = "Refractive index of the immersion medium for --objective-na (default: 1.0, air; 1.33 "
                + "water, 1.515 oil).")
    Double immersionIndex;

    @Option(names = "--emission-nm", paramLabel = "NM",
            description = "Emission wavelength for --objective-na, nm (default: 520).")
    Double emissionNm;

    @Mixin
    ClosedLoopOptions loop;

    @Mixin
    ModelOptions models;

    /**
     * The shared closed-loop options as they apply to a real microscope: no simulated pacing, and the run length
     * defaults to 10 s rather than a scenario's (help only; parsing is unchanged).
     */
    static void describeOptionsForRealMicroscope(CommandSpec spec) {
        HelpLayout.redescribe(spec, "--pacing", null);
        HelpLayout.redescribe(spec, "--duration", "Stop after this much time, e.g. 30s, 2m, 500ms (default: 10s).");
        HelpLayout.redescribe(spec, "--bin", "Analysis binning factor, or auto (default): the largest of 1, 2, 4, 8 "
                + "that keeps the frame's shorter side at least " + FrameBinner.DEFAULT_ANALYSIS_EDGE + " analysed "
                + "pixels (4 for a 2048 x 2048 camera).");
    }

    @Override
    public Integer call() throws Exception {
        if (loop.wantsPolicyHelp()) {
            PoliciesCommand.print(spec.commandLine().getOut(), PolicySet.NAMES);
            return ExitCodes.OK;
        }
        loop.validate();
        Console.current().verbosity(loop.verbosity());
        if (spec.commandLine().getParseResult().hasMatchedOption("--pacing")) {
            throw new UserInputException("--pacing applies to simulated and replayed runs; acquire runs at the "
                    + "camera's own pace (its exposure, or the interval the rate policy sets). Leave --pacing out.");
        }
        checkOptics();
        RunRecipe recipe = recipe();
        // the default chain runs the embedded denoiser and detector as one fused session: record that model
        List<ModelSource> sources = models.isDefault() ? List.of(ModelCatalog.denoiseDetector()) : models.sources();
        try (MmCoreSession mm = MmCoreSession.open(home, config)) {
            if (objectiveGroup != null) {
                mm.useObjectiveGroup(objectiveGroup);
            }
            MmCoreFrameSource source = mm.frameSourceBuilder().build();
            MmCoreMicroscope scope = mm.microscope(source);
            PreparedRun prepared;
            MicroscopeState start = scope.state();
            List<String> objectives = scope.presets(MicroscopeControl.OBJECTIVE_GROUP);
            double dofUm = liveDepthOfFieldUm(start, objectives);
            try {
                prepared = PreparedRun.of(recipe, rig(start, objectives, mm.focusTravelUm(),
                        mm.objectiveGroup().highestMagnification(), dofUm));
            } catch (RecipeException e) {
                throw ClosedLoopOptions.userError(e);
            }
            RunFolder folder = RunFolder.create(loop.out != null ? loop.out : RunCommand.defaultFolder("acquire"));
            Console.current().logTo(folder.log(), "reflex " + ReflexVersion.version() + " acquire "
                    + String.join(" ", RunCommand.ownArgs(spec)));
            try {
                recipe.write(folder.recipe());
                return run(source, scope, prepared, sources, folder, mm.cameraNoise());
            } finally {
                Console.current().closeLog();
            }
        } catch (MmCoreSessionException | HardwareException | LinkageError e) {
            throw CoreFailures.toUserInput(home, e);
        }
    }

    /** The recipe the options given here make: the defaults, with what was given. */
    RunRecipe recipe() throws UserInputException {
        return models.applyTo(loop.applyTo(RunRecipe.builder()))
                .source(RunSource.microManager(home.toAbsolutePath().toString(), config,
                        objectiveGroup == null ? "" : objectiveGroup)).build();
    }

    /**
     * What a Micro-Manager core tells of the microscope at the start ({@code state}, its {@code objectives}, the
     * focus drive's travel, the preset of {@code highest} magnification), for the values the recipe leaves unset.
     */
    static RigFacts rig(MicroscopeState state, List<String> objectives, double[] zTravelUm, String highest,
            double depthOfFieldUm) {
        String hiRes = highest.equals(state.preset(MicroscopeControl.OBJECTIVE_GROUP)) ? "" : highest;
        return RigFacts.forMicroscope(state, objectives, hiRes).zTravelUm(zTravelUm).depthOfFieldUm(depthOfFieldUm)
                .defaultLimit(RunLimit.duration(RunRecipe.DEFAULT_ACQUIRE_DURATION_S)).build();
    }

    /** Refuses --objective-na, --immersion-index and --emission-nm values out of range (before the core loads). */
    private void checkOptics() throws UsageException {
        double n = immersionIndex == null ? 1.0 : immersionIndex;
        if (!(n >= 1) || !Double.isFinite(n)) {
            throw new UsageException("--immersion-index must be a refractive index >= 1 (1.0 air, 1.33 water, 1.515 "
                    + "oil), got " + immersionIndex);
        }
        if (emissionNm != null && !(emissionNm > 0 && Double.isFinite(emissionNm))) {
            throw new UsageException("--emission-nm must be a wavelength > 0 nm, got " + emissionNm);
        }
        if ((immersionIndex != null || emissionNm != null) && (objectiveNa == null || objectiveNa.isEmpty())) {
            throw new UsageException("--immersion-index and --emission-nm describe the objectives of --objective-na; "
                    + "give --objective-na PRESET=NA too");
        }
        if (objectiveNa == null) {
            return;
        }
        for (Map.Entry<String, Double> e : objectiveNa.entrySet()) {
            double na = e.getValue();
            if (!(na > 0 && na < n)) {
                throw new UsageException("--objective-na " + e.getKey() + "=" + e.getValue() + ": a numerical "
                        + "aperture must be > 0 and below the immersion index " + n + (na >= n ? " (an immersion "
                        + "objective? give --immersion-index, e.g. 1.515 for oil)" : ""));
            }
        }
    }

    /**
     * The live objective's depth of field from --objective-na and its pixel calibration; {@code NaN} (fixed
     * refocus steps) when no NA is given for it.
     *
     * @throws UsageException if --objective-na names a preset the objective group does not have
     */
    private double liveDepthOfFieldUm(MicroscopeState state, List<String> objectives) throws UsageException {
        if (objectiveNa == null || objectiveNa.isEmpty()) {
            return Double.NaN;
        }
        for (String preset : objectiveNa.keySet()) {
            if (!objectives.contains(preset)) {
                throw new UsageException("--objective-na names '" + preset + "', which is not an objective preset "
                        + "of this configuration; its objectives are " + objectives);
            }
        }
        Double na = objectiveNa.get(state.preset(MicroscopeControl.OBJECTIVE_GROUP));
        if (na == null) {
            Console.current().println("Warning: --objective-na gives no NA for the live objective '"
                    + state.preset(MicroscopeControl.OBJECTIVE_GROUP) + "': refocus keeps its fixed steps");
            return Double.NaN;
        }
        return RefocusSteps.depthOfFieldUm(emissionNm == null ? 520 : emissionNm,
                immersionIndex == null ? 1.0 : immersionIndex, na,
                state.pixelSizeUm() > 0 ? state.pixelSizeUm() : 0);
    }

    private int run(MmCoreFrameSource source, MmCoreMicroscope scope, PreparedRun prepared,
            List<ModelSource> sources, RunFolder folder, MmCoreCameraNoise cameraNoise) throws Exception {
        RunRecipe recipe = prepared.recipe();
        PolicySet policies = prepared.policies();
        RunLimit limit = prepared.limit();
        TimelineRecorder timeline = new TimelineRecorder();
        ResultTimeline results = new ResultTimeline();
        Instant started = Instant.now();
        SessionStatus status;
        // the cell size on a real microscope is not known: --bin auto sizes the analysis image from the camera's
        FrameFormat camera = source.maxFormat();
        AnalysisChain.Builder cb = AnalysisChain.builder()
                .optBinning(AnalysisBinning.forCamera(recipe.binning(), camera.width(), camera.height()))
                .optDevice(models.device())
                // gain, offset, read noise: the camera's properties where unambiguous, the rest measured
                .optCameraModel(cameraNoise.model());
        if (!models.isDefault()) {
            sources.forEach(cb::optModel);
        }
        SignalMonitor signal = SimulatedRun.signalMonitor(policies);
        GracefulStop stop = GracefulStop.install(System.err, SimulatedRun.FINALIZE_BOUND,
                SimulatedRun.finalizedProducts(!loop.noReport));
        try (stop; AnalysisChain chain = cb.build();
                NdTiffRecorder recording = NdTiffRecorder.create(folder.recordingDir(), Map.of(),
                        SimulatedRun.RECORDING_DISK_RESERVE_BYTES);
                DecisionLogWriter log = DecisionLogWriter.open(folder.decisions());
                HiResWriter writer = new HiResWriter(folder.hiresDir())) {
            SmartAcquisition.Builder sb = prepared.session(source, scope).setAnalyzer(chain)
                    .addRecorder("ndtiff", recording).addRecorder("timeline", timeline).addResultListener(results)
                    .addResultListener(signal)
                    .addEngineListener(results).addEngineListener(writer).optDecisionLog(log);
            try (SmartAcquisition run = sb.build()) {
                try {
                    run.start();
                } catch (FrameSourceException e) {
                    throw new UserInputException("The camera did not start: " + e.getMessage(), e);
                } catch (IllegalStateException e) {
                    throw new UserInputException(e.getMessage(), e);
                }
                Console console = Console.current();
                ProgressBar bar = loop.verbosity() != Verbosity.QUIET && console.isTty()
                        ? new ProgressBar(console, () -> RunProgress.fraction(run.status(), limit),
                                () -> RunProgress.segments(run.status(), RunProgress.fraction(run.status(), limit)),
                                250) : null;
                try {
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
                stop.written(SimulatedRun.FINISHED_RECORDING);
                writer.finish(120);
                RunReporting reporting = new RunReporting(folder, status, run.latencies(), timeline, results, writer);
                Map<String, Object> settings = new LinkedHashMap<>();
                settings.put("command", "acquire");
                settings.put("arguments", RunCommand.ownArgs(spec));
                settings.put("reflexVersion", ReflexVersion.version());
                settings.put("java", System.getProperty("java.version"));
                settings.put("startedAt", started.toString());
                settings.put("micromanager", Map.of("home", home.toAbsolutePath().toString(), "config", config));
                settings.put("scenario", Map.of("name", "acquire", "seed", "n/a"));
                settings.put("recipe", "recipe.json");
                settings.put("dryRun", recipe.dryRun());
                settings.put("ringSlots", recipe.ringSlots());
                settings.put("consumerWait", RunRecipe.consumerWaitName(recipe.consumerWait()));
                settings.put("warmUpFrames", recipe.warmUpFrames());
                settings.put("limit", limit.toString());
                if (!source.endedOutsideReflex().isEmpty()) {
                    settings.put("endedOutsideReflex", source.endedOutsideReflex());
                }
                List<String> names = new ArrayList<>();
                policies.policies().forEach(p -> names.add(p.name()));
                settings.put("policies", names);
                settings.put("policyParameters", policies.resolved());
                settings.put("safetyEnvelope", prepared.envelope().toString());
                Map<String, Object> an = new LinkedHashMap<>();
                an.put("chain", chain.describe());
                List<Map<String, Object>> ms = new ArrayList<>();
                for (ModelSource m : sources) {
                    ms.add(Map.of("name", m.name(), "sha256", m.sha256()));
                }
                an.put("models", ms);
                settings.put("analysis", an);
                settings.put("camera", chain.camera().asMap());
                Map<String, Object> properties = new LinkedHashMap<>();
                properties.put("used", cameraNoise.used());
                properties.put("ignored", cameraNoise.ignored());
                settings.put("cameraProperties", properties);
                folder.writeJson(folder.settings(), settings);
                stop.written("settings.json");
                // the light dose is the exposure the camera took (the shutter closes between time-lapse frames)
                Map<String, Object> metrics = reporting.metrics(null, source.exposureTakenMs());
                metrics.put("signalAlarms", SimulatedRun.alarmsJson(signal));
                folder.writeJson(folder.metrics(), metrics);
                stop.written("metrics.json");
                if (!loop.noReport) {
                    reporting.writeReport("acquire", "Micro-Manager " + home + " with " + config, null, null,
                            settings, recipe.dryRun());
                    stop.written("report.html");
                }
                if (loop.verbosity() == Verbosity.QUIET) {
                    reporting.printEssentials(spec.commandLine().getOut());
                } else {
                    reporting.printSummary(spec.commandLine().getOut(), null);
                }
                for (SignalAlarm a : signal.alarms()) {
                    spec.commandLine().getOut().println("Warning: " + a.message());
                }
                if (!source.endedOutsideReflex().isEmpty()) {
                    spec.commandLine().getErr().println("reflex: the run ended early: " + source.endedOutsideReflex()
                            + "; every frame acquired until then is recorded. Start again when the camera is free.");
                }
                spec.commandLine().getOut().flush();
                if (recording.stopReason().isPresent()) {
                    throw new UserInputException(recording.stopReason().get() + ". The run went on to its end; its"
                            + " metrics, settings, report and the partial recording are in " + folder.root());
                }
            }
        } catch (ModelLoadException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        if (stop.cause().isPresent()) {
            System.err.println("reflex: stopped early by " + stop.cause().get() + " after " + status.framesPublished()
                    + " frames; the run's recording, decision log, metrics, settings and report are in "
                    + folder.root());
            return ExitCodes.INTERRUPTED;
        }
        return status.framesLost() > 0 ? ExitCodes.DATA_LOSS : ExitCodes.OK;
    }
}
