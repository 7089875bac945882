package org.reflexscope.bench.inference;

import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
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
 * [edge=2048] [binning=4] [frames=300] [variants=fused,standalone] [warmup=50] [fps=0] [wait=park]}: {@code warmup}
 * frames per variant are analysed first and not counted (JIT compilation; 500 or more for the steady state of a long
 * acquisition). With {@code fps > 0} each analysis starts on the next tick of a {@code 1/fps} clock, as frames from a
 * camera running at that rate would (one variant at a time: with two, each gets every other tick), instead of back
 * to back; an analysis that overruns its tick delays the next one, and the overruns are counted. Between ticks the
 * thread parks ({@code park}, as an analyzer blocked on the ring does, leaving the core to other threads) or spins
 * ({@code spin}, as a busy-spinning or yielding consumer keeps its core and caches) or naps 100 µs at a time
 * ({@code nap}, as the ring's {@code SLEEPING} consumers do once they have spun and yielded).
 */
public final class ChainAB {
    /** The nap of {@code nap} waits, as the ring's {@code SLEEPING} consumers take. */
    private static final long NAP_NANOS = 100_000;
    private ChainAB() {
    }

    public static void main(String[] args) throws Exception {
        int edge = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        int binning = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int frames = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        String[] variants = (args.length > 3 ? args[3] : "fused,standalone").split(",");
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        double fps = args.length > 5 ? Double.parseDouble(args[5]) : 0;
        long period = fps > 0 ? Math.round(1e9 / fps) : 0;
        String wait = args.length > 6 ? args[6] : "park";
        if (!wait.equals("park") && !wait.equals("spin") && !wait.equals("nap")) {
            throw new IllegalArgumentException("wait must be park, spin or nap, got " + wait);
        }
        int overruns = 0;
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
            long tick = System.nanoTime();
            for (int i = 0; i < warmup + frames; i++) {
                for (int v = 0; v < variants.length; v++) {
                    if (period > 0) {
                        tick += period;
                        for (long left = tick - System.nanoTime(); left > 0; left = tick - System.nanoTime()) {
                            if (wait.equals("spin")) {
                                Thread.onSpinWait();
                            } else {
                                LockSupport.parkNanos(wait.equals("nap") ? Math.min(left, NAP_NANOS) : left);
                            }
                        }
                    }
                    long t0 = System.nanoTime();
                    AnalysisResult r = chains[v].analyze(slot);
                    long t = System.nanoTime() - t0;
                    if (period > 0 && System.nanoTime() > tick + period) {
                        tick = System.nanoTime() - period; // overran its tick: the next starts at once
                        overruns += i >= warmup ? 1 : 0;
                    }
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
        System.out.printf(Locale.ROOT,
                "%d² binned x%d, %d frames per variant after %d warm-up, interleaved, 1 thread%s%n",
                edge, binning, frames, warmup, period > 0 ? String.format(Locale.ROOT,
                        ", paced at %.0f frames/s, %s between frames (%d overran their tick)", fps,
                        wait.equals("spin") ? "spinning" : wait.equals("nap") ? "napping 100 µs at a time" : "parked",
                        overruns) : "");
        for (int v = 0; v < variants.length; v++) {
            Histogram h = hist[v];
            System.out.printf(Locale.ROOT, "  %-20s p50 %7.2f  p90 %7.2f  p99 %7.2f  min %6.2f ms  detections %d%n",
                    variants[v], h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6,
                    h.getValueAtPercentile(99) / 1e6, h.getMinValue() / 1e6, detections[v]);
        }
    }
}
