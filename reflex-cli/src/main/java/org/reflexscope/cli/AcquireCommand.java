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
import org.reflexscope.cli.run.ProgressBar;
import org.reflexscope.cli.run.ResultTimeline;
import org.reflexscope.cli.run.RunFolder;
import org.reflexscope.cli.run.RunReporting;
import org.reflexscope.cli.run.TimelineRecorder;
import org.reflexscope.core.analysis.AnalysisChain;
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
            + "on the stage, objectives and frame rate within the safety envelope (Z limits default to the current "
            + "Z ± 50 µm: set them with --z-limits for your sample). Writes the same run folder as `reflex run`, "
            + "without ground-truth scores. Try it first with --dry-run."},
        footer = {"", "Examples:",
            "  reflex acquire --mm /opt/Micro-Manager-2.0 --config MMConfig_demo.cfg --duration 10s --dry-run",
            "  reflex acquire --mm 'C:\\Program Files\\Micro-Manager-2.0' --config my-scope.cfg -p refocus "
                + "--z-limits 1200,1300",
            "", "MMCoreJ comes from reflex.jar; to use the installation's own jar instead, run with",
            "REFLEX_CLASSPATH=<mm>/plugins/Micro-Manager/MMCoreJ.jar.",
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

    @Mixin
    ClosedLoopOptions loop;

    @Mixin
    ModelOptions models;

    @Override
    public Integer call() throws Exception {
        loop.validate();
        double seconds = loop.durationSeconds();
        RunLimit limit = loop.frames != null ? RunLimit.frames(loop.frames)
                : RunLimit.duration(Double.isNaN(seconds) ? 10 : seconds);
        // the default chain runs the embedded denoiser and detector as one fused session: record that model
        List<ModelSource> sources = models.isDefault() ? List.of(ModelCatalog.denoiseDetector()) : models.sources();
        try (MmCoreSession mm = MmCoreSession.open(home, config)) {
            MmCoreFrameSource source = mm.frameSourceBuilder().build();
            MmCoreMicroscope scope = mm.microscope(source);
            MicroscopeState state = scope.state();
            List<String> objectives = scope.presets(MicroscopeControl.OBJECTIVE_GROUP);
            double fovUm = state.imageWidth() * (state.pixelSizeUm() > 0 ? state.pixelSizeUm() : 1.0);
            SafetyEnvelope envelope = envelope(state, objectives, fovUm);
            List<String> asked = new ArrayList<>();
            for (String p : loop.policies) {
                asked.add(p.equalsIgnoreCase("auto") ? "refocus" : p);
            }
            double interval = state.frameIntervalMs() > 0 ? state.frameIntervalMs()
                    : Math.max(1, state.exposureMs());
            PolicySet policies = PolicySet.build(asked, loop.settings, new PolicySet.Defaults(interval,
                    hiResObjective(objectives, state.preset(MicroscopeControl.OBJECTIVE_GROUP))));
            RunFolder folder = RunFolder.create(loop.out != null ? loop.out : RunCommand.defaultFolder("acquire"));
            return run(source, scope, envelope, policies, limit, sources, folder);
        } catch (MmCoreSessionException e) {
            throw new UserInputException(e.getMessage(), e);
        } catch (HardwareException e) {
            throw new UserInputException("The microscope did not answer: " + e.getMessage(), e);
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
        GracefulStop stop = GracefulStop.install(System.err, SimulatedRun.FINALIZE_BOUND);
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
                ProgressBar bar = !loop.quiet && ProgressBar.enabledByLauncher()
                        ? new ProgressBar(System.err, () -> Double.NaN, () -> run.status().oneLine(), 250) : null;
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
                folder.writeJson(folder.metrics(), reporting.metrics(null, Double.NaN));
                if (!loop.noReport) {
                    reporting.writeReport("acquire", "Micro-Manager " + home + " with " + config, null, null,
                            settings, loop.dryRun);
                }
                if (!loop.quiet) {
                    reporting.printSummary(spec.commandLine().getOut(), null);
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

    private SafetyEnvelope envelope(MicroscopeState s, List<String> objectives, double fovUm)
            throws UserInputException {
        double zMin = loop.zLimits != null ? loop.zLimits.get(0) : s.zUm() - 50;
        double zMax = loop.zLimits != null ? loop.zLimits.get(1) : s.zUm() + 50;
        double[] box = loop.xyBox != null ? new double[] {loop.xyBox.get(0), loop.xyBox.get(1), loop.xyBox.get(2),
            loop.xyBox.get(3)} : new double[] {s.xUm() - 2000, s.yUm() - 2000, s.xUm() + 2000, s.yUm() + 2000};
        List<String> allowed = loop.allowedObjectives != null ? loop.allowedObjectives : objectives;
        try {
            return SafetyEnvelope.builder().optZLimitsUm(zMin, zMax).optMaxZStepUm(loop.maxZStep)
                    .optXYBoundsUm(box[0], box[1], box[2], box[3])
                    .optMaxXYStepUm(loop.maxXYStep != null ? loop.maxXYStep : Math.max(10, Math.ceil(1.5 * fovUm)))
                    .optMinMoveInterval(Duration.ofNanos(Math.round(loop.minMoveIntervalMs * 1e6)))
                    .optAllowedPresets(MicroscopeControl.OBJECTIVE_GROUP, allowed.toArray(new String[0])).build();
        } catch (IllegalArgumentException e) {
            throw new UserInputException("Safety envelope: " + e.getMessage(), e);
        }
    }

    /** The last objective preset other than the current one ("" when there is none). */
    private static String hiResObjective(List<String> objectives, String current) {
        String best = "";
        for (String o : objectives) {
            if (!o.equals(current)) {
                best = o;
            }
        }
        return best;
    }
}
