package org.reflexscope.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reflexscope.cli.console.Verbosity;
import org.reflexscope.cli.input.UsageException;
import org.reflexscope.cli.input.UserInputException;
import org.reflexscope.core.analysis.FrameBinner;
import org.reflexscope.core.pipeline.ConsumerWait;
import org.reflexscope.core.pipeline.FramePipeline;
import org.reflexscope.policy.recipe.AnalysisBinning;
import org.reflexscope.policy.recipe.RecipeException;
import org.reflexscope.policy.recipe.RunRecipe;
import picocli.CommandLine.Option;

/**
 * Options shared by every closed-loop command ({@code run}, {@code replay}, {@code acquire}): policies and their
 * parameters, run length, pacing, dry run, output folder, analysis binning, ring size and the safety envelope.
 * An option not given is null (or empty) and leaves the {@link RunRecipe}'s value as it is ({@link #applyTo}): the
 * defaults the help states are the recipe's, not picocli's.
 */
final class ClosedLoopOptions {
    @Option(names = {"-p", "--policies"}, split = ",", paramLabel = "POLICY",
            description = {"Policies to enable: hires, refocus, track, rate (comma-separated), all, none or auto.",
                "auto (default): refocus always; track when the sample has a tracking target; hires and rate when "
                    + "it has events and the microscope a higher-resolution objective."})
    List<String> policies = new ArrayList<>();

    @Option(names = "--set", paramLabel = "POLICY.PARAM=VALUE", mapFallbackValue = "",
            description = {"A policy parameter, repeatable, e.g. --set refocus.stepUm=0.5 --set rate.upper=0.7.",
                "--set help (or `reflex policies`) explains every parameter with its unit, default and range."})
    Map<String, String> settings = new LinkedHashMap<>();

    /** Whether {@code --set help} asked for the policy parameters instead of a run. */
    boolean wantsPolicyHelp() {
        return settings.containsKey("help");
    }

    @Option(names = {"-n", "--frames"}, paramLabel = "N", description = "Stop after N frames.")
    Long frames;

    @Option(names = {"-d", "--duration"}, paramLabel = "TIME",
            description = "Stop after this much camera time, e.g. 30s, 2m, 500ms (default: the scenario's).")
    String duration;

    @Option(names = "--pacing", paramLabel = "PACING",
            description = {"virtual: as fast as possible on the simulated clock, deterministic (default);",
                "realtime: frames paced in wall time, moves take their time (latency realism)."})
    String pacing;

    @Option(names = "--dry-run", description = "Decide and log everything, move nothing.")
    boolean dryRun;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Run folder to create (default: runs/<scenario>-<date>-<time>).")
    Path out;

    @Option(names = "--bin", paramLabel = "F",
            description = {"Analysis binning factor, or auto (default): 4 analyses a 2048² frame at 512².",
                "auto: on the virtual microscope, the largest of 1, 2, 4, 8 that keeps the scenario's cells at "
                    + "least " + AnalysisBinning.MIN_CELL_RADIUS_PX + " analysed pixels in radius (the default detector's scales "
                    + "fit cells of about 4-6 pixels: at 20X, 10 µm cells are analysed at 2 x 2); on a real "
                    + "microscope (acquire) the largest that keeps the frame's shorter side at least "
                    + FrameBinner.DEFAULT_ANALYSIS_EDGE + " pixels (4 for a 2048 x 2048 camera); for replay, from "
                    + "--object-size (1 when the data state no pixel size)."})
    String bin;

    @Option(names = "--ring", paramLabel = "SLOTS",
            description = {"Ring buffer slots between the camera and the recorder and analyzer: a power of two, at "
                + "least 4 (default " + RunRecipe.DEFAULT_RING_SLOTS + ").",
                "Memory is SLOTS x the frame size (16 x 8 MB for 2048x2048 16-bit); more slots ride out longer "
                    + "disk stalls before a frame is lost."})
    Integer ring;

    @Option(names = "--warm-up", paramLabel = "FRAMES",
            description = "Synthetic frames of the camera's size the analysis runs on before the first real frame, so "
                + "the first frames are analysed at full speed (default " + RunRecipe.DEFAULT_WARM_UP_FRAMES
                + "; 0 to skip).")
    Integer warmUpFrames;

    @Option(names = "--consumer-wait", paramLabel = "HOW",
            description = {"How the recorder and the analyzer wait for the next frame: blocking (default: parked, "
                + "no CPU while idle), lite-blocking, sleeping (short naps) or yielding (each keeps its core and warm "
                + "caches).",
                "yielding shortens the camera-to-decision latency where every pipeline thread has a core of its own; "
                    + "on a machine without spare cores it slows everything."})
    String consumerWait;

