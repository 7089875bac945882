package org.reflexscope.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reflexscope.cli.console.Verbosity;
import org.reflexscope.core.analysis.FrameBinner;
import org.reflexscope.core.pipeline.ConsumerWait;
import org.reflexscope.core.pipeline.FramePipeline;
import picocli.CommandLine.Option;

/**
 * Options shared by every closed-loop command ({@code run}, {@code replay}, {@code acquire}): policies and their
 * parameters, run length, pacing, dry run, output folder, analysis binning, ring size and the safety envelope.
 */
final class ClosedLoopOptions {
    @Option(names = {"-p", "--policies"}, split = ",", paramLabel = "POLICY", defaultValue = "auto",
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

    @Option(names = "--pacing", paramLabel = "PACING", defaultValue = "virtual",
            description = {"virtual: as fast as possible on the simulated clock, deterministic (default);",
                "realtime: frames paced in wall time, moves take their time (latency realism)."})
    String pacing;

    @Option(names = "--dry-run", description = "Decide and log everything, move nothing.")
    boolean dryRun;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Run folder to create (default: runs/<scenario>-<date>-<time>).")
    Path out;

    @Option(names = "--bin", paramLabel = "F", defaultValue = "auto",
            description = {"Analysis binning factor, or auto (default): 4 analyses a 2048² frame at 512².",
                "auto: on the virtual microscope, the largest of 1, 2, 4, 8 that keeps the scenario's cells at "
                    + "least " + MIN_CELL_RADIUS_PX + " analysed pixels in radius (the default detector's scales "
                    + "fit cells of about 4-6 pixels: at 20X, 10 µm cells are analysed at 2 x 2); on a real "
                    + "microscope (acquire) the largest that keeps the frame's shorter side at least "
                    + FrameBinner.DEFAULT_ANALYSIS_EDGE + " pixels (4 for a 2048 x 2048 camera); for replay, from "
                    + "--object-size (1 when the data state no pixel size)."})
    String bin;

    /**
     * {@code --bin} for a camera whose objects' size is not known (a real microscope): the number given, or for
     * {@code auto} the largest of 1, 2, 4, 8 that keeps the {@code width × height} frame's shorter side at least
     * {@link FrameBinner#DEFAULT_ANALYSIS_EDGE} analysed pixels (a 2048² camera is analysed at 512²).
     */
    int binningForFrame(int width, int height) throws UserInputException {
        return isAuto() ? FrameBinner.factorForEdge(width, height, FrameBinner.DEFAULT_ANALYSIS_EDGE)
                : binning(Double.NaN, Double.NaN);
    }

    /** Whether {@code --bin} is {@code auto}. */
    boolean isAuto() {
        return bin == null || bin.trim().equalsIgnoreCase("auto");
    }

    /** Cells at least this many analysed pixels in radius ({@code --bin auto}). */
    static final int MIN_CELL_RADIUS_PX = 4;

    @Option(names = "--ring", paramLabel = "SLOTS", defaultValue = "" + FramePipeline.DEFAULT_RING_SIZE,
            description = {"Ring buffer slots between the camera and the recorder and analyzer: a power of two, at "
                + "least 4 (default ${DEFAULT-VALUE}).",
                "Memory is SLOTS x the frame size (16 x 8 MB for 2048x2048 16-bit); more slots ride out longer "
                    + "disk stalls before a frame is lost."})
    int ring;

    @Option(names = "--warm-up", paramLabel = "FRAMES", defaultValue = "200",
            description = "Synthetic frames of the camera's size the analysis runs on before the first real frame, so "
                + "the first frames are analysed at full speed (default ${DEFAULT-VALUE}; 0 to skip).")
    int warmUpFrames;

    @Option(names = "--consumer-wait", paramLabel = "HOW", defaultValue = "blocking",
            description = {"How the recorder and the analyzer wait for the next frame: blocking (default: parked, "
                + "no CPU while idle), lite-blocking, sleeping (short naps) or yielding (each keeps its core and warm "
                + "caches).",
                "yielding shortens the camera-to-decision latency where every pipeline thread has a core of its own; "
                    + "on a machine without spare cores it slows everything."})
    String consumerWait;

    @Option(names = "--z-limits", paramLabel = "MIN,MAX", split = ",",
            description = "Z soft limits in µm (default: start Z ± 50 µm, within the stage's travel).")
    List<Double> zLimits;

    @Option(names = "--max-z-step", paramLabel = "UM", defaultValue = "25",
            description = "Largest single Z move in µm (default ${DEFAULT-VALUE}).")
    double maxZStep;

    @Option(names = "--xy-box", paramLabel = "XMIN,YMIN,XMAX,YMAX", split = ",",
            description = "XY bounding box in µm (default: start ± 2000 µm, within the stage's travel).")
    List<Double> xyBox;

    @Option(names = "--max-xy-step", paramLabel = "UM",
            description = "Largest single XY move in µm (default: 1.5 fields of view, so any point in view can be "
                + "centred).")
    Double maxXYStep;

    @Option(names = "--min-move-interval", paramLabel = "MS", defaultValue = "0",
            description = "Least time between two moves in ms (default ${DEFAULT-VALUE}).")
    double minMoveIntervalMs;

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

    /** {@code --ring}, checked: a power of two, at least 4. */
    int ringSize() throws UserInputException {
        if (!FramePipeline.isValidRingSize(ring)) {
            throw new UsageException("--ring " + ring + ": the ring needs a power of two of at least 4 slots, "
                    + "e.g. 16, 64 or 256");
        }
        return ring;
    }

    /**
     * {@code --ring}, checked as {@link #ringSize()} and against memory: the slots of {@code frame}'s size must fit
     * in half of what this JVM may use ({@code -Xmx}), leaving the rest to analysis and reports.
     */
    int ringSize(org.reflexscope.core.frame.FrameFormat frame) throws UserInputException {
        int n = ringSize();
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
        return n;
    }

    /** {@code --consumer-wait}, checked. */
    ConsumerWait consumerWait() throws UserInputException {
        switch (consumerWait.trim().toLowerCase(Locale.ROOT)) {
            case "blocking":
                return ConsumerWait.BLOCKING;
            case "lite-blocking":
                return ConsumerWait.LITE_BLOCKING;
            case "sleeping":
                return ConsumerWait.SLEEPING;
            case "yielding":
                return ConsumerWait.YIELDING;
            default:
                throw new UsageException("--consumer-wait " + consumerWait + ": choose blocking, lite-blocking, "
                        + "sleeping or yielding");
        }
    }

    /** {@code --consumer-wait} as {@code settings.json} records it (checked), e.g. {@code lite-blocking}. */
    String consumerWaitName() throws UserInputException {
        return consumerWait().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether pacing is virtual (else real time). */
    boolean virtualPacing() throws UserInputException {
        switch (pacing.toLowerCase(Locale.ROOT)) {
            case "virtual":
                return true;
            case "realtime":
            case "real-time":
                return false;
            default:
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

    /**
     * The analysis binning factor: the number given, or for {@code auto} the largest power of two up to 8 that
     * keeps a cell of radius {@code cellRadiusUm} at least {@link #MIN_CELL_RADIUS_PX} analysed pixels in radius
     * at {@code pixelUm} per pixel (1 when either is unknown: NaN).
     */
    int binning(double pixelUm, double cellRadiusUm) throws UserInputException {
        if (isAuto()) {
            int f = 1;
            while (f < 8 && cellRadiusUm / (pixelUm * 2 * f) >= MIN_CELL_RADIUS_PX) {
                f *= 2;
            }
            return f;
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

    void validate() throws UserInputException {
        if (frames != null && duration != null) {
            throw new UsageException("Give either --frames or --duration, not both");
        }
        if (frames != null && frames < 1) {
            throw new UsageException("--frames must be at least 1, got " + frames);
        }
        binning(Double.NaN, Double.NaN);
        ringSize();
        consumerWait();
        if (warmUpFrames < 0) {
            throw new UsageException("--warm-up must be 0 or more frames, got " + warmUpFrames);
        }
        if (zLimits != null && (zLimits.size() != 2 || !(zLimits.get(0) < zLimits.get(1)))) {
            throw new UsageException("--z-limits takes MIN,MAX in µm with MIN < MAX, got " + zLimits);
        }
        if (xyBox != null && (xyBox.size() != 4 || !(xyBox.get(0) < xyBox.get(2)) || !(xyBox.get(1) < xyBox.get(3)))) {
            throw new UsageException("--xy-box takes XMIN,YMIN,XMAX,YMAX in µm with MIN < MAX, got " + xyBox);
        }
        if (!(maxZStep > 0) || (maxXYStep != null && !(maxXYStep > 0)) || minMoveIntervalMs < 0) {
            throw new UsageException("--max-z-step and --max-xy-step must be > 0 and --min-move-interval >= 0");
        }
        virtualPacing();
        durationSeconds();
    }
}
