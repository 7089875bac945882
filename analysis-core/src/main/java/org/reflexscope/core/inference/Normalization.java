package org.reflexscope.core.inference;

import java.util.Locale;
import java.util.Objects;

/**
 * One intensity transform applied to a model's input (or output) in place: an immutable value. Covers the chain's
 * normalisations (fixed range, min–max, percentile) and BioImage Model Zoo pre/post-processing
 * ({@code zero_mean_unit_variance}, {@code scale_range}, {@code scale_linear}, {@code clip}, {@code binarize},
 * {@code sigmoid}).
 *
 * <p>{@link #apply} is allocation-free and runs on the caller's thread. Percentiles come from a 4096-bin histogram
 * between the data's minimum and maximum (error ≤ range/4096), not from a sort.
 */
public final class Normalization {
    /** Histogram bins used for percentiles; the scratch array passed to {@link #apply} must be at least this long. */
    public static final int HISTOGRAM_BINS = 4096;

    /** The transform. */
    public enum Kind {
        /** Values pass unchanged. */
        NONE,
        /** {@code (v - a) / (b - a)}. */
        FIXED_RANGE,
        /** {@code (v - min) / (max - min)}. */
        MIN_MAX,
        /** {@code (v - P_a) / (P_b - P_a)} with percentiles {@code a < b} in [0, 100] (bioimage.io scale_range). */
        PERCENTILE,
        /** {@code (v - mean) / (std + a)}. */
        ZERO_MEAN_UNIT_VARIANCE,
        /** {@code a·v + b}. */
        SCALE_LINEAR,
        /** {@code min(max(v, a), b)}. */
        CLIP,
        /** {@code v > a ? 1 : 0}. */
        BINARIZE,
        /** {@code 1 / (1 + exp(-v))}. */
        SIGMOID
    }

    private final Kind kind;
    private final double a;
    private final double b;

    private Normalization(Kind kind, double a, double b) {
        this.kind = kind;
        this.a = a;
        this.b = b;
    }

    public static Normalization none() {
        return new Normalization(Kind.NONE, 0, 0);
    }

    /** Maps {@code [low, high]} to {@code [0, 1]}; e.g. {@code fixedRange(0, 4095)} for a 12-bit camera. */
    public static Normalization fixedRange(double low, double high) {
        if (!(high > low)) {
            throw new IllegalArgumentException("Fixed range needs low < high, got [" + low + ", " + high + "]");
        }
        return new Normalization(Kind.FIXED_RANGE, low, high);
    }

    public static Normalization minMax() {
        return new Normalization(Kind.MIN_MAX, 0, 0);
    }

    /** Maps the {@code low}-th..{@code high}-th percentiles (0–100) to {@code [0, 1]}. */
    public static Normalization percentile(double low, double high) {
        if (!(low >= 0 && high <= 100 && low < high)) {
            throw new IllegalArgumentException("Percentiles need 0 <= low < high <= 100, got " + low + ", " + high);
        }
        return new Normalization(Kind.PERCENTILE, low, high);
    }

    public static Normalization zeroMeanUnitVariance(double eps) {
        return new Normalization(Kind.ZERO_MEAN_UNIT_VARIANCE, eps, 0);
    }

    public static Normalization scaleLinear(double gain, double offset) {
        return new Normalization(Kind.SCALE_LINEAR, gain, offset);
    }

    public static Normalization clip(double min, double max) {
        if (!(max >= min)) {
            throw new IllegalArgumentException("Clip needs min <= max, got [" + min + ", " + max + "]");
        }
        return new Normalization(Kind.CLIP, min, max);
    }

    public static Normalization binarize(double threshold) {
        return new Normalization(Kind.BINARIZE, threshold, 0);
    }

