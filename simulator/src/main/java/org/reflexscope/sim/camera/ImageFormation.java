package org.reflexscope.sim.camera;

import java.util.Arrays;
import org.reflexscope.sim.optics.Objective;
import org.reflexscope.sim.specimen.BlobSink;

/**
 * Turns a specimen's blobs into the expected number of photo-electrons per pixel: a uniform background plus
 * each blob drawn as a pixel-integrated Gaussian sprite (separable, ±4σ window) whose width grows with defocus
 * (see {@link Objective#blurredSigmaUm}). Total flux is conserved: a sprite's pixels sum to its electrons (minus
 * what falls outside the frame).
 *
 * <p>Not thread-safe: one instance per rendering thread; reuses its buffers (no allocation per frame once the
 * widest sprite has been seen).
 */
public final class ImageFormation implements BlobSink {
    private float[] electrons;
    private int width;
    private int height;
    private double originXUm;
    private double originYUm;
    private double pixelUm;
    private double zOffsetUm;
    private double electronsPerPhotonMs;
    private Objective objective;
    private double[] wx = new double[64];
    private double[] wy = new double[64];

    /**
     * Starts a frame: fills {@code buffer[0 .. width·height)} with {@code backgroundE} electrons.
     *
     * @param originXUm sample x of the left edge of pixel column 0
     * @param pixelUm sample size of one (binned) pixel
     * @param zOffsetUm stage Z minus the focal plane of this objective (an object at height h is {@code zOffset − h}
     *     out of focus)
     * @param electronsPerPhotonMs electrons per unit of a blob's photons/ms: exposure × illumination × QE × bleaching
     */
    public void begin(float[] buffer, int width, int height, double originXUm, double originYUm, double pixelUm,
            double zOffsetUm, double electronsPerPhotonMs, double backgroundE, Objective objective) {
        if (buffer.length < width * height) {
            throw new IllegalArgumentException("Buffer of " + buffer.length + " cannot hold " + width + "x" + height);
        }
        this.electrons = buffer;
        this.width = width;
        this.height = height;
        this.originXUm = originXUm;
        this.originYUm = originYUm;
        this.pixelUm = pixelUm;
        this.zOffsetUm = zOffsetUm;
        this.electronsPerPhotonMs = electronsPerPhotonMs;
        this.objective = objective;
        Arrays.fill(buffer, 0, width * height, (float) backgroundE);
    }

    @Override
    public void blob(double xUm, double yUm, double zUm, double sigmaUm, double photonsPerMs) {
        double total = photonsPerMs * electronsPerPhotonMs;
        if (!(total > 1e-3)) {
            return;
        }
        double sigma = objective.blurredSigmaUm(sigmaUm, zOffsetUm - zUm) / pixelUm;
        double cx = (xUm - originXUm) / pixelUm;
        double cy = (yUm - originYUm) / pixelUm;
        double reach = 4 * sigma + 1;
        int x0 = Math.max(0, (int) Math.floor(cx - reach));
        int x1 = Math.min(width, (int) Math.ceil(cx + reach));
        int y0 = Math.max(0, (int) Math.floor(cy - reach));
        int y1 = Math.min(height, (int) Math.ceil(cy + reach));
        if (x0 >= x1 || y0 >= y1) {
            return;
        }
        if (wx.length < x1 - x0) {
            wx = new double[Math.max(x1 - x0, 2 * wx.length)];
        }
        if (wy.length < y1 - y0) {
            wy = new double[Math.max(y1 - y0, 2 * wy.length)];
        }
        weights(cx, sigma, x0, x1, wx);
        weights(cy, sigma, y0, y1, wy);
        float[] e = electrons;
        int n = x1 - x0;
        for (int y = y0; y < y1; y++) {
            double row = total * wy[y - y0];
            if (row < 1e-4) {
                continue;
            }
            int base = y * width + x0;
            for (int i = 0; i < n; i++) {
                e[base + i] += (float) (row * wx[i]);
            }
        }
    }

    /** Fraction of a unit Gaussian (centre c, σ) falling on each pixel [i, i+1) for i in [from, to). */
    private static void weights(double c, double sigma, int from, int to, double[] out) {
        double scale = 1.0 / (sigma * Math.sqrt(2.0));
        double prev = erf((from - c) * scale);
        for (int i = from; i < to; i++) {
            double next = erf((i + 1 - c) * scale);
            out[i - from] = 0.5 * (next - prev);
            prev = next;
        }
    }

    /** Error function, Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7). */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax > 6) {
            return Math.signum(x);
        }
        double t = 1.0 / (1.0 + 0.3275911 * ax);
        double y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
                + 0.254829592) * t * Math.exp(-ax * ax);
        return x >= 0 ? y : -y;
    }
}
