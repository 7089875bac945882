package org.reflexscope.core.focus;

/**
 * Tenengrad: mean squared Sobel gradient magnitude. Steeper near focus than {@link NormalizedVariance} (good for
 * fine steps) but more sensitive to noise; use it on denoised or binned images.
 */
public final class Tenengrad implements FocusMeasure {
    @Override
    public String name() {
        return "tenengrad";
    }

    @Override
    public double measure(float[] p, int w, int h) {
        if (w < 3 || h < 3) {
            return Double.NaN;
        }
        double sum = 0;
        for (int y = 1; y < h - 1; y++) {
            int r = y * w;
            for (int x = 1; x < w - 1; x++) {
                int i = r + x;
                double gx = (p[i - w + 1] + 2 * p[i + 1] + p[i + w + 1]) - (p[i - w - 1] + 2 * p[i - 1] + p[i + w - 1]);
                double gy = (p[i + w - 1] + 2 * p[i + w] + p[i + w + 1]) - (p[i - w - 1] + 2 * p[i - w] + p[i - w + 1]);
                sum += gx * gx + gy * gy;
            }
        }
        return sum / ((double) (w - 2) * (h - 2));
    }
}
