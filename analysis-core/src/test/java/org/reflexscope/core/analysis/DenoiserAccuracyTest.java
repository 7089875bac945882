package org.reflexscope.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.inference.Device;
import org.reflexscope.core.inference.InferenceRuntime;
import org.reflexscope.core.inference.ModelCatalog;
import org.reflexscope.core.inference.ModelRunner;
import org.reflexscope.core.inference.support.SyntheticSpots;

/** The default denoiser lowers the error to the noise-free image on simulated Poisson–Gaussian data. */
class DenoiserAccuracyTest {

    @Test
    void denoisingHalvesTheErrorToGroundTruthOnSpotsInPoissonGaussianNoise() throws Exception {
        int n = 128;
        SyntheticSpots truth = new SyntheticSpots(21, n, n).addRandomSpots(25, 2.0, 3.5, 20, 80, 12);
        double[] clean = truth.expected(10);
        FrameSlot slot = truth.render16(10, 100);
        java.util.Random rnd = new java.util.Random(5);
        float[] noisy = new float[n * n];
        double readNoise = 2;
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = (float) ((slot.shorts()[i] & 0xFFFF) + readNoise * rnd.nextGaussian());
        }
        try (InferenceRuntime rt = new InferenceRuntime(Device.CPU, 1);
                ModelRunner den = new ModelRunner(rt.load(ModelCatalog.denoiser(1, 100, readNoise)))) {
            den.run(noisy, n, n);
            double before = 0;
            double after = 0;
            double bias = 0;
            for (int i = 0; i < noisy.length; i++) {
                before += sq(noisy[i] - 100 - clean[i]);
                after += sq(den.output(0)[i] - 100 - clean[i]);
                bias += den.output(0)[i] - 100 - clean[i];
            }
            double rmseBefore = Math.sqrt(before / noisy.length);
            double rmseAfter = Math.sqrt(after / noisy.length);
            System.out.printf("denoiser on 128² spots: RMSE %.2f -> %.2f photons (%.1f dB gain), mean bias %.3f%n",
                    rmseBefore, rmseAfter, 20 * Math.log10(rmseBefore / rmseAfter), bias / noisy.length);
            assertThat(rmseAfter).isLessThan(0.5 * rmseBefore);
            assertThat(Math.abs(bias / noisy.length)).isLessThan(0.5);
        }
    }

    private static double sq(double v) {
        return v * v;
    }
}
