package org.reflexscope.core.analysis;

import java.util.Arrays;

/**
 * Estimates the noise σ of an image from its pixels, not from its objects, at the resolution the default detector
 * sees: the image is mean-pooled 2×2 (the fused detector's first step) and cut into {@value #BLOCK}×{@value #BLOCK}
 * blocks of the pooled image; each block's noise variance is measured from its second differences
 * ({@code a[x-1] − 2a[x] + a[x+1]}, horizontally and vertically: a linear background gradient cancels, and for
 * white noise of variance σ² each difference has variance 6σ²); the image's σ is read from the {@value #PERCENTILE}th
 * percentile of the blocks. Blocks that hold an object's edge measure more than the noise; the low percentile reads
 * the flat blocks — background or the flat top of an object — so the estimate holds whether objects cover a tenth of
 * the field or most of it.
 *
 * <p>The result is stated as the σ of white noise at full resolution that would look the same after pooling (twice
 * the pooled σ). Noise that is correlated between neighbouring pixels (an image that was smoothed or scaled up
 * before it reached us) is larger after pooling than white noise of the same pixel σ, and the detector, which works
 * on the pooled image, sees that larger noise: measuring after the pooling keeps the threshold above it.
 *
 * <p>Where objects leave few flat blocks the estimate rises: on the simulator's {@code mixed} scene at binning 2
 * it reads 0.51 with 10 cells and 2.0 with 200 (the camera's true value is 0.5; docs/real-images.md), which
 * costs the dimmest objects of a crowded field, not the field.
 *
 * <p>Variance-based per block (not a median of differences), so integer images whose neighbours are often equal
 * (8-bit, few counts) are not estimated as noise-free. Buffers grow to the largest image seen; one thread.
 */
final class PixelNoise {
    /** Edge of the square blocks, in pooled pixels. */
    static final int BLOCK = 8;
    /** Percentile (0–100) of the block variances that is read as the noise variance. */
    static final int PERCENTILE = 20;
    /**
     * The {@value #PERCENTILE}th percentile of the block variance estimates of white noise of variance 1 (their
     * mean is 1). Measured on Gaussian noise; {@code PixelNoiseTest} checks the estimate against the true σ.
     */
    static final double PERCENTILE_OF_UNIT_NOISE = 0.767;

    private float[] pooled = new float[0];
    private double[] blocks = new double[0];

    /**
     * The noise σ of the {@code w × h} image {@code a} (its units, per full-resolution pixel); 0 for a flat image;
     * {@code NaN} when the pooled image has no complete block ({@code w} or {@code h} below {@code 2·}{@value
     * #BLOCK}).
     */
    double sigma(float[] a, int w, int h) {
        int pw = w / 2;
        int ph = h / 2;
        int bw = pw / BLOCK;
        int bh = ph / BLOCK;
        int m = bw * bh;
        if (m == 0) {
            return Double.NaN;
        }
        if (pooled.length < pw * ph) {
            pooled = new float[pw * ph];
        }
        if (blocks.length < m) {
            blocks = new double[m];
        }
        for (int y = 0; y < ph; y++) {
            int src = 2 * y * w;
            int dst = y * pw;
            for (int x = 0; x < pw; x++) {
                int i = src + 2 * x;
                pooled[dst + x] = 0.25f * (a[i] + a[i + 1] + a[i + w] + a[i + w + 1]);
            }
        }
        int k = 0;
        for (int by = 0; by < bh; by++) {
            for (int bx = 0; bx < bw; bx++) {
                blocks[k++] = blockVariance(pooled, pw, bx * BLOCK, by * BLOCK);
            }
        }
        Arrays.sort(blocks, 0, m);
        double v = blocks[Math.min(m - 1, (int) Math.floor(PERCENTILE / 100.0 * m))];
        return 2 * Math.sqrt(v / PERCENTILE_OF_UNIT_NOISE);
    }

    /** Mean of the squared second differences over the block's interior pixels, divided by 6. */
    private static double blockVariance(float[] a, int w, int x0, int y0) {
        double s = 0;
        for (int y = y0 + 1; y < y0 + BLOCK - 1; y++) {
            int row = y * w;
            for (int x = x0 + 1; x < x0 + BLOCK - 1; x++) {
                int i = row + x;
                double c = 2.0 * a[i];
                double dh = a[i - 1] - c + a[i + 1];
                double dv = a[i - w] - c + a[i + w];
                s += dh * dh + dv * dv;
            }
        }
        int n = (BLOCK - 2) * (BLOCK - 2) * 2;
        return s / (6.0 * n);
    }
}
