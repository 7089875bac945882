package org.reflexscope.bench.inference;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.inference.Device;

/**
 * Where the default chain spends its time: p50/p99 of each step ({@link AnalysisResult#stepNanos()}) and of the
 * whole call over {@code frames} frames after 50 warm-up frames, for a 16-bit frame of {@code edge²} binned by
 * {@code binning}, ONNX Runtime on the CPU with {@code threads} intra-op threads.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.reflexscope.bench.inference.ChainStepBreakdown
 * [edge=2048] [binning=4] [frames=300] [threads=1] [denoise=true] [fused=true]}} ({@code fused=false}: the
 * standalone denoiser and detector models instead of the fused default model).
 */
public final class ChainStepBreakdown {
    private ChainStepBreakdown() {
    }

    public static void main(String[] args) throws Exception {
        int edge = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        int binning = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int frames = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        boolean denoise = args.length <= 4 || Boolean.parseBoolean(args[4]);
        boolean fused = args.length <= 5 || Boolean.parseBoolean(args[5]);
        FrameSlot slot = AnalysisChainBenchmark.syntheticFrame(edge, 17);
        AnalysisChain.Builder b = AnalysisChain.builder().optDevice(Device.CPU).optThreads(threads)
                .optBinning(binning).optCameraNoise(1, 100, 0).optFusedDefaultModels(fused);
        if (!denoise) {
            b.optDenoiser(null);
        }
        Map<String, Histogram> steps = new LinkedHashMap<>();
        Histogram total = new Histogram(3);
        try (AnalysisChain chain = b.build()) {
            for (int i = 0; i < 50 + frames; i++) {
                long t0 = System.nanoTime();
                AnalysisResult r = chain.analyze(slot);
                long t = System.nanoTime() - t0;
                if (i >= 50) {
                    total.recordValue(t);
                    r.stepNanos().forEach((k, v) -> steps.computeIfAbsent(k, x -> new Histogram(3)).recordValue(v));
                }
            }
            System.out.println(chain.describe());
        }
        System.out.printf(Locale.ROOT, "%d² binned x%d, %d frames, %d thread(s), denoise %s%n", edge, binning,
                frames, threads, denoise);
        steps.forEach((k, h) -> System.out.printf(Locale.ROOT, "  %-8s p50 %7.2f ms  p99 %7.2f ms%n", k,
                h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6));
        System.out.printf(Locale.ROOT, "  %-8s p50 %7.2f ms  p99 %7.2f ms  min %.2f ms  (%.0f frames/s at p50)%n",
                "total", total.getValueAtPercentile(50) / 1e6, total.getValueAtPercentile(99) / 1e6,
                total.getMinValue() / 1e6, 1e9 / total.getValueAtPercentile(50));
    }
}
