package org.reflexscope.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PixelNoiseTest {
    private static final int N = 512;

    private static float[] whiteNoise(double sigma, long seed) {
        Random r = new Random(seed);
        float[] a = new float[N * N];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (100 + sigma * r.nextGaussian());
        }
        return a;
    }

    @Test
    void whiteNoiseIsMeasuredWithinThreePercent() {
        PixelNoise p = new PixelNoise();
        for (long seed = 1; seed <= 4; seed++) {
            assertThat(p.sigma(whiteNoise(3, seed), N, N)).isCloseTo(3, within(0.09));
        }
    }

    /**
     * 150 bright flat-topped nuclei (radius 10 px) at random places, a sixth of the field, their edges in most blocks,
     * on a steep gradient: the
     * blocks between and on top of them still read σ (the mean over all blocks reads over 10 times more).
     */
    @Test
    void aFieldFullOfObjectsOnAGradientStillReadsTheNoise() {
        float[] a = whiteNoise(2, 9);
        Random r = new Random(5);
        for (int k = 0; k < 150; k++) {
            double cx = r.nextDouble() * N;
            double cy = r.nextDouble() * N;
            for (int y = (int) Math.max(0, cy - 14); y < Math.min(N, cy + 14); y++) {
                for (int x = (int) Math.max(0, cx - 14); x < Math.min(N, cx + 14); x++) {
                    double d = Math.hypot(x - cx, y - cy);
                    a[y * N + x] += (float) (300 / (1 + Math.exp((d - 10) / 1.0)));
                }
            }
        }
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                a[y * N + x] += (float) (0.5 * x);
            }
        }
        assertThat(new PixelNoise().sigma(a, N, N)).isCloseTo(2, within(0.3));
    }

    /** Noise smoothed over neighbouring pixels survives the detector's pooling better: it reads larger. */
    @Test
    void correlatedNoiseReadsAsTheNoiseThePooledImageHolds() {
        float[] white = whiteNoise(4, 3);
        float[] smooth = new float[N * N];
        for (int y = 0; y < N - 1; y++) {
            for (int x = 0; x < N - 1; x++) {
                int i = y * N + x;
                smooth[i] = 0.25f * (white[i] + white[i + 1] + white[i + N] + white[i + N + 1]);
            }
        }
        // per-pixel σ 2, correlated over 2x2: white noise of σ 2 reads 2, this reads about 2.7
        assertThat(new PixelNoise().sigma(smooth, N, N)).isGreaterThan(2.5);
    }

    @Test
    void aFlatImageHasNoNoiseAndATinyOneNoEstimate() {
        assertThat(new PixelNoise().sigma(new float[N * N], N, N)).isZero();
        assertThat(new PixelNoise().sigma(new float[15 * 40], 15, 40)).isNaN();
    }
}
