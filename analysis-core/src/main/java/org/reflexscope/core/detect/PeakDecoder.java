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
    private int[] index = new int[0];
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
        decode(nms, scale, width, height, 1, threshold, noiseSigmas, out);
    }

    /**
     * As {@link #decode(float[], float[], int, int, double, double, Candidates)} for responses on a grid coarser than
     * the image by {@code step}: a peak at grid pixel {@code (x, y)} becomes a candidate at image pixel
     * {@code (x·step + (step − 1)/2, y·step + (step − 1)/2)}, the centre of its {@code step × step} block.
     */
    public void decode(float[] nms, float[] scale, int width, int height, int step, double threshold,
            double noiseSigmas, Candidates out) {
        out.clear();
        int m = collectPeaks(nms, width * height);
        double thr = threshold;
        if (noiseSigmas > 0) {
            thr = Math.max(threshold, noiseThreshold(m, noiseSigmas));
        }
        lastThreshold = thr;
        double centre = (step - 1) / 2.0;
        for (int k = 0; k < m; k++) {
            int i = index[k];
            float v = nms[i];
            if (v > thr) {
                int s = Math.min(Math.max(Math.round(scale[i]), 0), blobSigmas.length - 1);
                out.add((i % width) * step + centre, (i / width) * step + centre, v, blobSigmas[s]);
            }
        }
    }

    /** Collects the non-zero responses (local maxima) and their pixel indices; throws on NaN. */
    private int collectPeaks(float[] nms, int n) {
        if (values.length < n) {
            values = new float[n];
            index = new int[n];
        }
        int m = 0;
        for (int i = 0; i < n; i++) {
            float v = nms[i];
            if (v != 0) {
                if (v != v) {
                    throw new IllegalStateException("Detector output is NaN at index " + i
                            + ": check the detector input for NaN/Inf");
                }
                values[m] = v;
                index[m++] = i;
            }
        }
        return m;
    }

    /** The threshold used by the last {@link #decode} call. */
    public double lastThreshold() {
        return lastThreshold;
    }

    /** Median + k robust σ of {@code values[0..m)}; overwrites {@code values}. */
    private double noiseThreshold(int m, double k) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            lo = Math.min(lo, values[i]);
            hi = Math.max(hi, values[i]);
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
