package org.reflexscope.core.analysis;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Locale;
import org.reflexscope.core.detect.Candidates;
import org.reflexscope.core.inference.ModelCatalog;
import org.reflexscope.core.inference.ModelRunException;
import org.reflexscope.core.inference.TensorModel;

/**
 * The default chain's denoise + detect step on the fused model ({@link ModelCatalog#denoiseDetector()}): maps the
 * binned image from camera counts to Poisson-equivalent units {@code x} and takes the root of the Anscombe transform,
 * {@code sqrt(max(x,0) + 3/8)}, in the same pass, writes it reflect-padded into the model's input, runs the model
 * once, turns its variance-stabilised output into the denoised image in camera units (exact unbiased inverse, the
 * same closed form as the standalone denoiser) and copies the half-resolution NMS response and scale index.
 *
 * <p>Buffers grow to the largest image seen and are reused (no per-frame allocation). One thread (the analyzer's);
 * owns the model and closes it.
 */
final class DenoiseDetectStep implements AutoCloseable {
    /** Smallest analysis image edge: the widest half-resolution Gaussian reflect-pads by 5 half-pixels. */
    static final int MIN_EDGE = 12;
    private static final float INVERSE_FLOOR = 0.8f;
    private static final float C1 = (float) (Math.sqrt(1.5) / 4);
    private static final float C3 = (float) (5 * Math.sqrt(1.5) / 8);

    private static final int PAD = ModelCatalog.denoiseDetectorInputPadding();

    private final TensorModel model;
    private final PixelNoise pixelNoise = new PixelNoise();
    private double noiseSigma = Double.NaN;
    private double structure = Double.NaN;
    private double gain;
    private double readNoise;
    private double offset;
    private float inScale;
    private float outScale;
    private float inOffset;
    private float outOffset;
    private float[] work = new float[0];
    private float[] denoised = new float[0];
    private float[] nms = new float[0];
    private float[] scale = new float[0];
    private int width;
    private int lastHeight;
    private int gridWidth;
    private int gridHeight;

    /**
     * @param model the loaded fused model (owned from now on)
     * @param gain camera counts per photo-electron, &gt; 0
     * @param offset camera offset in counts
     * @param readNoise read noise in rms electrons
     */
    DenoiseDetectStep(TensorModel model, double gain, double offset, double readNoise) {
        this.model = model;
        setNoise(gain, readNoise);
        setOffset(offset);
    }

    /** The camera offset (counts) for the next {@link #run}s, e.g. one estimated from the frame about to be run. */
    void setOffset(double offset) {
        this.offset = offset;
        double rn2 = readNoise * readNoise;
        this.inOffset = (float) (-offset / gain + rn2);
        this.outOffset = (float) (offset - rn2 * gain);
    }

    /**
     * The camera gain (counts per photo-electron, &gt; 0) and read noise (rms electrons) for the next {@link #run}s,
     * e.g. ones estimated from the first frames; the offset is kept.
     */
    void setNoise(double gainValue, double readNoiseValue) {
        this.gain = gainValue;
        this.readNoise = readNoiseValue;
        this.inScale = (float) (1 / gainValue);
        this.outScale = (float) gainValue;
        setOffset(offset);
    }

    TensorModel model() {
        return model;
    }

    /**
     * Runs the model on the {@code w × h} image {@code raw} (camera units, not modified).
     *
     * @throws ModelRunException if the model fails, returns unexpected shapes or NaN/Inf
     */
    void run(float[] raw, int w, int h) throws ModelRunException {
        if (w < MIN_EDGE || h < MIN_EDGE) {
            throw new ModelRunException("The default denoiser + detector needs an analysis image of at least "
                    + MIN_EDGE + "x" + MIN_EDGE + " pixels (its half-resolution Gaussians reflect-pad by 5), got "
                    + w + "x" + h + ": use a larger ROI or less binning.");
        }
        int n = w * h;
        if (work.length < n) {
            work = new float[n];
            denoised = new float[n];
        }
        float a = inScale;
        float b = inOffset;
        for (int i = 0; i < n; i++) {
            // (float) Math.sqrt of a float is a single-precision square root that C2 vectorises
            work[i] = (float) Math.sqrt(Math.max(raw[i] * a + b, 0f) + 0.375f);
        }
        // the model's VST image is 2r: its noise is twice that of r
        noiseSigma = 2 * pixelNoise.sigma(work, w, h);
        structure = noiseSigma > 0 ? 2 * standardDeviation(work, n) / noiseSigma : Double.NaN;
        putReflectPadded(work, w, h, model.input(w + 2 * PAD, h + 2 * PAD));
        model.run();
        if (w != width || h != lastHeight) {
            // output shapes only change with the input size: no per-frame shape arrays
            long[] grid = model.outputShape(1);
            if (grid.length != 4 || grid[2] != h / 2 || grid[3] != w / 2) {
                throw new ModelRunException("Model '" + model.name() + "' returned a response grid of shape "
                        + Arrays.toString(grid) + " for a " + w + "x" + h + " image: it is not the fused "
                        + "default denoiser + detector");
            }
            width = w;
            lastHeight = h;
            gridHeight = (int) grid[2];
            gridWidth = (int) grid[3];
        }
        if (model.output(0).remaining() != n || model.output(1).remaining() != gridWidth * gridHeight
                || model.output(2).remaining() != gridWidth * gridHeight) {
            throw new ModelRunException("Model '" + model.name() + "' returned outputs of unexpected sizes for a "
                    + w + "x" + h + " image: it is not the fused default denoiser + detector");
        }
        int m = gridWidth * gridHeight;
        if (nms.length < m) {
            nms = new float[m];
            scale = new float[m];
        }
        model.output(0).get(denoised, 0, n);
        model.output(1).get(nms, 0, m);
        model.output(2).get(scale, 0, m);
        inverse(n);
    }

