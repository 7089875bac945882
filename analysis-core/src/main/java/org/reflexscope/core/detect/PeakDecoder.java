package org.reflexscope.core.detect;

/**
 * Decodes the default detector's outputs into candidates: every local maximum whose response is above the
 * threshold, with the blob σ of its best scale. Allocation-free after the first frame of a size; one thread.
 *
 * <p><b>Noise-adaptive threshold.</b> Most local maxima of the response are noise. With {@code noiseSigmas > 0} the
 * effective threshold is {@code max(threshold, median + noiseSigmas · 1.4826 · MAD)} of all local-maximum
 * responses (median and MAD from 4096-bin histograms), so a dim or empty frame does not turn its noise into
 * detections, whatever the normalisation.
 */
public final class PeakDecoder {
    private static final int BINS = 4096;
    private final double[] blobSigmas;
    private final int[] hist = new int[BINS];
    private float[] values = new float[0];
    private double lastThreshold = Double.NaN;

    /** @param blobSigmas blob σ (analysis pixels) of each scale index of the detector */
    public PeakDecoder(double[] blobSigmas) {
        this.blobSigmas = blobSigmas.clone();
    }

    /**
     * Adds the peaks of {@code nms} above the (noise-adapted) threshold to {@code out} (cleared first).
     *
     * @param scale per-pixel scale index (as float), same layout as {@code nms}
     * @param noiseSigmas noise multiple for the adaptive threshold; 0 uses {@code threshold} alone
     * @throws IllegalStateException if a value is NaN (naming the pixel)
     */
    public void decode(float[] nms, float[] scale, int width, int height, double threshold, double noiseSigmas,
            Candidates out) {
        out.clear();
        int n = width * height;
        double thr = threshold;
        if (noiseSigmas > 0) {
            thr = Math.max(threshold, noiseThreshold(nms, n, noiseSigmas));
        }
        lastThreshold = thr;
        for (int i = 0; i < n; i++) {
            float v = nms[i];
            if (v > thr) {
                int s = Math.min(Math.max(Math.round(scale[i]), 0), blobSigmas.length - 1);
                out.add(i % width, i / width, v, blobSigmas[s]);
            } else if (v != v) {
                throw new IllegalStateException("Detector output is NaN at (" + (i % width) + ", " + (i / width)
                        + "): check the detector input for NaN/Inf");
            }
        }
    }

    /** The threshold used by the last {@link #decode} call. */
    public double lastThreshold() {
        return lastThreshold;
    }

    private double noiseThreshold(float[] nms, int n, double k) {
        if (values.length < n) {
            values = new float[n];
        }
        int m = 0;
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float v = nms[i];
            if (v != 0 && v == v) {
                values[m++] = v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (m < 16 || !(hi > lo)) {
            return Double.NEGATIVE_INFINITY;
        }
        double median = median(values, m, lo, hi);
        float dMax = 0;
        for (int i = 0; i < m; i++) {
            values[i] = (float) Math.abs(values[i] - median);
            dMax = Math.max(dMax, values[i]);
        }
        double mad = median(values, m, 0, dMax);
        return median + k * 1.4826 * mad;
    }

    private double median(float[] v, int m, float lo, float hi) {
        if (!(hi > lo)) {
            return lo;
        }
        java.util.Arrays.fill(hist, 0);
        double scale = (BINS - 1) / (double) (hi - lo);
        for (int i = 0; i < m; i++) {
            hist[(int) ((v[i] - lo) * scale)]++;
        }
        int target = m / 2;
        int cum = 0;
        for (int b = 0; b < BINS; b++) {
            if (cum + hist[b] > target) {
                double frac = (target - cum + 0.5) / hist[b];
                return lo + (b + frac) / scale;
            }
            cum += hist[b];
        }
        return hi;
    }
}
