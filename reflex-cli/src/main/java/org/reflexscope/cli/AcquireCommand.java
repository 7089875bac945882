package org.reflexscope.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.reflexscope.cli.run.GracefulStop;
import org.reflexscope.cli.run.HiResWriter;
import org.reflexscope.cli.run.PolicySet;
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
import org.reflexscope.mm.core.MmCoreFrameSource;
import org.reflexscope.mm.core.MmCoreMicroscope;
import org.reflexscope.mm.core.MmCoreSession;
import org.reflexscope.mm.core.MmCoreSessionException;
import org.reflexscope.policy.engine.AcquisitionPolicy;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.log.DecisionLogWriter;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.session.PolicyClock;
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
        double seconds = loop.durationSeconds();
        RunLimit limit = loop.frames != null ? RunLimit.frames(loop.frames)
                : RunLimit.duration(Double.isNaN(seconds) ? 10 : seconds);
        // the default chain runs the embedded denoiser and detector as one fused session: record that model
        List<ModelSource> sources = models.isDefault() ? List.of(ModelCatalog.denoiseDetector()) : models.sources();
        try (MmCoreSession mm = MmCoreSession.open(home, config)) {
            if (objectiveGroup != null) {
                mm.useObjectiveGroup(objectiveGroup);
            }
            MmCoreFrameSource source = mm.frameSourceBuilder().build();
            MmCoreMicroscope scope = mm.microscope(source);
            MicroscopeState state = scope.state();
            List<String> objectives = scope.presets(MicroscopeControl.OBJECTIVE_GROUP);
            double fovUm = state.imageWidth() * (state.pixelSizeUm() > 0 ? state.pixelSizeUm() : 1.0);
            SafetyEnvelope envelope = envelope(state, objectives, fovUm, mm.focusTravelUm());
            List<String> asked = new ArrayList<>();
            for (String p : loop.policies) {
                asked.add(p.equalsIgnoreCase("auto") ? "refocus" : p);
            }
            double interval = state.frameIntervalMs() > 0 ? state.frameIntervalMs()
                    : Math.max(1, state.exposureMs());
            String highest = mm.objectiveGroup().highestMagnification();
            String hiRes = highest.equals(state.preset(MicroscopeControl.OBJECTIVE_GROUP)) ? "" : highest;
            PolicySet policies = PolicySet.build(asked, loop.settings, new PolicySet.Defaults(interval, hiRes));
            RunFolder folder = RunFolder.create(loop.out != null ? loop.out : RunCommand.defaultFolder("acquire"));
            Console.current().logTo(folder.log(), "reflex " + ReflexVersion.version() + " acquire "
                    + String.join(" ", RunCommand.ownArgs(spec)));
            try {
                return run(source, scope, envelope, policies, limit, sources, folder);
            } finally {
                Console.current().closeLog();
            }
        } catch (MmCoreSessionException e) {
            throw new UserInputException(e.getMessage(), e);
        } catch (HardwareException e) {
            throw new UserInputException("The microscope did not answer: " + e.getMessage(), e);
        } catch (LinkageError e) {
            // MmCoreSession turns loading failures into MmCoreSessionException; a late one (a core call that does
            // not bind) still reaches the user as one line (picocli hands only Exceptions to the ErrorReporter)
            throw new UserInputException("Micro-Manager's core from " + home + " failed: " + e.getClass()
                    .getSimpleName() + ": " + e.getMessage() + ". Run Reflex with the MMCoreJ.jar of that "
                    + "installation (the reflex launcher adds it for --mm).", e);
        }
    }

    private int run(MmCoreFrameSource source, MmCoreMicroscope scope, SafetyEnvelope envelope, PolicySet policies,
            RunLimit limit, List<ModelSource> sources, RunFolder folder) throws Exception {
        TimelineRecorder timeline = new TimelineRecorder();
        ResultTimeline results = new ResultTimeline();
        Instant started = Instant.now();
        SessionStatus status;
        // the cell size on a real microscope is not known: --bin auto sizes the analysis image from the camera's
        FrameFormat camera = source.maxFormat();
        AnalysisChain.Builder cb = AnalysisChain.builder()
                .optBinning(loop.binningForFrame(camera.width(), camera.height()))
                .optDevice(models.device());
        if (!models.isDefault()) {
            sources.forEach(cb::optModel);
        }
        GracefulStop stop = GracefulStop.install(System.err, SimulatedRun.FINALIZE_BOUND,
                SimulatedRun.finalizedProducts(!loop.noReport));
        try (stop; AnalysisChain chain = cb.build();
                NdTiffRecorder recording = NdTiffRecorder.create(folder.recordingDir(), Map.of(),
                        SimulatedRun.RECORDING_DISK_RESERVE_BYTES);
                DecisionLogWriter log = DecisionLogWriter.open(folder.decisions());
                HiResWriter writer = new HiResWriter(folder.hiresDir())) {
            SmartAcquisition.Builder sb = SmartAcquisition.builder(source, scope, envelope).setAnalyzer(chain)
                    .addRecorder("ndtiff", recording).addRecorder("timeline", timeline).addResultListener(results)
                    .addEngineListener(results).addEngineListener(writer).optDecisionLog(log)
                    .optDryRun(loop.dryRun).optRingSize(loop.ringSize())
                    .optConsumerWait(loop.consumerWait()).optWarmUpFrames(loop.warmUpFrames).optLimit(limit)
                    .optPolicyClock(PolicyClock.WALL)
                    .optWatchdog(Duration.ofSeconds(1));
            for (AcquisitionPolicy p : policies.policies()) {
                sb.addPolicy(p);
            }
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
                settings.put("dryRun", loop.dryRun);
                settings.put("ringSlots", loop.ring);
                settings.put("consumerWait", loop.consumerWaitName());
                settings.put("warmUpFrames", loop.warmUpFrames);
                settings.put("limit", limit.toString());
                if (!source.endedOutsideReflex().isEmpty()) {
                    settings.put("endedOutsideReflex", source.endedOutsideReflex());
                }
                List<String> names = new ArrayList<>();
                policies.policies().forEach(p -> names.add(p.name()));
                settings.put("policies", names);
                settings.put("policyParameters", policies.resolved());
                settings.put("safetyEnvelope", envelope.toString());
                Map<String, Object> an = new LinkedHashMap<>();
                an.put("chain", chain.describe());
                List<Map<String, Object>> ms = new ArrayList<>();
                for (ModelSource m : sources) {
                    ms.add(Map.of("name", m.name(), "sha256", m.sha256()));
                }
                an.put("models", ms);
                settings.put("analysis", an);
                folder.writeJson(folder.settings(), settings);
                stop.written("settings.json");
                // the light dose is the exposure the camera took (the shutter closes between time-lapse frames)
                folder.writeJson(folder.metrics(), reporting.metrics(null, source.exposureTakenMs()));
                stop.written("metrics.json");
                if (!loop.noReport) {
                    reporting.writeReport("acquire", "Micro-Manager " + home + " with " + config, null, null,
                            settings, loop.dryRun);
                    stop.written("report.html");
                }
                if (loop.verbosity() == Verbosity.QUIET) {
                    reporting.printEssentials(spec.commandLine().getOut());
                } else {
                    reporting.printSummary(spec.commandLine().getOut(), null);
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

    /** The run's envelope: the user's limits, else the defaults {@code --help} states. */
    private SafetyEnvelope envelope(MicroscopeState s, List<String> objectives, double fovUm, double[] zTravel)
            throws UserInputException {
        double zMin = loop.zLimits != null ? loop.zLimits.get(0) : s.zUm() - 50;
        double zMax = loop.zLimits != null ? loop.zLimits.get(1) : s.zUm() + 50;
        if (loop.zLimits == null && zTravel != null) {
            zMin = Math.max(zMin, zTravel[0]);
            zMax = Math.min(zMax, zTravel[1]);
        }
        double[] box = loop.xyBox != null ? new double[] {loop.xyBox.get(0), loop.xyBox.get(1), loop.xyBox.get(2),
            loop.xyBox.get(3)} : new double[] {s.xUm() - 2000, s.yUm() - 2000, s.xUm() + 2000, s.yUm() + 2000};
        List<String> allowed = loop.allowedObjectives != null ? loop.allowedObjectives : objectives;
        try {
            SafetyEnvelope.Builder b = SafetyEnvelope.builder().optZLimitsUm(zMin, zMax).optMaxZStepUm(loop.maxZStep)
                    .optXYBoundsUm(box[0], box[1], box[2], box[3])
                    .optMaxXYStepUm(loop.maxXYStep != null ? loop.maxXYStep : Math.max(10, Math.ceil(1.5 * fovUm)))
                    .optMinMoveInterval(Duration.ofNanos(Math.round(loop.minMoveIntervalMs * 1e6)));
            if (!allowed.isEmpty()) {
                b.optAllowedPresets(MicroscopeControl.OBJECTIVE_GROUP, allowed.toArray(new String[0]));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UserInputException("Safety envelope: " + e.getMessage(), e);
        }
    }
}
