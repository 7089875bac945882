package org.reflexscope.bench.inference;

import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.inference.Device;

/**
 * Interleaved A/B of chain variants in one JVM: each frame is analysed by every variant in turn (same frame, same
 * machine state), so load affects all alike. Variants: {@code fused} (the default chain), {@code standalone}
 * ({@code optFusedDefaultModels(false)}: standalone denoiser + percentile-normalised detector), {@code fused-noevent}
 * and {@code standalone-noevent} (no event scorer: shows its per-detection cost).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.reflexscope.bench.inference.ChainAB
 * [edge=2048] [binning=4] [frames=300] [variants=fused,standalone] [warmup=50]}: {@code warmup} frames per variant
 * are analysed first and not counted (JIT compilation; 500 or more for the steady state of a long acquisition).
 */
public final class ChainAB {
    private ChainAB() {
    }

    public static void main(String[] args) throws Exception {
        int edge = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        int binning = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int frames = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        String[] variants = (args.length > 3 ? args[3] : "fused,standalone").split(",");
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        FrameSlot slot = AnalysisChainBenchmark.syntheticFrame(edge, 17);
        AnalysisChain[] chains = new AnalysisChain[variants.length];
        Histogram[] hist = new Histogram[variants.length];
        int[] detections = new int[variants.length];
        try {
            for (int v = 0; v < variants.length; v++) {
                AnalysisChain.Builder b = AnalysisChain.builder().optDevice(Device.CPU).optThreads(1)
                        .optBinning(binning).optCameraNoise(1, 100, 0)
                        .optFusedDefaultModels(variants[v].startsWith("fused"));
                if (variants[v].endsWith("-noevent")) {
                    b.optEventScorer(null);
                }
                chains[v] = b.build();
                hist[v] = new Histogram(3);
            }
            for (int i = 0; i < warmup + frames; i++) {
                for (int v = 0; v < variants.length; v++) {
                    long t0 = System.nanoTime();
                    AnalysisResult r = chains[v].analyze(slot);
                    long t = System.nanoTime() - t0;
                    if (i >= warmup) {
                        hist[v].recordValue(t);
                        detections[v] = r.detections().size();
                    }
                }
            }
        } finally {
            for (AnalysisChain c : chains) {
                if (c != null) {
                    c.close();
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d² binned x%d, %d frames per variant after %d warm-up, interleaved, 1 thread%n",
                edge, binning, frames, warmup);
        for (int v = 0; v < variants.length; v++) {
            Histogram h = hist[v];
            System.out.printf(Locale.ROOT, "  %-20s p50 %7.2f  p90 %7.2f  p99 %7.2f  min %6.2f ms  detections %d%n",
                    variants[v], h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6,
                    h.getValueAtPercentile(99) / 1e6, h.getMinValue() / 1e6, detections[v]);
        }
    }
}
