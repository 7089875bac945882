package org.reflexscope.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.reflexscope.cli.run.ScenarioRig;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.analysis.FrameAnalyzer;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.inference.Device;
import org.reflexscope.core.metrics.LatencySummary;
import org.reflexscope.core.metrics.PipelineMetrics;
import org.reflexscope.core.pipeline.ConsumerWait;
import org.reflexscope.core.pipeline.FramePipeline;
import org.reflexscope.core.record.NdTiffRecorder;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.policy.recipe.PreparedRun;
import org.reflexscope.policy.recipe.RunRecipe;
import org.reflexscope.policy.session.SessionStatus;
import org.reflexscope.policy.session.SmartAcquisition;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.scenario.ClockMode;
import org.reflexscope.sim.scenario.Scenario;

/**
 * End-to-end benchmark: a 2048² 16-bit camera at 100 fps paced in real time, every frame recorded to NDTiff on
 * disk, the default analysis chain on frames binned ×4, and all four policies acting on a virtual microscope
 * (real-time clock: moves take their simulated time). Reports frames lost (target 0) and decision latency
 * (camera → decided, target p99 &lt; 10 ms), plus every hop.
 *
 * <p>The camera is {@link PacedCameraSource}: a bank of frames pre-rendered by the simulator, replayed on the wall
 * clock into a camera buffer of {@code --buffer} frames that overflows (counted as lost) if the pipeline falls
 * behind. Rendering 2048² scenes live at 100 fps is the simulator's own benchmark, not this one.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.reflexscope.bench.e2e.EndToEndBenchmark \
 *     [--size 2048] [--fps 100] [--seconds 60] [--bin 4] [--buffer 200] [--bank 16] [--ring 32]
 *     [--wait blocking|lite-blocking|sleeping|yielding] [--dir /tmp/reflex-e2e]
 *     [--analyzer inPlace|copy|both] [--pairs 1]
 * </pre>
 * {@code --ring}: ring slots (a power of two; 32 × 8 MB at 2048²). The analyzer holds back while the recorder is more
 * than half a ring behind ("recording first"), so a larger ring lets analysis and decisions go on through longer
 * recorder hiccups, where memory allows. {@code --wait}: how the recorder and analyzer wait for a frame
 * ({@link ConsumerWait}, default blocking).
 * The recording is deleted at the end (60 s at 2048²/100 fps is 50 GB).
 *
 * <p>{@code --analyzer}: how the analysis chain gets its frames. {@code inPlace} (default, what every run does): it
 * reads the ring slot in place ({@code IngestingFrameAnalyzer}). {@code copy}: the chain is wrapped in a plain
 * {@code FrameAnalyzer} ({@link CopyingAnalyzer}), so the pipeline copies each analysed frame for it. {@code both}:
 * {@code --pairs} pairs of runs in one JVM, copying and in place alternating which goes first (copy, in place,
 * in place, copy, …), each on a fresh microscope, chain and recording, then the runs side by side with the
 * in-place / copying ratios. Each run checks that its pipeline reads in place exactly when asked, and reports the
 * analyzer thread's CPU time per analysed frame ({@link ThreadCpuMeter}), where the copy's cost lands.
 */
public final class EndToEndBenchmark {
    /** The pipeline's analyzer thread, whose CPU time is the one the copying path adds to. */
    private static final String ANALYZER_THREAD = "reflex-analyzer";
    private static final long CPU_SAMPLE_MS = 100;

