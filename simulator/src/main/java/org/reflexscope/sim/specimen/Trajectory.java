package org.reflexscope.sim.specimen;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.reflexscope.sim.internal.Randoms;

/**
 * A seeded 2-D random walk with directed drift, sampled every {@code stepMs} and linearly interpolated between
 * samples; extended lazily as later times are asked for, so it is a pure function of time and seed.
 * Thread-safe.
 */
final class Trajectory {
    private final double stepMs;
    private final double stepSigmaUm;
    private final double driftXPerStep;
    private final double driftYPerStep;
    private final SplittableRandom random;
    private double[] xs;
    private double[] ys;
    private int size;

    /**
     * @param diffusionUm2PerS 2-D diffusion coefficient (each axis gets variance {@code 2·D·dt})
     * @param driftXUmPerMin directed motion in x
     */
    Trajectory(double x0, double y0, double diffusionUm2PerS, double driftXUmPerMin, double driftYUmPerMin,
            double stepMs, long seed) {
        this.stepMs = stepMs;
        this.stepSigmaUm = Math.sqrt(2 * diffusionUm2PerS * stepMs / 1000.0);
        this.driftXPerStep = driftXUmPerMin * stepMs / 60000.0;
        this.driftYPerStep = driftYUmPerMin * stepMs / 60000.0;
        this.random = new SplittableRandom(seed);
        this.xs = new double[64];
        this.ys = new double[64];
        xs[0] = x0;
        ys[0] = y0;
        size = 1;
    }

    /** Position at {@code tMs} (≤ 0 gives the start), written into {@code out[0..1]}. */
    synchronized void positionAt(double tMs, double[] out) {
        double s = Math.max(0, tMs) / stepMs;
        int i = (int) s;
        ensure(i + 2);
        double f = s - i;
        out[0] = xs[i] + (xs[i + 1] - xs[i]) * f;
        out[1] = ys[i] + (ys[i + 1] - ys[i]) * f;
    }

    private void ensure(int n) {
        if (n <= size) {
            return;
        }
        if (n > xs.length) {
            int cap = Math.max(n, xs.length * 2);
            xs = Arrays.copyOf(xs, cap);
            ys = Arrays.copyOf(ys, cap);
        }
        for (int i = size; i < n; i++) {
            xs[i] = xs[i - 1] + driftXPerStep + stepSigmaUm * Randoms.gaussian(random);
            ys[i] = ys[i - 1] + driftYPerStep + stepSigmaUm * Randoms.gaussian(random);
        }
        size = n;
    }
}
