package org.reflexscope.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The noise level function on synthetic Poisson–Gaussian frames of a known camera (a field of blobs on a background
 * ramp; {@code counts = offset + gain · (Poisson(e) + N(0, read²))}): from single frames and from frame pairs.
 */
class NoiseLevelFunctionTest {
    private static final int W = 384;

    @ParameterizedTest(name = "seed {0}: gain {1}, read noise {2}, offset {3}")
    @CsvSource({"21, 0.5, 1.6, 100", "22, 2.2, 6, 500", "23, 4, 12, 1000"})
    void framePairsGiveTheCamerasGainAndReadNoise(long seed, double gain, double readNoise, double offset) {
        double[] e = scene(seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        NoiseLevelFunction pairs = new NoiseLevelFunction();
        float[] prev = frame(e, gain, readNoise, offset, rnd);
        for (int i = 0; i < 3; i++) {
            float[] next = frame(e, gain, readNoise, offset, rnd);
            pairs.addPair(prev, next, W, W);
            prev = next;
        }
        NoiseLevelFunction.Fit fit = pairs.fit();
        System.out.printf("pairs, seed %d: gain %.3f (true %.3f), read noise %.2f (true %.2f); %s%n", seed,
                fit.cameraGain(1), gain, fit.readNoiseElectrons(offset, 1), readNoise, fit);
        assertThat(fit.ok()).as("%s", fit).isTrue();
        assertThat(fit.cameraGain(1)).isCloseTo(gain, within(0.05 * gain));
        assertThat(fit.readNoiseElectrons(offset, 1)).isCloseTo(readNoise, within(Math.max(0.5, 0.2 * readNoise)));
    }

    /** Frames binned 2×2 by block mean (as the chain's binner does): the slope is the gain over 4. */
    @ParameterizedTest(name = "seed {0}: gain {1}, read noise {2}, offset {3}")
    @CsvSource({"24, 1.0, 3, 100", "25, 4, 12, 1000"})
    void binnedFramePairsGiveTheCamerasGain(long seed, double gain, double readNoise, double offset) {
        double[] e = scene(seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        NoiseLevelFunction pairs = new NoiseLevelFunction();
        float[] prev = bin2(frame(e, gain, readNoise, offset, rnd));
        for (int i = 0; i < 3; i++) {
            float[] next = bin2(frame(e, gain, readNoise, offset, rnd));
            pairs.addPair(prev, next, W / 2, W / 2);
            prev = next;
        }
        NoiseLevelFunction.Fit fit = pairs.fit();
        System.out.printf("binned pairs, seed %d: gain %.3f (true %.3f), read noise %.2f (true %.2f); %s%n", seed,
                fit.cameraGain(2), gain, fit.readNoiseElectrons(offset, 2), readNoise, fit);
        assertThat(fit.cameraGain(2)).isCloseTo(gain, within(0.05 * gain));
        assertThat(fit.readNoiseElectrons(offset, 2)).isCloseTo(readNoise, within(Math.max(0.5, 0.2 * readNoise)));
    }

    private static float[] bin2(float[] f) {
        int h = W / 2;
        float[] b = new float[h * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < h; x++) {
                b[y * h + x] = (f[2 * y * W + 2 * x] + f[2 * y * W + 2 * x + 1] + f[(2 * y + 1) * W + 2 * x]
                        + f[(2 * y + 1) * W + 2 * x + 1]) / 4;
            }
        }
        return b;
    }

    @ParameterizedTest(name = "seed {0}: gain {1}, read noise {2}, offset {3}")
    @CsvSource({"21, 0.5, 1.6, 100", "22, 2.2, 6, 500", "23, 4, 12, 1000"})
    void singleFramesGiveTheCamerasGain(long seed, double gain, double readNoise, double offset) {
        double[] e = scene(seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        NoiseLevelFunction one = new NoiseLevelFunction();
        one.add(frame(e, gain, readNoise, offset, rnd), W, W);
        NoiseLevelFunction.Fit fit = one.fit();
        System.out.printf("single frame, seed %d: gain %.3f (true %.3f), read noise %.2f (true %.2f); %s%n", seed,
                fit.cameraGain(1), gain, fit.readNoiseElectrons(offset, 1), readNoise, fit);
        assertThat(fit.ok()).as("%s", fit).isTrue();
        assertThat(fit.cameraGain(1)).isCloseTo(gain, within(0.15 * gain));
    }

    /** Expected electrons: a ramp from 20 to 400 along x plus 60 Gaussian blobs (σ 3–8 px, peaks 50–2000). */
    private static double[] scene(long seed) {
        SplittableRandom r = new SplittableRandom(seed * 31);
        double[] e = new double[W * W];
        for (int y = 0; y < W; y++) {
            for (int x = 0; x < W; x++) {
                e[y * W + x] = 20 + 380.0 * x / W;
            }
        }
        for (int k = 0; k < 60; k++) {
            double cx = r.nextDouble(W);
            double cy = r.nextDouble(W);
            double s = 3 + 5 * r.nextDouble();
            double a = 50 + 1950 * r.nextDouble();
            for (int y = (int) Math.max(0, cy - 4 * s); y < Math.min(W, cy + 4 * s); y++) {
                for (int x = (int) Math.max(0, cx - 4 * s); x < Math.min(W, cx + 4 * s); x++) {
                    e[y * W + x] += a * Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * s * s));
                }
            }
        }
        return e;
    }

    private static float[] frame(double[] e, double gain, double readNoise, double offset, SplittableRandom r) {
        float[] f = new float[e.length];
        for (int i = 0; i < e.length; i++) {
            double electrons = poisson(e[i], r) + readNoise * gaussian(r);
            f[i] = Math.round(offset + gain * electrons);
        }
        return f;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static double poisson(double mean, SplittableRandom r) {
        if (mean > 50) {
            return Math.max(0, mean + Math.sqrt(mean) * gaussian(r));
        }
        double l = Math.exp(-mean);
        int k = 0;
        double p = r.nextDouble();
        while (p > l) {
            k++;
            p *= r.nextDouble();
        }
        return k;
    }
}
