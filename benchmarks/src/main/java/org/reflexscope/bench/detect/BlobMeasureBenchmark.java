package org.reflexscope.bench.detect;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.reflexscope.core.detect.BlobMeasurer;
import org.reflexscope.core.detect.Candidates;

/**
 * Cost of measuring 400 cells on a 512² image (the measure step's share of the 10 ms per-frame budget): cells of
 * σ 2.5–3.5 px and brightness 0.8–1.2 at seeded random positions, so that some overlap (pairs closer than 6 px are
 * one candidate, at their midpoint, as the detector sees them), on a background of 20 with Poisson-like noise.
 * Average time per frame. {@link MeasureAB} runs two builds of it side by side.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar BlobMeasureBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BlobMeasureBenchmark {
    private static final int EDGE = 512;
    private static final int CELLS = 400;

    private float[] image;
    private double[] seeds;
    private int seedCount;
    private Candidates candidates;
    private BlobMeasurer measurer;

    @Setup(Level.Trial)
    public void setUp() {
        Random rnd = new Random(17);
        image = new float[EDGE * EDGE];
        double[] cx = new double[CELLS];
        double[] cy = new double[CELLS];
        double[] sigma = new double[CELLS];
        for (int k = 0; k < CELLS; k++) {
            cx[k] = 8 + rnd.nextDouble() * (EDGE - 16);
            cy[k] = 8 + rnd.nextDouble() * (EDGE - 16);
            sigma[k] = 2.5 + rnd.nextDouble();
            double peak = 100 * (0.8 + 0.4 * rnd.nextDouble());
            int r = (int) Math.ceil(4 * sigma[k]);
            for (int y = Math.max(0, (int) cy[k] - r); y < Math.min(EDGE, (int) cy[k] + r); y++) {
                for (int x = Math.max(0, (int) cx[k] - r); x < Math.min(EDGE, (int) cx[k] + r); x++) {
                    double d2 = (x - cx[k]) * (x - cx[k]) + (y - cy[k]) * (y - cy[k]);
                    image[y * EDGE + x] += (float) (peak * Math.exp(-d2 / (2 * sigma[k] * sigma[k])));
                }
            }
        }
        for (int i = 0; i < image.length; i++) {
            double v = image[i] + 20;
            image[i] = (float) Math.max(0, v + Math.sqrt(v) * rnd.nextGaussian());
        }
        // one seed per cell, or per pair of cells closer than 6 px (one peak for the detector)
        seeds = new double[3 * CELLS];
        boolean[] used = new boolean[CELLS];
        for (int k = 0; k < CELLS; k++) {
            if (used[k]) {
                continue;
            }
            double x = cx[k];
            double y = cy[k];
            double s = sigma[k];
            for (int j = k + 1; j < CELLS; j++) {
                if (!used[j] && Math.hypot(cx[j] - cx[k], cy[j] - cy[k]) < 6) {
                    used[j] = true;
                    x = (x + cx[j]) / 2;
                    y = (y + cy[j]) / 2;
                    s = 3.4;
                    break;
                }
            }
            seeds[3 * seedCount] = x;
            seeds[3 * seedCount + 1] = y;
            seeds[3 * seedCount + 2] = s;
            seedCount++;
        }
        candidates = new Candidates(1000);
        measurer = new BlobMeasurer();
    }

    @Benchmark
    public int measure() {
        candidates.clear();
        for (int k = 0; k < seedCount; k++) {
            candidates.add(seeds[3 * k], seeds[3 * k + 1], 1, seeds[3 * k + 2]);
        }
        measurer.measure(image, EDGE, EDGE, candidates);
        return candidates.size();
    }

    /** Each candidate's measured x, y, elongation and intensity after the last {@link #measure()}. */
    public double[] shapes() {
        double[] s = new double[4 * candidates.size()];
        for (int i = 0; i < candidates.size(); i++) {
            s[4 * i] = candidates.x(i);
            s[4 * i + 1] = candidates.y(i);
            s[4 * i + 2] = candidates.elongation(i);
            s[4 * i + 3] = candidates.intensity(i);
        }
        return s;
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(BlobMeasureBenchmark.class.getSimpleName()).build()).run();
    }
}