    /** The logistic function, e.g. a model's logits to probabilities (bioimage.io {@code sigmoid}). */
    public static Normalization sigmoid() {
        return new Normalization(Kind.SIGMOID, 0, 0);
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Transforms {@code data[offset .. offset+n)} in place.
     *
     * @param scratch at least {@link #HISTOGRAM_BINS} ints (only used by {@link Kind#PERCENTILE}); overwritten
     */
    public void apply(float[] data, int offset, int n, int[] scratch) {
        int end = offset + n;
        switch (kind) {
            case NONE:
                return;
            case FIXED_RANGE:
                affine(data, offset, end, 1 / (b - a), -a / (b - a));
                return;
            case MIN_MAX: {
                float lo = Float.POSITIVE_INFINITY;
                float hi = Float.NEGATIVE_INFINITY;
                for (int i = offset; i < end; i++) {
                    lo = Math.min(lo, data[i]);
                    hi = Math.max(hi, data[i]);
                }
                double range = hi > lo ? hi - lo : 1;
                affine(data, offset, end, 1 / range, -lo / range);
                return;
            }
            case PERCENTILE: {
                double[] p = percentiles(data, offset, n, a, b, scratch);
                double range = p[1] > p[0] ? p[1] - p[0] : 1e-6;
                affine(data, offset, end, 1 / range, -p[0] / range);
                return;
            }
            case ZERO_MEAN_UNIT_VARIANCE: {
                double sum = 0;
                for (int i = offset; i < end; i++) {
                    sum += data[i];
                }
                double mean = sum / n;
                double ss = 0;
                for (int i = offset; i < end; i++) {
                    double d = data[i] - mean;
                    ss += d * d;
                }
                double std = Math.sqrt(ss / n);
                affine(data, offset, end, 1 / (std + a), -mean / (std + a));
                return;
            }
            case SCALE_LINEAR:
                affine(data, offset, end, a, b);
                return;
            case CLIP:
                for (int i = offset; i < end; i++) {
                    data[i] = (float) Math.min(Math.max(data[i], a), b);
                }
                return;
            case BINARIZE:
                for (int i = offset; i < end; i++) {
                    data[i] = data[i] > a ? 1f : 0f;
                }
                return;
            case SIGMOID:
                for (int i = offset; i < end; i++) {
                    data[i] = (float) (1 / (1 + Math.exp(-data[i])));
                }
                return;
            default:
                throw new IllegalStateException("Unhandled normalisation " + kind);
        }
    }

    private static void affine(float[] data, int from, int to, double scale, double shift) {
        float s = (float) scale;
        float t = (float) shift;
        for (int i = from; i < to; i++) {
            data[i] = data[i] * s + t;
        }
    }

    /** The {@code low}-th and {@code high}-th percentiles (0–100) of {@code data[offset..offset+n)}, by histogram. */
    static double[] percentiles(float[] data, int offset, int n, double low, double high, int[] hist) {
        if (hist.length < HISTOGRAM_BINS) {
            throw new IllegalArgumentException("Percentile scratch needs " + HISTOGRAM_BINS + " ints");
        }
        int end = offset + n;
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int i = offset; i < end; i++) {
            lo = Math.min(lo, data[i]);
            hi = Math.max(hi, data[i]);
        }
        if (!(hi > lo)) {
            return new double[] {lo, lo};
        }
        java.util.Arrays.fill(hist, 0, HISTOGRAM_BINS, 0);
        double scale = (HISTOGRAM_BINS - 1) / (double) (hi - lo);
        for (int i = offset; i < end; i++) {
            hist[(int) ((data[i] - lo) * scale)]++;
        }
        return new double[] {binValue(hist, n, low, lo, hi), binValue(hist, n, high, lo, hi)};
    }

    private static double binValue(int[] hist, int n, double pct, float lo, float hi) {
        double target = pct / 100.0 * (n - 1);
        long cum = 0;
        for (int bin = 0; bin < HISTOGRAM_BINS; bin++) {
            if (cum + hist[bin] > target) {
                double frac = hist[bin] == 0 ? 0 : (target - cum) / hist[bin];
                return lo + (bin + frac) * (hi - lo) / (HISTOGRAM_BINS - 1);
            }
            cum += hist[bin];
        }
        return hi;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Normalization)) {
            return false;
        }
        Normalization n = (Normalization) o;
        return kind == n.kind && Double.compare(a, n.a) == 0 && Double.compare(b, n.b) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, a, b);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s(%s, %s)", kind.name().toLowerCase(Locale.ROOT), a, b);
    }
}
