package org.reflexscope.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.reflexscope.cli.input.UsageException;
import org.reflexscope.cli.input.UserInputException;
import org.reflexscope.core.analysis.CameraModel;
import org.reflexscope.policy.recipe.PolicySet;
import org.reflexscope.policy.recipe.RunRecipe;
import org.reflexscope.policy.recipe.RunSource;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.replay.ReplayRenderer;
import org.reflexscope.sim.replay.ReplayStack;
import org.reflexscope.sim.scenario.ClockMode;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.scenario.ScenarioException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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

    /** Objects analysed for when neither the user nor the data say otherwise: cell nuclei, µm across. */
    static final double DEFAULT_OBJECT_DIAMETER_UM = 10;
    /** Frames a single-time-point Z stack (a fixed sample) replays for unless --frames or --duration say. */
    static final int STATIC_STACK_FRAMES = 100;

    @Option(names = "--object-size", paramLabel = "SIZE", defaultValue = "auto",
            description = {"Diameter of the objects to find, in µm (12 or 12um) or pixels (40px); sets the analysis "
                + "binning under --bin auto and keeps one detection per object.",
                "auto (default): " + DEFAULT_OBJECT_DIAMETER_UM + " µm (cell nuclei) when the file states its pixel "
                    + "size; otherwise none (--bin alone decides)."})
    String objectSize;

    @Option(names = "--camera-offset", paramLabel = "COUNTS", defaultValue = "auto",
            description = "Camera offset (counts of a dark pixel), or auto (default): estimated from each frame as its "
                + "1st percentile.")
    String cameraOffset;

    @Option(names = "--camera-gain", paramLabel = "COUNTS_PER_E", defaultValue = "auto",
            description = "Camera gain in counts per photo-electron, or auto (default): estimated from the first "
                + "frames (photon transfer between consecutive frames, or one frame's flat regions).")
    String cameraGain;

    @Option(names = "--camera-read-noise", paramLabel = "E", defaultValue = "auto",
            description = "Camera read noise in rms electrons, or auto (default): estimated with the gain.")
    String cameraReadNoise;

    @Option(names = "--stack-axis", paramLabel = "AXIS", defaultValue = "auto",
            description = "What the planes of a TIFF without time/Z metadata are: time or z; auto (default): as the "
                + "file says, a plain multi-page TIFF being a time series.")
    String stackAxis;

    @Option(names = "--channel", paramLabel = "C", defaultValue = "0",
            description = "Channel of a multi-channel file to replay, from 0 (default ${DEFAULT-VALUE}).")
    int channel;

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
        RunRecipe.Builder recipe = models.applyTo(loop.applyTo(RunRecipe.builder()))
                .source(RunSource.replay(dataset.toAbsolutePath().toString()));
        CameraModel camera = camera();
        ReplayStack stack = ReplayData.open(dataset, stackAxis(), channel);
        double objectUm = objectDiameterUm(stack);
        double[] recordedTimes = stack.timePointTimesMs();
        double interval = recordedTimes != null ? shortestInterval(recordedTimes)
                : Double.isFinite(stack.frameIntervalMs()) && stack.frameIntervalMs() > 0 ? stack.frameIntervalMs()
                : 100.0;
        ReplayRenderer renderer = recordedTimes != null ? ReplayRenderer.builder(stack).build()
                : ReplayRenderer.builder(stack).optFrameIntervalMs(interval).build();
        String frameTimes = frameTimes(stack, interval);
        if (recordedTimes == null && stack.timePoints() > 1) {
            spec.commandLine().getErr().println("Note: " + dataset + " states no per-frame times; replaying its "
                    + stack.timePoints() + " time points " + frameTimes + ".");
        }
        Scenario s;
        try {
            s = Scenario.defaults().with("name", "replay").with("description", "Replay of " + dataset.toAbsolutePath()
                    + " (" + stack + ")").with("camera.width", stack.width()).with("camera.height", stack.height())
                    .with("camera.frameIntervalMs", interval).with("camera.exposureMs", Math.min(20.0, interval))
                    .with("durationS", stack.timePoints() == 1 ? (stack.zPlanes() > 1 ? STATIC_STACK_FRAMES : 1)
                            * interval / 1000.0 : renderer.endTimeMs() / 1000.0)
                    .with("specimen.beads.count", 0).with("drift.focusRateUmPerMin", 0.0)
                    .with("drift.wanderAmplitudeUm", 0.0)
                    .with("optics", optics(stack.pixelSizeUm()))
                    .with("clock", loop.pacing() == RunRecipe.Pacing.REALTIME ? ClockMode.REAL_TIME.name()
                            : ClockMode.VIRTUAL.name());
        } catch (ScenarioException e) {
            throw new UserInputException("Cannot set up a replay of " + dataset + ": " + e.getMessage(), e);
        }
        // a replayed sample is known to have objects to follow, and a focus to keep only when it has Z planes
        if (loop.policies.isEmpty() || loop.policies.size() == 1 && loop.policies.get(0).equalsIgnoreCase("auto")) {
            recipe.policies(stack.zPlanes() > 1 ? List.of("refocus", "track") : List.of("track"));
        }
        recipe.objectSizeUm(objectUm);
        VirtualMicroscope scope = VirtualMicroscope.builder(s)
                .optRenderer(renderer).build();
        Map<String, Object> extra = new LinkedHashMap<>();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("path", dataset.toAbsolutePath().toString());
        data.put("size", stack.width() + "x" + stack.height());
        data.put("timePoints", stack.timePoints());
        data.put("zPlanes", stack.zPlanes());
        data.put("pixelSizeUm", stack.pixelSizeUm());
        data.put("zStepUm", stack.zStepUm());
        data.put("frameIntervalMs", recordedTimes != null ? stack.frameIntervalMs() : interval);
        data.put("frameTimes", frameTimes);
        data.put("pixelSizeStated", stack.pixelSizeKnown());
        data.put("objectDiameterUm", objectUm);
        extra.put("replay", data);
        SimulatedRun run = new SimulatedRun("replay", RunCommand.ownArgs(spec), loop, recipe.build(), models,
                spec.commandLine().getOut(), System.err).withCamera(camera);
        return run.execute(s, scope, loop.out != null ? loop.out : RunCommand.defaultFolder("replay"), extra, false);
    }

    /** The shortest of the recorded intervals: the replay camera's interval, so that it can follow every one. */
    private static double shortestInterval(double[] timesMs) {
        double shortest = Double.POSITIVE_INFINITY;
        for (int t = 1; t < timesMs.length; t++) {
            shortest = Math.min(shortest, timesMs[t] - timesMs[t - 1]);
        }
        return shortest;
    }

    /** How the replay spaces the time points, in words (settings.json and the note on screen). */
    private static String frameTimes(ReplayStack stack, double intervalMs) {
        if (stack.timePointTimesMs() != null) {
            return String.format(java.util.Locale.ROOT, "at their recorded times (intervals %.4g to %.4g ms, mean "
                    + "%.4g ms)", intervalMs, longestInterval(stack.timePointTimesMs()), stack.frameIntervalMs());
        }
        return String.format(java.util.Locale.ROOT, "evenly, one every %.4g ms (%s)", intervalMs,
                Double.isFinite(stack.frameIntervalMs()) ? "the file's frame interval"
                        : "the file states no frame interval; 100 ms assumed");
    }

    private static double longestInterval(double[] timesMs) {
        double longest = 0;
        for (int t = 1; t < timesMs.length; t++) {
            longest = Math.max(longest, timesMs[t] - timesMs[t - 1]);
        }
        return longest;
    }

    private ReplayStack.StackAxis stackAxis() throws UserInputException {
        switch (stackAxis == null ? "auto" : stackAxis.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "auto":
                return ReplayStack.StackAxis.FROM_METADATA;
            case "time":
            case "t":
                return ReplayStack.StackAxis.TIME;
            case "z":
                return ReplayStack.StackAxis.Z;
            default:
                throw new UserInputException("--stack-axis " + stackAxis + ": expected auto, time or z");
        }
    }

    /** The camera model the options state: each value given, or auto (measured from the frames). */
    CameraModel camera() throws UsageException {
        CameraModel m = CameraModel.measured();
        double offset = number("--camera-offset", cameraOffset, "a number of counts", Double.NEGATIVE_INFINITY);
        if (!Double.isNaN(offset)) {
            m = m.withOffset(offset, CameraModel.Source.USER, "--camera-offset");
        }
        double gain = number("--camera-gain", cameraGain, "a number of counts per photo-electron above 0", 0);
        if (!Double.isNaN(gain)) {
            m = m.withGain(gain, CameraModel.Source.USER, "--camera-gain");
        }
        double readNoise = number("--camera-read-noise", cameraReadNoise, "a number of rms electrons, 0 or more", -1);
        if (!Double.isNaN(readNoise)) {
            m = m.withReadNoise(readNoise, CameraModel.Source.USER, "--camera-read-noise");
        }
        return m;
    }

    /**
     * {@code text} as a finite number above {@code above} (or at least 0 when {@code above} is -1); {@code NaN} for
     * auto or no value.
     *
     * @throws UsageException (exit 2) for anything else
     */
    private static double number(String option, String text, String expected, double above)
            throws UsageException {
        if (text == null || text.trim().equalsIgnoreCase("auto")) {
            return Double.NaN;
        }
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " " + text + ": expected auto or " + expected);
        }
        boolean ok = Double.isFinite(v) && (above == -1 ? v >= 0 : v > above);
        if (!ok) {
            throw new UsageException(option + " " + text + ": expected auto or " + expected);
        }
        return v;
    }

    /**
     * The object diameter in the replay's µm (which are pixels when the file states no pixel size); {@code NaN}
     * for {@code auto} on data without a pixel size.
     */
    private double objectDiameterUm(ReplayStack stack) throws UserInputException {
        String v = objectSize == null ? "auto" : objectSize.trim().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("auto")) {
            if (!stack.pixelSizeKnown()) {
                spec.commandLine().getErr().println("Note: " + dataset + " does not state its pixel size; analysing "
                        + "without an object size (--bin " + (loop.bin == null ? "auto" : loop.bin) + "). Give --object-size in pixels (e.g. "
                        + "--object-size 20px) to analyse for your objects.");
                return Double.NaN;
            }
            return DEFAULT_OBJECT_DIAMETER_UM;
        }
        boolean px = v.endsWith("px");
        String number = v.replaceAll("(px|µm|um)$", "").trim();
        double d;
        try {
            d = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!(d > 0) || Double.isInfinite(d)) {
            throw new UserInputException("--object-size " + objectSize + ": expected auto or a positive size such as "
                    + "12um or 40px");
        }
        return px ? d * stack.pixelSizeUm() : d;
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