    /**
     * Writes the {@code w × h} image {@code a} into {@code in} reflect-padded by {@link #PAD} on every side
     * ({@code a[-i] = a[i]}, as ONNX Pad's reflect mode): row by row, each a bulk copy between its border pixels.
     * Needs {@code w, h > PAD}.
     */
    private static void putReflectPadded(float[] a, int w, int h, FloatBuffer in) {
        for (int py = 0; py < h + 2 * PAD; py++) {
            int y = py - PAD;
            int row = (y < 0 ? -y : y >= h ? 2 * (h - 1) - y : y) * w;
            for (int x = PAD; x > 0; x--) {
                in.put(a[row + x]);
            }
            in.put(a, row, w);
            for (int x = w - 2; x >= w - 1 - PAD; x--) {
                in.put(a[row + x]);
            }
        }
    }

    /**
     * Exact unbiased inverse of the VST, back to camera units, in place; rejects NaN/Inf in what it writes. The check
     * sums the written values (not the model's): a finite VST value can still overflow on the way back (its square,
     * or the gain), and only the written values say so. A sum that overflows from finite values alone sends the
     * check to the per-pixel scan, which finds nothing and passes. Two loops: the inverse without a reduction
     * (C2 vectorises it), then the sum in eight independent partial sums (one float sum chain in the inverse loop
     * cost 0.26 vs 0.19 ms per 512², interleaved micro A/B).
     */
    private void inverse(int n) throws ModelRunException {
        float[] d = denoised;
        float os = outScale;
        float oo = outOffset;
        for (int i = 0; i < n; i++) {
            float y = Math.max(d[i], INVERSE_FLOOR);
            float u = 1 / y;
            float half = y * 0.5f;
            float p = ((u * C3 - 1.375f) * u + C1) * u;
            float v = Math.max(half * half - 0.125f + p, 0f);
            d[i] = v * os + oo;
        }
        if (!Float.isFinite(sum(d, n))) {
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(d[i]) || Float.isNaN(model.output(0).get(i))) {
                    throw new ModelRunException(String.format(Locale.ROOT, "Model '%s' produced NaN/Inf at index %d "
                            + "of a %dx%d image. Check the model's numerics and the camera noise settings.",
                            model.name(), i, width, n / width));
                }
            }
        }
    }

    /** Sum of {@code d[0..n)} in eight partial sums: NaN or infinite if any value is (or if the sum overflows). */
    private static float sum(float[] d, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            s0 += d[i];
            s1 += d[i + 1];
            s2 += d[i + 2];
            s3 += d[i + 3];
            s4 += d[i + 4];
            s5 += d[i + 5];
            s6 += d[i + 6];
            s7 += d[i + 7];
        }
        for (; i < n; i++) {
            s0 += d[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /**
     * Moves each candidate from the centre of its 2×2 half-resolution block to the brightest denoised pixel of the
     * 4×4 full-resolution neighbourhood around it (the inverse VST is monotonic, so this is the maximum of the
     * smoothed image): a full-resolution seed for the centroid.
     */
    void refineSeeds(Candidates c) {
        int h = lastHeight;
        for (int k = 0; k < c.size(); k++) {
            int cx = (int) Math.floor(c.x(k));
            int cy = (int) Math.floor(c.y(k));
            int bx = cx;
            int by = cy;
            float best = Float.NEGATIVE_INFINITY;
            for (int y = Math.max(0, cy - 1); y <= Math.min(h - 1, cy + 2); y++) {
                for (int x = Math.max(0, cx - 1); x <= Math.min(width - 1, cx + 2); x++) {
                    float v = denoised[y * width + x];
                    if (v > best) {
                        best = v;
                        bx = x;
                        by = y;
                    }
                }
            }
            c.setPosition(k, bx, by);
        }
    }

    /**
     * The pixel noise σ of the last run's variance-stabilised image ({@link PixelNoise}, measured on the model's
     * input before smoothing): about 1 per analysed pixel when the camera model is right (0.5 at binning 2: the
     * binner averages), whatever the field holds.
     */
    double noiseSigma() {
        return noiseSigma;
    }

    /**
     * The last run's variance-stabilised image's standard deviation over its pixel noise ({@link #noiseSigma()}):
     * about 1 for a frame of noise alone (nothing in it to detect or to focus on), more with anything in it;
     * {@code NaN} if the noise could not be measured.
     */
    double structure() {
        return structure;
    }

    private static double standardDeviation(float[] a, int n) {
        double sum = 0;
        double sum2 = 0;
        for (int i = 0; i < n; i++) {
            double v = a[i];
            sum += v;
            sum2 += v * v;
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(sum2 / n - mean * mean, 0));
    }

    /** The denoised image (camera units) of the last run; valid until the next run. */
    float[] denoised() {
        return denoised;
    }

    /** The NMS response of the last run on the half-resolution grid (VST units at local maxima, 0 elsewhere). */
    float[] nms() {
        return nms;
    }

    /** Scale index per half-resolution pixel of the last run. */
    float[] scale() {
        return scale;
    }

    /** Width of the half-resolution grid of {@link #nms()}. */
    int gridWidth() {
        return gridWidth;
    }

    /** Height of the half-resolution grid of {@link #nms()}. */
    int gridHeight() {
        return gridHeight;
    }

    @Override
    public void close() {
        model.close();
    }
}
