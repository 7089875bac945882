package org.reflexscope.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.detect.Candidates;
import org.reflexscope.core.inference.Device;
import org.reflexscope.core.inference.InferenceRuntime;
import org.reflexscope.core.inference.ModelCatalog;
import org.reflexscope.core.inference.ModelRunException;
import org.reflexscope.core.inference.ModelRunner;

/** The fused step's denoised image equals the standalone denoiser's; bad values are rejected. */
class DenoiseDetectStepTest {

    @Test
    void denoisedImageMatchesTheStandaloneDenoiserWithCameraMapping() throws Exception {
        Random rnd = new Random(5);
        int w = 97;
        int h = 64;
        float[] raw = new float[w * h];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (float) (100 + 2 * (20 + rnd.nextGaussian() * 5 + (rnd.nextDouble() < 0.02 ? 300 : 0)));
        }
        try (InferenceRuntime rt = new InferenceRuntime(Device.CPU, 1);
                DenoiseDetectStep fused = new DenoiseDetectStep(rt.load(ModelCatalog.denoiseDetector()), 2, 100, 1.5);
                ModelRunner standalone = new ModelRunner(rt.load(ModelCatalog.denoiser(2, 100, 1.5)))) {
            fused.run(raw, w, h);
            standalone.run(raw, w, h);
            float[] expected = standalone.output(0);
            double maxErr = 0;
            for (int i = 0; i < raw.length; i++) {
                maxErr = Math.max(maxErr, Math.abs(fused.denoised()[i] - expected[i]) / (1 + Math.abs(expected[i])));
            }
            assertThat(maxErr).isLessThan(1e-5);
            assertThat(fused.gridWidth()).isEqualTo(w / 2);
            assertThat(fused.gridHeight()).isEqualTo(h / 2);

            // seeds move to the brightest denoised pixel of the 4×4 neighbourhood of their 2×2 block
            Candidates c = new Candidates(4);
            int bright = 20 * w + 30;
            raw[bright] = 5000;
            fused.run(raw, w, h);
            c.add(28.5, 18.5, 1, 1.6);
            fused.refineSeeds(c);
            assertThat(c.x(0)).isEqualTo(30);
            assertThat(c.y(0)).isEqualTo(20);
        }
    }

    @Test
    void nanInputIsReportedAsAModelRunError() throws Exception {
        float[] raw = new float[64 * 64];
        java.util.Arrays.fill(raw, 120);
        raw[1000] = Float.NaN;
        try (InferenceRuntime rt = new InferenceRuntime(Device.CPU, 1);
                DenoiseDetectStep fused = new DenoiseDetectStep(rt.load(ModelCatalog.denoiseDetector()), 1, 100, 0)) {
            assertThatThrownBy(() -> fused.run(raw, 64, 64)).isInstanceOf(ModelRunException.class)
                    .hasMessageContaining("NaN/Inf");
        }
    }

    @Test
    void infiniteInputAndOverflowAtTheFloatMaximumAreNeverPublished() throws Exception {
        try (InferenceRuntime rt = new InferenceRuntime(Device.CPU, 1);
                DenoiseDetectStep fused = new DenoiseDetectStep(rt.load(ModelCatalog.denoiseDetector()), 1, 0, 0)) {
            // 33×31: the last pixel lies past the last full group of eight partial sums
            float[] inf = new float[33 * 31];
            java.util.Arrays.fill(inf, 120);
            inf[inf.length - 1] = Float.POSITIVE_INFINITY;
            assertThatThrownBy(() -> fused.run(inf, 33, 31)).isInstanceOf(ModelRunException.class)
                    .hasMessageContaining("NaN/Inf");
            // finite everywhere, but the VST's square on the way back can round past the float maximum: either the
            // step says so, or every value it publishes is finite (never a silent Inf)
            float[] max = new float[32 * 32];
            java.util.Arrays.fill(max, Float.MAX_VALUE);
            boolean rejected = false;
            try {
                fused.run(max, 32, 32);
            } catch (ModelRunException e) {
                assertThat(e).hasMessageContaining("NaN/Inf");
                rejected = true;
            }
            if (!rejected) {
                for (int i = 0; i < 32 * 32; i++) {
                    assertThat(Float.isFinite(fused.denoised()[i])).as("denoised[%d] = %s", i, fused.denoised()[i])
                            .isTrue();
                }
            }
            System.out.println("float-maximum frame " + (rejected ? "rejected as NaN/Inf" : "published finite"));
        }
    }

    @Test
    void imagesSmallerThanTheModelsPaddingAreRejectedNamingTheFix() throws Exception {
        try (InferenceRuntime rt = new InferenceRuntime(Device.CPU, 1);
                DenoiseDetectStep fused = new DenoiseDetectStep(rt.load(ModelCatalog.denoiseDetector()), 1, 100, 0)) {
            fused.run(new float[12 * 12], 12, 12);
            assertThat(fused.gridWidth()).isEqualTo(6);
            assertThatThrownBy(() -> fused.run(new float[11 * 40], 11, 40)).isInstanceOf(ModelRunException.class)
                    .hasMessageContaining("at least 12x12").hasMessageContaining("larger ROI or less binning");
        }
    }
}