    @Option(names = "--z-limits", paramLabel = "MIN,MAX", split = ",",
            description = "Z soft limits in µm (default: start Z ± " + (int) RunRecipe.DEFAULT_Z_HALF_RANGE_UM
                + " µm, within the stage's travel).")
    List<Double> zLimits;

    @Option(names = "--max-z-step", paramLabel = "UM",
            description = "Largest single Z move in µm (default " + (int) RunRecipe.DEFAULT_MAX_Z_STEP_UM + ").")
    Double maxZStep;

    @Option(names = "--xy-box", paramLabel = "XMIN,YMIN,XMAX,YMAX", split = ",",
            description = "XY bounding box in µm (default: start ± " + (int) RunRecipe.DEFAULT_XY_HALF_BOX_UM
                + " µm, within the stage's travel).")
    List<Double> xyBox;

    @Option(names = "--max-xy-step", paramLabel = "UM",
            description = "Largest single XY move in µm (default: 1.5 fields of view, so any point in view can be "
                + "centred).")
    Double maxXYStep;

    @Option(names = "--min-move-interval", paramLabel = "MS",
            description = "Least time between two moves in ms (default "
                + (int) RunRecipe.DEFAULT_MIN_MOVE_INTERVAL_MS + ").")
    Double minMoveIntervalMs;

    @Option(names = "--allow-objectives", split = ",", paramLabel = "PRESET",
            description = "Objective presets policies may switch to (default: every objective of the microscope).")
    List<String> allowedObjectives;

    @Option(names = "--no-report", description = "Skip report.html (metrics.json and the rest are still written).")
    boolean noReport;

