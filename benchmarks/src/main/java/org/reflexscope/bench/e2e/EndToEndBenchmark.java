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
import java.util.stream.Stream;
import org.reflexscope.cli.run.ScenarioRig;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.inference.Device;
import org.reflexscope.core.metrics.LatencySummary;
import org.reflexscope.core.metrics.PipelineMetrics;
import org.reflexscope.core.pipeline.ConsumerWait;
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
 * </pre>
 * {@code --ring}: ring slots (a power of two; 32 × 8 MB at 2048²). The analyzer holds back while the recorder is more
 * than half a ring behind ("recording first"), so a larger ring lets analysis and decisions go on through longer
 * recorder hiccups, where memory allows. {@code --wait}: how the recorder and analyzer wait for a frame
 * ({@link ConsumerWait}, default blocking).
 * The recording is deleted at the end (60 s at 2048²/100 fps is 50 GB).
 */
public final class EndToEndBenchmark {
    private EndToEndBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int size = 2048;
        double fps = 100;
        double seconds = 60;
        int bin = 4;
        int buffer = 200;
        int bankSize = 16;
        int ring = 32;
        ConsumerWait wait = ConsumerWait.BLOCKING;
        Path dir = Paths.get(System.getProperty("java.io.tmpdir"), "reflex-e2e");
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--size":
                    size = Integer.parseInt(v);
                    break;
                case "--fps":
                    fps = Double.parseDouble(v);
                    break;
                case "--seconds":
                    seconds = Double.parseDouble(v);
                    break;
                case "--bin":
                    bin = Integer.parseInt(v);
                    break;
                case "--buffer":
                    buffer = Integer.parseInt(v);
                    break;
                case "--bank":
                    bankSize = Integer.parseInt(v);
                    break;
                case "--ring":
                    ring = Integer.parseInt(v);
                    break;
                case "--wait":
                    wait = ConsumerWait.valueOf(v.toUpperCase(Locale.ROOT).replace('-', '_'));
                    break;
                case "--dir":
                    dir = Paths.get(v);
                    break;
                default:
                    throw new IllegalArgumentException("Unknown option " + args[i] + "; see the class comment");
            }
        }
        Scenario s = Scenario.builtIn("mixed").with("camera.width", size).with("camera.height", size)
                .with("specimen.cells.overlap", true) // any camera size, and the scene of the earlier runs
                .with("camera.exposureMs", 1000.0 / fps * 0.8).with("camera.frameIntervalMs", 1000.0 / fps)
                .with("clock", ClockMode.REAL_TIME.name());
        List<Frame> bank = render(s.with("clock", ClockMode.VIRTUAL.name()), bankSize);
        System.out.printf(Locale.ROOT, "e2e: %d×%d 16-bit at %.0f fps for %.0f s, analysis binned ×%d, camera buffer "
                + "%d frames, ring %d slots, consumers %s, %d cores, recording to %s%n", size, size, fps, seconds, bin,
                buffer, ring, wait, Runtime.getRuntime().availableProcessors(), dir);
        deleteTree(dir);
        Files.createDirectories(dir);
        Path recording = dir.resolve("recording");
        RunRecipe recipe = recipe(bin, ring, wait, seconds);
        PreparedRun prepared = PreparedRun.of(recipe, ScenarioRig.of(s));
        try (VirtualMicroscope scope = VirtualMicroscope.of(s);
                FrameSource camera = new PacedCameraSource(bank, fps, buffer);
                AnalysisChain chain = AnalysisChain.builder().optBinning(recipe.binning().getAsInt())
                        .optDevice(Device.parse(recipe.device())).build();
                NdTiffRecorder recorder = NdTiffRecorder.create(recording)) {
            SmartAcquisition.Builder b = prepared.session(camera, scope).setAnalyzer(chain)
                    .addRecorder("ndtiff", recorder).optLatencyDeadline(Duration.ofMillis(10));
            SessionStatus st;
            try (SmartAcquisition run = b.build()) {
                run.start();
                long t0 = System.nanoTime();
                while (!run.awaitEnd(5, TimeUnit.SECONDS)) {
                    System.out.printf(Locale.ROOT, "  %5.1f s  %s%n", (System.nanoTime() - t0) / 1e9,
                            run.status().oneLine());
                }
                st = run.status();
            }
            report(st);
        } finally {
            deleteTree(dir);
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

    private static void report(SessionStatus st) {
        PipelineMetrics p = st.pipeline();
        System.out.printf(Locale.ROOT, "RESULT published %d, recorded %d, lost %d (camera buffer overflow %d, "
                + "image-number gaps %d), analysed %d, skipped %d, producer stalls %d (%.0f ms), decisions %d, "
                + "executed %d, wall %.1f s, %.1f fps%n", p.published(), st.framesRecorded(), st.framesLost(),
                p.lostUpstreamReported(), p.missingImageNumbers(), p.analysed(), p.skipped(), p.producerStalls(),
                p.producerStallNanos() / 1e6, st.engine().decisions(), st.engine().executed(),
                st.elapsedNanos() / 1e9, st.framesPerSecond());
        for (LatencySummary l : st.latencies().values()) {
            System.out.println("RESULT latency " + l);
        }
        for (String a : st.alarms()) {
            System.out.println("ALARM " + a);
        }
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
}
