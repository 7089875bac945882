package org.reflexscope.core.analysis;

import java.util.Locale;

/**
 * The camera's noise model as the default chain uses it: gain (counts per photo-electron), offset (counts of a dark
 * pixel) and read noise (rms electrons), with where each came from. An immutable value.
 *
 * <p>The offset is either {@linkplain #given given} (from the camera's metadata or the user) or {@linkplain
 * #estimatedOffset estimated} from each analysed frame as {@link #OFFSET_PERCENTILE the low percentile} of its binned
 * pixels (see {@link #estimateOffset}): the dark level plus whatever background the whole field shares, so a frame's
 * background is near zero photons whether the camera is an 8-bit one at 0 or a scientific CMOS at 100 or 500. A
 * wrong given offset above the background turns the dim half of the image into zeros; an estimate cannot.
 */
public final class CameraModel {
    /** Percentile (0–100) of the binned frame taken as its offset when the offset is estimated. */
    public static final double OFFSET_PERCENTILE = 1;
    private static final int BINS = 4096;

    /** Where a value came from. */
    public enum Source {
        /** Stated by the camera's metadata or by the user. */
        GIVEN,
        /** Estimated from the analysed frames. */
        ESTIMATED
    }

    private final double gain;
    private final double offset;
    private final double readNoise;
    private final Source offsetSource;

    private CameraModel(double gain, double offset, double readNoise, Source offsetSource) {
        if (!(gain > 0) || !(readNoise >= 0) || !Double.isFinite(readNoise)) {
            throw new IllegalArgumentException("Camera gain must be > 0 and read noise >= 0, got gain " + gain
                    + ", read noise " + readNoise);
        }
        this.gain = gain;
        this.offset = offset;
        this.readNoise = readNoise;
        this.offsetSource = offsetSource;
    }

    /**
     * A camera whose gain, offset and read noise are all known.
     *
     * @throws IllegalArgumentException if gain is not &gt; 0, read noise &lt; 0 or the offset is not finite
     */
    public static CameraModel given(double gain, double offset, double readNoise) {
        if (!Double.isFinite(offset)) {
            throw new IllegalArgumentException("Camera offset must be a finite number of counts, got " + offset);
        }
        return new CameraModel(gain, offset, readNoise, Source.GIVEN);
    }

    /** A camera of known gain and read noise whose offset is estimated from each frame ({@link #estimateOffset}). */
    public static CameraModel estimatedOffset(double gain, double readNoise) {
        return new CameraModel(gain, Double.NaN, readNoise, Source.ESTIMATED);
    }

    /** The default: gain 1, no read noise, offset estimated from each frame. */
    public static CameraModel defaults() {
        return estimatedOffset(1, 0);
    }

    public double gain() {
        return gain;
    }

    /** Offset in counts; {@code NaN} while it is estimated and no frame was seen ({@link #withOffset}). */
    public double offset() {
        return offset;
    }

    public double readNoise() {
        return readNoise;
    }

    public Source offsetSource() {
        return offsetSource;
    }

    /** This model with {@code value} as the offset measured on a frame (the source is unchanged). */
    public CameraModel withOffset(double value) {
        return new CameraModel(gain, value, readNoise, offsetSource);
    }

    /**
     * The {@link #OFFSET_PERCENTILE}-th percentile of {@code pixels[0..n)} (camera counts), from a {@code 4096}-bin
     * histogram between the minimum and the maximum (error ≤ range/4096). Allocation-free.
     *
     * @param hist scratch of at least 4096 ints, overwritten
     * @throws IllegalArgumentException if {@code n} is not positive or a value is NaN
     */
    public static double estimateOffset(float[] pixels, int n, int[] hist) {
        if (n <= 0 || hist.length < BINS) {
            throw new IllegalArgumentException("Offset estimate needs pixels and a scratch of " + BINS + " ints");
        }
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float v = pixels[i];
            if (v != v) {
                throw new IllegalArgumentException("Pixel " + i + " is NaN: a camera frame holds numbers");
            }
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (!(hi > lo)) {
            return lo;
        }
        java.util.Arrays.fill(hist, 0, BINS, 0);
        double scale = (BINS - 1) / (double) (hi - lo);
        for (int i = 0; i < n; i++) {
            hist[(int) ((pixels[i] - lo) * scale)]++;
        }
        long target = (long) Math.floor(OFFSET_PERCENTILE / 100.0 * (n - 1));
        long cum = 0;
        for (int b = 0; b < BINS; b++) {
            cum += hist[b];
            if (cum > target) {
                return lo + b / scale;
            }
        }
        return hi;
    }

    @Override
    public String toString() {
        String off = offsetSource == Source.GIVEN ? String.format(Locale.ROOT, "offset %.1f", offset)
                : "offset estimated per frame (" + OFFSET_PERCENTILE + "th percentile)"
                + (Double.isNaN(offset) ? "" : String.format(Locale.ROOT, ", last %.1f", offset));
        return String.format(Locale.ROOT, "camera{gain %.3g counts/e-, %s, read noise %.2g e-}", gain, off, readNoise);
    }
}