    @Option(names = {"-q", "--quiet"}, description = "Print only the run folder and errors: no progress bar, no "
            + "summary, no warnings (all of them are in the run folder: reflex.log, metrics.json).")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Also show the log's INFO lines (model loading, pipeline and "
            + "policy engine events) on the terminal; they are always in <run folder>/reflex.log.")
    boolean verbose;

    /** What the terminal shows, from {@code -q} and {@code -v}. */
    Verbosity verbosity() {
        return Verbosity.of(quiet, verbose);
    }

    /** {@code --ring}, checked: a power of two, at least 4; null when not given. */
    Integer ringSize() throws UserInputException {
        if (ring != null && !FramePipeline.isValidRingSize(ring)) {
            throw new UsageException("--ring " + ring + ": the ring needs a power of two of at least 4 slots, "
                    + "e.g. 16, 64 or 256");
        }
        return ring;
    }

    /**
     * Checks {@code slots} ring slots of {@code frame}'s size against memory: they must fit in half of what this
     * JVM may use ({@code -Xmx}), leaving the rest to analysis and reports.
     */
    static void checkRingFits(int slots, org.reflexscope.core.frame.FrameFormat frame) throws UserInputException {
        int n = slots;
        long slotBytes = (long) frame.width() * frame.height() * Math.max(1, frame.pixelType().bitsPerPixel() / 8);
        long need = n * slotBytes;
        long max = Runtime.getRuntime().maxMemory();
        if (need > max / 2) {
            long fit = Long.highestOneBit(Math.max(4, max / 2 / Math.max(1, slotBytes)));
            throw new UserInputException(String.format(Locale.ROOT, "--ring %d: %d slots of %dx%d %s frames need"
                    + " %.1f GiB, more than half of the %.1f GiB this Java may use; choose --ring %d or fewer, or give"
                    + " Java more memory (REFLEX_JAVA_OPTS=-Xmx...)", n, n, frame.width(), frame.height(),
                    frame.pixelType(), need / 1073741824.0, max / 1073741824.0, Math.max(4, fit)));
        }
    }

    /** {@code --consumer-wait}, checked; null when not given. */
    ConsumerWait consumerWait() throws UserInputException {
        if (consumerWait == null) {
            return null;
        }
        try {
            return RunRecipe.parseConsumerWait(consumerWait);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--consumer-wait " + consumerWait + ": choose blocking, lite-blocking, "
                    + "sleeping or yielding");
        }
    }

    /** {@code --pacing}, checked; null when not given. */
    RunRecipe.Pacing pacing() throws UserInputException {
        if (pacing == null) {
            return null;
        }
        try {
            return RunRecipe.parsePacing(pacing);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--pacing " + pacing + ": choose virtual or realtime");
        }
    }

    /** {@code --duration} in seconds, or NaN when not given. */
    double durationSeconds() throws UserInputException {
        if (duration == null) {
            return Double.NaN;
        }
        String d = duration.trim().toLowerCase(Locale.ROOT);
        double scale = 1;
        String num = d;
        if (d.endsWith("ms")) {
            scale = 0.001;
            num = d.substring(0, d.length() - 2);
        } else if (d.endsWith("s")) {
            num = d.substring(0, d.length() - 1);
        } else if (d.endsWith("m")) {
            scale = 60;
            num = d.substring(0, d.length() - 1);
        } else if (d.endsWith("h")) {
            scale = 3600;
            num = d.substring(0, d.length() - 1);
        }
        try {
            double v = Double.parseDouble(num.trim()) * scale;
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException("--duration " + duration + ": expected a positive time such as 30s, 2m or "
                    + "500ms");
        }
    }

    /** {@code --bin}, checked: the factor given, or null for {@code auto} or when not given. */
    Integer binning() throws UserInputException {
        if (bin == null || bin.trim().equalsIgnoreCase("auto")) {
            return null;
        }
        int f;
        try {
            f = Integer.parseInt(bin.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--bin " + bin + ": expected auto or a whole number between 1 and 64");
        }
        if (f < 1 || f > 64) {
            throw new UsageException("--bin must be auto or between 1 and 64, got " + bin);
        }
        return f;
    }

    /**
     * {@code base} with every option given here applied, the rest left as it is.
     *
     * @throws UserInputException for a value that does not parse or is out of range, naming its option
     */
    RunRecipe.Builder applyTo(RunRecipe.Builder base) throws UserInputException {
        validate();
        RunRecipe.Builder b = base;
        if (!policies.isEmpty()) {
            b.policies(policies);
        }
        settings.forEach(b::parameter);
        if (frames != null) {
            b.frames(frames);
        }
        if (duration != null) {
            b.durationS(durationSeconds());
        }
        if (pacing != null) {
            b.pacing(pacing());
        }
        if (dryRun) {
            b.dryRun(true);
        }
        if (bin != null) {
            b.binning(binning());
        }
        if (ring != null) {
            b.ringSlots(ring);
        }
        if (warmUpFrames != null) {
            b.warmUpFrames(warmUpFrames);
        }
        if (consumerWait != null) {
            b.consumerWait(consumerWait());
        }
        if (zLimits != null) {
            b.zLimitsUm(new double[] {zLimits.get(0), zLimits.get(1)});
        }
        if (maxZStep != null) {
            b.maxZStepUm(maxZStep);
        }
        if (xyBox != null) {
            b.xyBoxUm(new double[] {xyBox.get(0), xyBox.get(1), xyBox.get(2), xyBox.get(3)});
        }
        if (maxXYStep != null) {
            b.maxXyStepUm(maxXYStep);
        }
        if (minMoveIntervalMs != null) {
            b.minMoveIntervalMs(minMoveIntervalMs);
        }
        if (allowedObjectives != null) {
            b.allowedObjectives(allowedObjectives);
        }
        return b;
    }

    /** {@code e} as the command line reports it: bad usage, or a value that does not fit the microscope. */
    static UserInputException userError(RecipeException e) {
        return e.isUsage() ? new UsageException(e.getMessage()) : new UserInputException(e.getMessage(), e);
    }

    void validate() throws UserInputException {
        if (frames != null && duration != null) {
            throw new UsageException("Give either --frames or --duration, not both");
        }
        if (frames != null && frames < 1) {
            throw new UsageException("--frames must be at least 1, got " + frames);
        }
        binning();
        ringSize();
        consumerWait();
        if (warmUpFrames != null && warmUpFrames < 0) {
            throw new UsageException("--warm-up must be 0 or more frames, got " + warmUpFrames);
        }
        if (zLimits != null && (zLimits.size() != 2 || !(zLimits.get(0) < zLimits.get(1)))) {
            throw new UsageException("--z-limits takes MIN,MAX in µm with MIN < MAX, got " + zLimits);
        }
        if (xyBox != null && (xyBox.size() != 4 || !(xyBox.get(0) < xyBox.get(2)) || !(xyBox.get(1) < xyBox.get(3)))) {
            throw new UsageException("--xy-box takes XMIN,YMIN,XMAX,YMAX in µm with MIN < MAX, got " + xyBox);
        }
        if ((maxZStep != null && !(maxZStep > 0)) || (maxXYStep != null && !(maxXYStep > 0))
                || (minMoveIntervalMs != null && !(minMoveIntervalMs >= 0))) {
            throw new UsageException("--max-z-step and --max-xy-step must be > 0 and --min-move-interval >= 0");
        }
        pacing();
        durationSeconds();
    }
}
