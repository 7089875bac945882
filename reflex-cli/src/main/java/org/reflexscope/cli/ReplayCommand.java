package org.reflexscope.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.reflexscope.cli.run.PolicySet;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.replay.ReplayRenderer;
import org.reflexscope.sim.replay.ReplayStack;
import org.reflexscope.sim.scenario.ClockMode;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.scenario.ScenarioException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code reflex replay}: the closed loop on a recorded dataset used as a virtual sample. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the closed loop on recorded data used as the sample: time points advance with the "
            + "clock, focus moves select (and interpolate) z planes, XY moves pan the view across the recorded "
            + "field. Takes a TIFF/OME-TIFF stack, an NDTiff dataset folder or a Reflex run folder. Writes the same "
            + "run folder as `reflex run` (without ground-truth scores)."},
        footer = {"", "Examples:", "  reflex replay cells.ome.tif", "  reflex replay runs/mixed-20260101-120000 -p track",
            "", "Exit status: 0 done, 1 bad input or failure, 2 bad usage, 3 frames were lost."})
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATASET", description = "TIFF/OME-TIFF file, NDTiff folder or run folder.")
    Path dataset;

    @Mixin
    ClosedLoopOptions loop;

    @Mixin
    ModelOptions models;

    @Override
    public Integer call() throws Exception {
        if (loop.wantsPolicyHelp()) {
            PoliciesCommand.print(spec.commandLine().getOut(), PolicySet.NAMES);
            return ExitCodes.OK;
        }
        loop.validate();
        ReplayStack stack = ReplayData.open(dataset);
        double interval = Double.isFinite(stack.frameIntervalMs()) && stack.frameIntervalMs() > 0
                ? stack.frameIntervalMs() : 100.0;
        Scenario s;
        try {
            s = Scenario.defaults().with("name", "replay").with("description", "Replay of " + dataset.toAbsolutePath()
                    + " (" + stack + ")").with("camera.width", stack.width()).with("camera.height", stack.height())
                    .with("camera.frameIntervalMs", interval).with("camera.exposureMs", Math.min(20.0, interval))
                    .with("durationS", stack.timePoints() * interval / 1000.0)
                    .with("specimen.beads.count", 0).with("drift.focusRateUmPerMin", 0.0)
                    .with("drift.wanderAmplitudeUm", 0.0)
                    .with("optics", optics(stack.pixelSizeUm()))
                    .with("clock", loop.virtualPacing() ? ClockMode.VIRTUAL.name() : ClockMode.REAL_TIME.name());
        } catch (ScenarioException e) {
            throw new UserInputException("Cannot set up a replay of " + dataset + ": " + e.getMessage(), e);
        }
        if (loop.policies.size() == 1 && loop.policies.get(0).equalsIgnoreCase("auto")) {
            loop.policies = stack.zPlanes() > 1 ? List.of("refocus", "track") : List.of("track");
        }
        VirtualMicroscope scope = VirtualMicroscope.builder(s)
                .optRenderer(ReplayRenderer.builder(stack).optFrameIntervalMs(interval).build()).build();
        Map<String, Object> extra = new LinkedHashMap<>();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("path", dataset.toAbsolutePath().toString());
        data.put("size", stack.width() + "x" + stack.height());
        data.put("timePoints", stack.timePoints());
        data.put("zPlanes", stack.zPlanes());
        data.put("pixelSizeUm", stack.pixelSizeUm());
        data.put("zStepUm", stack.zStepUm());
        data.put("frameIntervalMs", interval);
        extra.put("replay", data);
        return new SimulatedRun("replay", RunCommand.ownArgs(spec), loop, models, spec.commandLine().getOut(),
                System.err).execute(s, scope, loop.out != null ? loop.out : RunCommand.defaultFolder("replay"), extra,
                        false);
    }

    private static Map<String, Object> optics(double pixelSizeUm) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objectives", List.of(objective(pixelSizeUm)));
        m.put("objective", "replay");
        return m;
    }

    private static Map<String, Object> objective(double pixelSizeUm) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", "replay");
        o.put("pixelSizeUm", pixelSizeUm);
        o.put("na", 0.3);
        o.put("parfocalOffsetUm", 0.0);
        return o;
    }
}
