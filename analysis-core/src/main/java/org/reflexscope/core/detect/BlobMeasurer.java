package org.reflexscope.core.detect;

/**
 * Measures peak candidates on an image: background as the mean of the window's border, then (with weights
 * {@code max(v − background, 0)}) the refined centroid within {@code max(2, 1.5σ)}, the elongation from second
 * moments within {@code max(3, 3σ)}, and the mean background-subtracted intensity within {@code max(1, 1.5σ)}.
 * Allocation-free and stateless.
 */
public final class BlobMeasurer {

    /** Measures each candidate of {@code c} on the {@code width × height} image in place. */
    public void measure(float[] img, int width, int height, Candidates c) {
        for (int i = 0; i < c.size(); i++) {
            measureOne(img, width, height, c, i);
        }
    }

    private static void measureOne(float[] img, int w, int h, Candidates c, int i) {
        double sigma = c.sigma(i);
        int px = (int) Math.round(c.x(i));
        int py = (int) Math.round(c.y(i));
        int r = (int) Math.ceil(Math.max(3, 3 * sigma));
        int x0 = Math.max(0, px - r);
        int x1 = Math.min(w - 1, px + r);
        int y0 = Math.max(0, py - r);
        int y1 = Math.min(h - 1, py + r);
        double bgSum = 0;
        int bgCount = 0;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                if (y == y0 || y == y1 || x == x0 || x == x1) {
                    bgSum += img[y * w + x];
                    bgCount++;
                }
            }
        }
        double bg = bgSum / bgCount;
        double rc = Math.max(2, 1.5 * sigma);
        double sw = 0;
        double sx = 0;
        double sy = 0;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double dx = x - px;
                double dy = y - py;
                if (dx * dx + dy * dy > rc * rc) {
                    continue;
                }
                double v = img[y * w + x] - bg;
                if (v > 0) {
                    sw += v;
                    sx += v * x;
                    sy += v * y;
                }
            }
        }
        double cx = sw > 0 ? sx / sw : px;
        double cy = sw > 0 ? sy / sw : py;
        double ri = Math.max(1, 1.5 * sigma);
        double mw = 0;
        double mxx = 0;
        double myy = 0;
        double mxy = 0;
        double inSum = 0;
        int inCount = 0;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double dx = x - cx;
                double dy = y - cy;
                double d2 = dx * dx + dy * dy;
                double v = img[y * w + x] - bg;
                if (d2 <= ri * ri) {
                    inSum += v;
                    inCount++;
                }
                if (v > 0 && d2 <= r * r) {
                    mw += v;
                    mxx += v * dx * dx;
                    myy += v * dy * dy;
                    mxy += v * dx * dy;
                }
            }
        }
        double elong = mw > 0 ? Moments.elongation(mxx / mw, myy / mw, mxy / mw) : 1;
        c.setShape(i, cx, cy, elong, inCount > 0 ? inSum / inCount : Double.NaN);
    }
}
