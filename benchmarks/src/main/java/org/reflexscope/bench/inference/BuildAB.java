package org.reflexscope.bench.inference;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.reflexscope.bench.BuildLoader;

/**
 * Interleaved A/B of two builds of the default chain in one JVM: each build's {@code org.reflexscope} classes and
 * resources (models) are loaded child-first from its own benchmarks jar, everything else (ONNX Runtime, DJL, HdrHistogram) is shared from
 * the class path, and the two chains analyse the same synthetic frame in turn, frame by frame, so load and machine
 * state affect both alike. Reports latency percentiles per build, each step's p50/p99 (the chain's
 * {@code stepNanos}), and whether the last frame's detections (positions, sizes, scores, labels) are identical.
 *
 * <p>Run (keep a copy of the older jar first): {@code java -cp benchmarks/target/benchmarks.jar
 * org.reflexscope.bench.inference.BuildAB edge binning frames jarA jarB [noevent]}. Swap the jars to check for an
 * order effect. Both builds must offer {@code AnalysisChain.builder()} with the options used here.
 */
public final class BuildAB {
    private static final int WARMUP = 50;

    private BuildAB() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            throw new IllegalArgumentException("Usage: BuildAB edge binning frames jarA jarB [noevent]; got "
                    + args.length + " arguments");
        }
        int edge = Integer.parseInt(args[0]);
        int binning = Integer.parseInt(args[1]);
        int frames = Integer.parseInt(args[2]);
        String[] jars = {args[3], args[4]};
        boolean noEvent = args.length > 5 && args[5].equals("noevent");
        AutoCloseable[] chains = new AutoCloseable[2];
        Object[] slots = new Object[2];
        Method[] analyze = new Method[2];
        Method[] detections = new Method[2];
        Method[] steps = new Method[2];
        List<Map<String, Histogram>> stepHist = List.of(new LinkedHashMap<>(), new LinkedHashMap<>());
        Histogram[] hist = {new Histogram(3), new Histogram(3)};
        String[] last = new String[2];
        int[] count = new int[2];
        URLClassLoader[] loaders = new URLClassLoader[2];
        try {
            for (int v = 0; v < 2; v++) {
                loaders[v] = new BuildLoader(new File(jars[v]), BuildAB.class.getClassLoader());
                ClassLoader l = loaders[v];
                Method frame = l.loadClass("org.reflexscope.bench.inference.AnalysisChainBenchmark")
                        .getDeclaredMethod("syntheticFrame", int.class, long.class);
                frame.setAccessible(true);
                slots[v] = frame.invoke(null, edge, 17L);
                Class<?> chainType = l.loadClass("org.reflexscope.core.analysis.AnalysisChain");
                Object b = chainType.getMethod("builder").invoke(null);
                Class<?> bt = b.getClass();
                Class<?> device = l.loadClass("org.reflexscope.core.inference.Device");
                bt.getMethod("optDevice", device).invoke(b, device.getField("CPU").get(null));
                bt.getMethod("optThreads", int.class).invoke(b, 1);
                bt.getMethod("optBinning", int.class).invoke(b, binning);
                bt.getMethod("optCameraNoise", double.class, double.class, double.class).invoke(b, 1.0, 100.0, 0.0);
                if (noEvent) {
                    bt.getMethod("optEventScorer", l.loadClass("org.reflexscope.core.detect.EventScorer"))
                            .invoke(b, (Object) null);
                }
                chains[v] = (AutoCloseable) bt.getMethod("build").invoke(b);
                analyze[v] = chainType.getMethod("analyze", l.loadClass("org.reflexscope.core.frame.FrameSlot"));
                Class<?> result = l.loadClass("org.reflexscope.core.analysis.AnalysisResult");
                detections[v] = result.getMethod("detections");
                steps[v] = result.getMethod("stepNanos");
            }
            for (int i = 0; i < WARMUP + frames; i++) {
                for (int v = 0; v < 2; v++) {
                    long t0 = System.nanoTime();
                    Object r = analyze[v].invoke(chains[v], slots[v]);
                    long t = System.nanoTime() - t0;
                    if (i >= WARMUP) {
                        hist[v].recordValue(t);
                        for (Map.Entry<?, ?> e : ((Map<?, ?>) steps[v].invoke(r)).entrySet()) {
                            stepHist.get(v).computeIfAbsent((String) e.getKey(), k -> new Histogram(3))
                                    .recordValue((Long) e.getValue());
                        }
                    }
                    List<?> d = (List<?>) detections[v].invoke(r);
                    count[v] = d.size();
                    last[v] = d.toString();
                }
            }
        } finally {
            for (int v = 0; v < 2; v++) {
                if (chains[v] != null) {
                    chains[v].close();
                }
                if (loaders[v] != null) {
                    loaders[v].close();
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d² binned x%d, %d frames per build, interleaved, 1 thread%s%n", edge, binning,
                frames, noEvent ? ", no event scorer" : "");
        for (int v = 0; v < 2; v++) {
            Histogram h = hist[v];
            System.out.printf(Locale.ROOT, "  %-30s p50 %6.2f  p90 %6.2f  p99 %6.2f  max %6.2f  min %6.2f ms  "
                    + "detections %d%n", jars[v], h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6,
                    h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6, h.getMinValue() / 1e6, count[v]);
            StringBuilder line = new StringBuilder("    steps p50/p99 ms:");
            for (Map.Entry<String, Histogram> e : stepHist.get(v).entrySet()) {
                line.append(String.format(Locale.ROOT, " %s %.2f/%.2f", e.getKey(),
                        e.getValue().getValueAtPercentile(50) / 1e6, e.getValue().getValueAtPercentile(99) / 1e6));
            }
            System.out.println(line);
        }
        System.out.println("  last frame's detections identical: " + last[0].equals(last[1]));
    }
}
