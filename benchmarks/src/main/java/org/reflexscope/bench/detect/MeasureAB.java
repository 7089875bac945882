package org.reflexscope.bench.detect;

import java.io.File;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.reflexscope.bench.BuildLoader;

/**
 * Interleaved A/B of two builds' measure step in one JVM: each build measures {@link BlobMeasureBenchmark}'s field
 * of 400 cells in turn, call by call, so load and machine state affect both alike. Reports each build's time per
 * frame (p50, p90, min) and whether every candidate's measured position, elongation and intensity are bit-identical.
 *
 * <p>Run (keep a copy of the older jar first): {@code java -cp benchmarks/target/benchmarks.jar
 * org.reflexscope.bench.detect.MeasureAB calls jarA jarB}. Both builds must hold {@link BlobMeasureBenchmark} with
 * {@code shapes()}.
 */
public final class MeasureAB {
    private static final int WARMUP = 300;

    private MeasureAB() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("Usage: MeasureAB calls jarA jarB; got " + args.length
                    + " arguments");
        }
        int calls = Integer.parseInt(args[0]);
        String[] jars = {args[1], args[2]};
        Object[] benchmarks = new Object[2];
        Method[] measure = new Method[2];
        Method[] shapes = new Method[2];
        Histogram[] hist = {new Histogram(3), new Histogram(3)};
        BuildLoader[] loaders = new BuildLoader[2];
        try {
            for (int v = 0; v < 2; v++) {
                loaders[v] = new BuildLoader(new File(jars[v]), MeasureAB.class.getClassLoader());
                Class<?> type = loaders[v].loadClass(BlobMeasureBenchmark.class.getName());
                benchmarks[v] = type.getConstructor().newInstance();
                type.getMethod("setUp").invoke(benchmarks[v]);
                measure[v] = type.getMethod("measure");
                shapes[v] = type.getMethod("shapes");
            }
            for (int i = 0; i < WARMUP + calls; i++) {
                for (int v = 0; v < 2; v++) {
                    long t0 = System.nanoTime();
                    measure[v].invoke(benchmarks[v]);
                    long t = System.nanoTime() - t0;
                    if (i >= WARMUP) {
                        hist[v].recordValue(t);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "measure, %d calls per build after %d warm-up, interleaved%n", calls,
                    WARMUP);
            for (int v = 0; v < 2; v++) {
                Histogram h = hist[v];
                System.out.printf(Locale.ROOT, "  %-34s p50 %7.3f  p90 %7.3f  min %7.3f ms%n", jars[v],
                        h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6, h.getMinValue() / 1e6);
            }
            System.out.printf(Locale.ROOT, "  ratio p50 B/A %.3f; every candidate's shape bit-identical: %b%n",
                    hist[1].getValueAtPercentile(50) / (double) hist[0].getValueAtPercentile(50),
                    Arrays.equals((double[]) shapes[0].invoke(benchmarks[0]),
                            (double[]) shapes[1].invoke(benchmarks[1])));
        } finally {
            for (BuildLoader l : loaders) {
                if (l != null) {
                    l.close();
                }
            }
        }
    }
}
