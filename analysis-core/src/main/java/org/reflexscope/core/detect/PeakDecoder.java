package org.reflexscope.core.detect;

/**
 * Decodes the default detector's outputs into candidates: every pixel whose non-maximum-suppressed response is
 * above the threshold, with the blob σ of its best scale. Allocation-free; one thread.
 */
public final class PeakDecoder {
    private final double[] blobSigmas;

    /** @param blobSigmas blob σ (analysis pixels) of each scale index of the detector */
    public PeakDecoder(double[] blobSigmas) {
        this.blobSigmas = blobSigmas.clone();
    }

    /**
     * Adds the peaks of {@code nms} above {@code threshold} to {@code out} (cleared first).
     *
     * @param scale per-pixel scale index (as float), same layout as {@code nms}
     * @throws IllegalStateException if a value is NaN/Inf (naming the pixel)
     */
    public void decode(float[] nms, float[] scale, int width, int height, double threshold, Candidates out) {
        out.clear();
        int n = width * height;
        for (int i = 0; i < n; i++) {
            float v = nms[i];
            if (v > threshold) {
                int s = Math.min(Math.max(Math.round(scale[i]), 0), blobSigmas.length - 1);
                out.add(i % width, i / width, v, blobSigmas[s]);
            } else if (v != v) {
                throw new IllegalStateException("Detector output is NaN at (" + (i % width) + ", " + (i / width)
                        + "): check the detector input for NaN/Inf");
            }
        }
    }
}
