package org.reflexscope.bench.inference;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.inference.Device;
import org.reflexscope.core.inference.InferenceRuntime;

/**
 * Per-frame latency (sample mode: p50/p99) of the default chain (bin → denoise → detect → measure → focus → score)
 * on a 16-bit frame with ~1 spot per 100×100 px, at 512² (bin 1), 2048² (bin 1) and 2048² binned ×4, on the CPU,
 * with the models on raw ONNX Runtime sessions or on DJL predictors, with the fused default model or the standalone
 * denoiser and detector.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar AnalysisChainBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx3g"})
public class AnalysisChainBenchmark {
    /** Frame edge and analysis binning, {@code edge/binning}. */
    @Param({"512/1", "2048/4", "2048/1"})
    public String frame;

    @Param({"ONNX_RUNTIME", "DJL"})
    public InferenceRuntime.Backend backend;

    /** {@code true}: the fused default model (the default); {@code false}: standalone denoiser + detector. */
    @Param({"true", "false"})
    public boolean fused;

    /** ONNX Runtime intra-op threads per model. */
    @Param({"1"})
    public int threads;

    private FrameSlot slot;
    private InferenceRuntime runtime;
    private AnalysisChain chain;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        String[] p = frame.split("/");
        int edge = Integer.parseInt(p[0]);
        int binning = Integer.parseInt(p[1]);
        slot = syntheticFrame(edge, 17);
        runtime = new InferenceRuntime(Device.CPU, threads, backend);
        chain = AnalysisChain.builder().optRuntime(runtime).optBinning(binning).optCameraNoise(1, 100, 0)
                .optFusedDefaultModels(fused).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        chain.close();
        runtime.close();
    }

    @Benchmark
    public AnalysisResult analyze() throws Exception {
        return chain.analyze(slot);
    }

    /** A 16-bit frame: offset 100, background 20 photons, Gaussian spots (σ 1.5–6 px), Poisson-like noise. */
    static FrameSlot syntheticFrame(int edge, long seed) {
        Random rnd = new Random(seed);
        double[] e = new double[edge * edge];
        java.util.Arrays.fill(e, 20);
        int spots = edge * edge / 10000;
        for (int s = 0; s < spots; s++) {
            double cx = rnd.nextDouble() * edge;
            double cy = rnd.nextDouble() * edge;
            double sigma = 1.5 + rnd.nextDouble() * 4.5;
            double peak = 50 + rnd.nextDouble() * 200;
            int r = (int) Math.ceil(4 * sigma);
            for (int y = Math.max(0, (int) cy - r); y < Math.min(edge, (int) cy + r); y++) {
                for (int x = Math.max(0, (int) cx - r); x < Math.min(edge, (int) cx + r); x++) {
                    double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                    e[y * edge + x] += peak * Math.exp(-d2 / (2 * sigma * sigma));
                }
            }
        }
        FrameSlot slot = new FrameSlot(FrameFormat.of(edge, edge, PixelType.GRAY16));
        short[] px = slot.shorts();
        for (int i = 0; i < e.length; i++) {
            px[i] = (short) (100 + Math.max(0, Math.round(e[i] + Math.sqrt(e[i]) * rnd.nextGaussian())));
        }
        slot.setStage(0, 0, 0).setPixelSizeUm(0.1);
        return slot;
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(AnalysisChainBenchmark.class.getSimpleName()).build()).run();
    }
}