    private EndToEndBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Scenario s = Scenario.builtIn("mixed").with("camera.width", o.size).with("camera.height", o.size)
                .with("specimen.cells.overlap", true) // any camera size, and the scene of the earlier runs
                .with("camera.exposureMs", 1000.0 / o.fps * 0.8).with("camera.frameIntervalMs", 1000.0 / o.fps)
                .with("clock", ClockMode.REAL_TIME.name());
        List<Frame> bank = render(s.with("clock", ClockMode.VIRTUAL.name()), o.bankSize);
        List<AnalyzerPath> order = o.order();
        System.out.printf(Locale.ROOT, "e2e: %d×%d 16-bit at %.0f fps for %.0f s, analysis binned ×%d, camera buffer "
                + "%d frames, ring %d slots, consumers %s, %d cores, recording to %s, runs %s%n", o.size, o.size,
                o.fps, o.seconds, o.bin, o.buffer, o.ring, o.wait, Runtime.getRuntime().availableProcessors(), o.dir,
                order);
        List<RunOutcome> outcomes = new ArrayList<>();
        for (AnalyzerPath path : order) {
            outcomes.add(runOnce(o, s, bank, path));
        }
        if (order.contains(AnalyzerPath.IN_PLACE) && order.contains(AnalyzerPath.COPY)) {
            sideBySide(outcomes);
        }
    }

    /** One run of the benchmark with the analysis chain on {@code path}; prints its RESULT lines. */
    private static RunOutcome runOnce(Options o, Scenario s, List<Frame> bank, AnalyzerPath path) throws Exception {
        deleteTree(o.dir);
        Files.createDirectories(o.dir);
        Path recording = o.dir.resolve("recording");
        RunRecipe recipe = recipe(o.bin, o.ring, o.wait, o.seconds);
        PreparedRun prepared = PreparedRun.of(recipe, ScenarioRig.of(s));
        try (VirtualMicroscope scope = VirtualMicroscope.of(s);
                FrameSource camera = new PacedCameraSource(bank, o.fps, o.buffer);
                AnalysisChain chain = AnalysisChain.builder().optBinning(recipe.binning().getAsInt())
                        .optDevice(Device.parse(recipe.device())).build();
                NdTiffRecorder recorder = NdTiffRecorder.create(recording)) {
            FrameAnalyzer analyzer = path == AnalyzerPath.COPY ? new CopyingAnalyzer(chain) : chain;
            SmartAcquisition.Builder b = prepared.session(camera, scope).setAnalyzer(analyzer)
                    .addRecorder("ndtiff", recorder).optLatencyDeadline(Duration.ofMillis(10));
            SessionStatus st;
            long cpuNanos;
            boolean inPlace;
            try (SmartAcquisition run = b.build()) {
                inPlace = run.analyzerReadsInPlace();
                if (inPlace != (path == AnalyzerPath.IN_PLACE)) {
                    throw new IllegalStateException("The run's analyzer path is " + (inPlace ? "in place" : "copying")
                            + ", not " + path.label + " as asked");
                }
                System.out.println("run: analyzer " + path.label);
                run.start();
                long t0 = System.nanoTime();
                long nextPrint = t0 + TimeUnit.SECONDS.toNanos(5);
                ThreadCpuMeter analyzerCpu = new ThreadCpuMeter(ANALYZER_THREAD);
                while (!run.awaitEnd(CPU_SAMPLE_MS, TimeUnit.MILLISECONDS)) {
                    analyzerCpu.sample();
                    if (System.nanoTime() >= nextPrint) {
                        nextPrint += TimeUnit.SECONDS.toNanos(5);
                        System.out.printf(Locale.ROOT, "  %5.1f s  %s%n", (System.nanoTime() - t0) / 1e9,
                                run.status().oneLine());
                    }
                }
                st = run.status();
                cpuNanos = analyzerCpu.lastNanos();
            }
            report(path, st);
            RunOutcome outcome = new RunOutcome(path, st, cpuNanos);
            System.out.printf(Locale.ROOT, "RESULT [%s] analyzer thread CPU %.0f ms, %.2f ms per analysed frame "
                    + "(sampled every %d ms)%n", path.label, cpuNanos / 1e6, outcome.cpuPerAnalysedMs(),
                    CPU_SAMPLE_MS);
            return outcome;
        } finally {
            deleteTree(o.dir);
        }
    }

    /**
     * The benchmark's run: all four policies, the trigger taking a burst of 3 frames at most 3 times, the rate
     * switching up from an event score of 0.6; the refocus searches and trigger cooldown of the library builders
     * the benchmark was measured with (docs/benchmarks.md); no warm-up; on a real-time clock.
     */
    static RunRecipe recipe(int bin, int ring, ConsumerWait wait, double seconds) {
        return RunRecipe.builder().policies(List.of("hires", "refocus", "track", "rate"))
                .parameter("hires.acquire", "burst").parameter("hires.frames", "3").parameter("hires.budget", "3")
                .parameter("hires.cooldownS", "30").parameter("refocus.dropFraction", "0.7")
                .parameter("refocus.searchRangeUm", "10").parameter("refocus.coarseStepUm", "2")
                .parameter("rate.upper", "0.6").binning(bin).ringSlots(ring).consumerWait(wait).warmUpFrames(0)
                .durationS(seconds).pacing(RunRecipe.Pacing.REALTIME).build();
    }

    private static List<Frame> render(Scenario s, int n) throws Exception {
        List<Frame> bank = new ArrayList<>();
        try (VirtualMicroscope vm = VirtualMicroscope.builder(s).optRecordTrace(false).build()) {
            vm.start();
            FrameSlot slot = new FrameSlot(vm.maxFormat());
            while (bank.size() < n) {
                if (vm.fill(slot, 10, TimeUnit.SECONDS) == FrameSource.FillResult.FRAME) {
                    bank.add(slot.toFrame());
                }
            }
        }
        return bank;
    }

    private static void report(AnalyzerPath path, SessionStatus st) {
        PipelineMetrics p = st.pipeline();
        System.out.printf(Locale.ROOT, "RESULT [%s] published %d, recorded %d, lost %d (camera buffer overflow %d, "
                + "image-number gaps %d), analysed %d, skipped %d, producer stalls %d (%.0f ms), decisions %d, "
                + "executed %d, wall %.1f s, %.1f fps%n", path.label, p.published(), st.framesRecorded(), st.framesLost(),
                p.lostUpstreamReported(), p.missingImageNumbers(), p.analysed(), p.skipped(), p.producerStalls(),
                p.producerStallNanos() / 1e6, st.engine().decisions(), st.engine().executed(),
                st.elapsedNanos() / 1e9, st.framesPerSecond());
        for (LatencySummary l : st.latencies().values()) {
            System.out.println("RESULT [" + path.label + "] latency " + l);
        }
        for (String a : st.alarms()) {
            System.out.println("ALARM " + a);
        }
    }

    /**
     * Prints the runs side by side: one row per run, then the in-place / copying ratio of each pair (runs 1–2, 3–4,
     * …) and of the medians over all runs of each path. A ratio below 1 for a latency or the stalls, or above 1 for
     * the frames analysed, favours reading in place.
     */
    private static void sideBySide(List<RunOutcome> runs) {
        System.out.println("SIDE BY SIDE  analysed  skipped  CPU ms/frame  stalls ms  pub→analysed p50/p99 ms  "
                + "camera→decided p50/p99 ms  lost");
        for (RunOutcome r : runs) {
            System.out.printf(Locale.ROOT, "  %-9s %8d %8d %13.2f %10.0f %12.1f / %-8.1f %14.1f / %-8.1f %5d%n",
                    r.path.label, r.analysed(), r.skipped(), r.cpuPerAnalysedMs(), r.stallMs(), r.analysedP50(), r.analysedP99(), r.decidedP50(),
                    r.decidedP99(), r.lost());
        }
        for (int i = 0; i + 1 < runs.size(); i += 2) {
            RunOutcome a = runs.get(i);
            RunOutcome b = runs.get(i + 1);
            RunOutcome inPlace = a.path == AnalyzerPath.IN_PLACE ? a : b;
            RunOutcome copy = a.path == AnalyzerPath.IN_PLACE ? b : a;
            printRatio("pair " + (i / 2 + 1), inPlace::metrics, copy::metrics);
        }
        printRatio("medians", () -> medians(runs, AnalyzerPath.IN_PLACE), () -> medians(runs, AnalyzerPath.COPY));
    }

    private static void printRatio(String what, Supplier<double[]> inPlace, Supplier<double[]> copy) {
        double[] p = inPlace.get();
        double[] c = copy.get();
        StringBuilder line = new StringBuilder("RATIO in place / copying, " + what + ":");
        for (int k = 0; k < RunOutcome.METRICS.length; k++) {
            String ratio = c[k] == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", p[k] / c[k]);
            line.append(String.format(Locale.ROOT, " %s %s (%.2f / %.2f);", RunOutcome.METRICS[k], ratio, p[k],
                    c[k]));
        }
        System.out.println(line);
    }

    private static double[] medians(List<RunOutcome> runs, AnalyzerPath path) {
        double[] out = new double[RunOutcome.METRICS.length];
        for (int k = 0; k < out.length; k++) {
            final int m = k;
            double[] v = runs.stream().filter(r -> r.path == path).mapToDouble(r -> r.metrics()[m]).sorted()
                    .toArray();
            out[k] = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** How the analysis chain gets its frames: reading the ring slot in place, or from a private copy. */
    enum AnalyzerPath {
        IN_PLACE("inPlace"), COPY("copy");

        final String label;

        AnalyzerPath(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** One run's outcome, and the figures compared side by side. */
    private static final class RunOutcome {
        static final String[] METRICS = {"analysed", "analyzer CPU ms/frame", "stalls ms", "pub→analysed p50",
            "camera→decided p50", "camera→decided p99"};
        final AnalyzerPath path;
        final SessionStatus status;
        final long analyzerCpuNanos;

        RunOutcome(AnalyzerPath path, SessionStatus status, long analyzerCpuNanos) {
            this.path = path;
            this.status = status;
            this.analyzerCpuNanos = analyzerCpuNanos;
        }

        double cpuPerAnalysedMs() {
            return analysed() == 0 ? Double.NaN : analyzerCpuNanos / 1e6 / analysed();
        }

        long analysed() {
            return status.pipeline().analysed();
        }

        long skipped() {
            return status.pipeline().skipped();
        }

        long lost() {
            return status.framesLost();
        }

        double stallMs() {
            return status.pipeline().producerStallNanos() / 1e6;
        }

        double analysedP50() {
            return ms(FramePipeline.HOP_PUBLISHED_TO_ANALYSED, false);
        }

        double analysedP99() {
            return ms(FramePipeline.HOP_PUBLISHED_TO_ANALYSED, true);
        }

        double decidedP50() {
            return ms(SessionStatus.HOP_CAMERA_TO_DECIDED, false);
        }

        double decidedP99() {
            return ms(SessionStatus.HOP_CAMERA_TO_DECIDED, true);
        }

        double[] metrics() {
            return new double[] {analysed(), cpuPerAnalysedMs(), stallMs(), analysedP50(), decidedP50(), decidedP99()};
        }

        private double ms(String hop, boolean p99) {
            LatencySummary l = status.latency(hop);
            return l == null ? Double.NaN : (p99 ? l.p99Nanos() : l.p50Nanos()) / 1e6;
        }
    }

    /** The command line (see the class comment). */
    private static final class Options {
        int size = 2048;
        double fps = 100;
        double seconds = 60;
        int bin = 4;
        int buffer = 200;
        int bankSize = 16;
        int ring = 32;
        ConsumerWait wait = ConsumerWait.BLOCKING;
        Path dir = Paths.get(System.getProperty("java.io.tmpdir"), "reflex-e2e");
        String analyzer = "inPlace";
        int pairs = 1;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("Option " + args[i] + " needs a value; see the class comment");
                }
                String v = args[i + 1];
                switch (args[i]) {
                    case "--size":
                        o.size = Integer.parseInt(v);
                        break;
                    case "--fps":
                        o.fps = Double.parseDouble(v);
                        break;
                    case "--seconds":
                        o.seconds = Double.parseDouble(v);
                        break;
                    case "--bin":
                        o.bin = Integer.parseInt(v);
                        break;
                    case "--buffer":
                        o.buffer = Integer.parseInt(v);
                        break;
                    case "--bank":
                        o.bankSize = Integer.parseInt(v);
                        break;
                    case "--ring":
                        o.ring = Integer.parseInt(v);
                        break;
                    case "--wait":
                        o.wait = ConsumerWait.valueOf(v.toUpperCase(Locale.ROOT).replace('-', '_'));
                        break;
                    case "--dir":
                        o.dir = Paths.get(v);
                        break;
                    case "--analyzer":
                        o.analyzer = v;
                        break;
                    case "--pairs":
                        o.pairs = Integer.parseInt(v);
                        break;
                    default:
                        throw new IllegalArgumentException("Unknown option " + args[i] + "; see the class comment");
                }
            }
            o.order(); // checks --analyzer and --pairs
            return o;
        }

        /** The runs in order: one path, or {@code pairs} pairs alternating which path goes first (ABBA). */
        List<AnalyzerPath> order() {
            switch (analyzer) {
                case "inPlace":
                    return List.of(AnalyzerPath.IN_PLACE);
                case "copy":
                    return List.of(AnalyzerPath.COPY);
                case "both":
                    if (pairs < 1) {
                        throw new IllegalArgumentException("--pairs must be at least 1, got " + pairs);
                    }
                    List<AnalyzerPath> runs = new ArrayList<>();
                    for (int i = 0; i < pairs; i++) {
                        boolean copyFirst = i % 2 == 0;
                        runs.add(copyFirst ? AnalyzerPath.COPY : AnalyzerPath.IN_PLACE);
                        runs.add(copyFirst ? AnalyzerPath.IN_PLACE : AnalyzerPath.COPY);
                    }
                    return runs;
                default:
                    throw new IllegalArgumentException("--analyzer must be inPlace, copy or both, got " + analyzer);
            }
        }
    }
}
