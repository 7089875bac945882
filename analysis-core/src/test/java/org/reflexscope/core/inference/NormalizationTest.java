package org.reflexscope.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.focus.FocusMeasure;

class NormalizationTest {
    private final int[] scratch = new int[Normalization.HISTOGRAM_BINS];

    @Test
    void percentileNormalisationMapsTheSortedPercentilesToZeroAndOne() {
        Random rnd = new Random(2);
        float[] x = new float[20000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (100 + 30 * rnd.nextGaussian());
        }
        float[] sorted = x.clone();
        Arrays.sort(sorted);
        double p1 = sorted[(int) (0.01 * (x.length - 1))];
        double p99 = sorted[(int) (0.99 * (x.length - 1))];
        float[] y = x.clone();
        Normalization.percentile(1, 99).apply(y, 0, y.length, scratch);
        double range = sorted[x.length - 1] - sorted[0];
        for (int i = 0; i < x.length; i += 97) {
            double expected = (x[i] - p1) / (p99 - p1);
            assertThat((double) y[i]).isCloseTo(expected, offset(2 * range / 4096 / (p99 - p1)));
        }
    }

    @Test
    void sigmoidTurnsLogitsIntoProbabilities() {
        float[] x = {0, 2, -2};
        Normalization.sigmoid().apply(x, 0, 3, new int[Normalization.HISTOGRAM_BINS]);
        assertThat(x[0]).isEqualTo(0.5f);
        assertThat((double) x[1]).isCloseTo(1 / (1 + Math.exp(-2)), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(x[1] + x[2]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void fixedRangeZeroMeanClipAndBinarizeDoWhatTheySay() {
        float[] x = {0, 1000, 4095};
        Normalization.fixedRange(0, 4095).apply(x, 0, 3, scratch);
        assertThat(x[2]).isEqualTo(1f, offset(1e-6f));
        float[] z = {1, 2, 3, 4};
        Normalization.zeroMeanUnitVariance(0).apply(z, 0, 4, scratch);
        assertThat(z[0] + z[1] + z[2] + z[3]).isEqualTo(0f, offset(1e-5f));
        float[] c = {-2, 0.5f, 9};
        Normalization.clip(0, 1).apply(c, 0, 3, scratch);
        assertThat(c).containsExactly(0f, 0.5f, 1f);
        Normalization.binarize(0.6).apply(c, 0, 3, scratch);
        assertThat(c).containsExactly(0f, 0f, 1f);
    }

    @Test
    void focusMeasuresPeakOnTheSharpImage() {
        Random rnd = new Random(4);
        int n = 64;
        float[] sharp = new float[n * n];
        for (int i = 0; i < sharp.length; i++) {
            sharp[i] = 100 + (rnd.nextFloat() < 0.05 ? 500 : 0);
        }
        float[] blurred = sharp.clone();
        for (int pass = 0; pass < 3; pass++) {
            float[] t = blurred.clone();
            for (int y = 1; y < n - 1; y++) {
                for (int x = 1; x < n - 1; x++) {
                    blurred[y * n + x] = (t[y * n + x] * 4 + t[y * n + x - 1] + t[y * n + x + 1] + t[(y - 1) * n + x]
                            + t[(y + 1) * n + x]) / 8;
                }
            }
        }
        for (FocusMeasure m : new FocusMeasure[] {FocusMeasure.normalizedVariance(), FocusMeasure.tenengrad(),
                FocusMeasure.brenner()}) {
            assertThat(m.measure(sharp, n, n)).as(m.name()).isGreaterThan(m.measure(blurred, n, n));
        }
        float[] brighter = sharp.clone();
        for (int i = 0; i < brighter.length; i++) {
            brighter[i] *= 3;
        }
        FocusMeasure nv = FocusMeasure.normalizedVariance();
        assertThat(nv.measure(brighter, n, n) / nv.measure(sharp, n, n)).isCloseTo(3.0, offset(1e-6));
    }
}
