package org.reflexscope.core.analysis;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The camera's noise model as the default chain uses it: gain (counts per photo-electron), offset (counts of a dark
 * pixel) and read noise (rms electrons), each with where it came from ({@link Source}) and a one-line detail. An
 * immutable value.
 *
 * <p>The offset is either stated (by the user or the camera's metadata) or {@linkplain #isOffsetPerFrame estimated}
 * from each analysed frame as {@link #OFFSET_PERCENTILE the low percentile} of its binned pixels (see {@link
 * #estimateOffset}): the dark level plus whatever background the whole field shares, so a frame's background is near
 * zero photons whether the camera is an 8-bit one at 0 or a scientific CMOS at 100 or 500. A wrong given offset above
 * the background turns the dim half of the image into zeros; an estimate cannot.
 *
 * <p>Gain and read noise are either stated, {@linkplain #isGainToEstimate to be estimated} from the first analysed
 * frames ({@link NoiseLevelFunction}; the chain then holds the estimate), or the defaults (gain 1, read noise 0).
 * Until an estimate is made, a value to estimate holds the default and {@link Source#ESTIMATED}'s detail says it is
 * pending.
 */
public final class CameraModel {
    /** Percentile (0–100) of the binned frame taken as its offset when the offset is estimated. */
    public static final double OFFSET_PERCENTILE = 1;
    /** Gain used while none is stated or estimated: one count per photo-electron. */
    public static final double DEFAULT_GAIN = 1;
    /** Read noise used while none is stated or estimated. */
    public static final double DEFAULT_READ_NOISE = 0;
    private static final int BINS = 4096;

    /** Where a value came from. */
    public enum Source {
        /** Stated by the user (an option, a setting, a test). */
        USER,
        /** Read from the camera's metadata (a Micro-Manager device property whose meaning is unambiguous). */
        CAMERA_METADATA,
        /** Estimated from the analysed frames. */
        ESTIMATED,
        /** Neither stated nor estimated: the default. */
        DEFAULT;

        /** The name as run folders write it: {@code user}, {@code camera-metadata}, {@code estimated}, {@code default}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One value of the model with its provenance.
     */
    public static final class Value {
        private final double value;
        private final Source source;
        private final String detail;

        Value(double value, Source source, String detail) {
            this.value = value;
            this.source = Objects.requireNonNull(source, "source");
            this.detail = detail == null ? "" : detail;
        }

        /** The value; {@code NaN} for an offset estimated per frame before the first frame. */
        public double value() {
            return value;
        }

        public Source source() {
            return source;
        }

        /** How it was obtained (a property name, a sample count), or empty. */
        public String detail() {
            return detail;
        }

        Map<String, Object> asMap(String unit) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("value", Double.isFinite(value) ? value : null);
            m.put("unit", unit);
            m.put("source", source.label());
            if (!detail.isEmpty()) {
                m.put("detail", detail);
            }
            return m;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.4g (%s%s)", value, source.label(), detail.isEmpty() ? "" : ": "
                    + detail);
        }
    }

    private final Value gain;
    private final Value offset;
    private final Value readNoise;
    private final boolean offsetPerFrame;
    private final boolean gainToEstimate;
    private final boolean readNoiseToEstimate;

    private CameraModel(Value gain, Value offset, Value readNoise, boolean offsetPerFrame, boolean gainToEstimate,
            boolean readNoiseToEstimate) {
        if (!(gain.value > 0) || Double.isInfinite(gain.value) || !(readNoise.value >= 0)
                || !Double.isFinite(readNoise.value)) {
            throw new IllegalArgumentException("Camera gain must be > 0 and read noise >= 0, got gain " + gain.value
                    + ", read noise " + readNoise.value);
        }
        if (!offsetPerFrame && !Double.isFinite(offset.value)) {
            throw new IllegalArgumentException("Camera offset must be a finite number of counts, got "
                    + offset.value);
        }
        this.gain = gain;
        this.offset = offset;
        this.readNoise = readNoise;
        this.offsetPerFrame = offsetPerFrame;
        this.gainToEstimate = gainToEstimate;
        this.readNoiseToEstimate = readNoiseToEstimate;
    }

    /**
     * A camera whose gain, offset and read noise are all stated by the user.
     *
     * @throws IllegalArgumentException if gain is not &gt; 0, read noise &lt; 0 or the offset is not finite
     */
    public static CameraModel given(double gain, double offset, double readNoise) {
        return defaults().withGain(gain, Source.USER, "").withOffset(offset, Source.USER, "")
                .withReadNoise(readNoise, Source.USER, "");
    }

    /** A camera of stated gain and read noise whose offset is estimated from each frame ({@link #estimateOffset}). */
    public static CameraModel estimatedOffset(double gain, double readNoise) {
        return defaults().withGain(gain, Source.USER, "").withReadNoise(readNoise, Source.USER, "");
    }

    /** Gain 1 and no read noise ({@link Source#DEFAULT}), offset estimated from each frame. */
    public static CameraModel defaults() {
        return new CameraModel(new Value(DEFAULT_GAIN, Source.DEFAULT, ""), perFrameOffset(Double.NaN),
                new Value(DEFAULT_READ_NOISE, Source.DEFAULT, ""), true, false, false);
    }

    /** Everything measured: gain and read noise estimated from the first frames, offset from each frame. */
    public static CameraModel measured() {
        return defaults().withGainEstimated().withReadNoiseEstimated();
    }

    private static Value perFrameOffset(double last) {
        return new Value(last, Source.ESTIMATED, "each frame's percentile " + fmt(OFFSET_PERCENTILE));
    }

    /** The gain in counts per photo-electron. */
    public double gain() {
        return gain.value;
    }

    /** Offset in counts; {@code NaN} while it is estimated per frame and no frame was seen. */
    public double offset() {
        return offset.value;
    }

    /** Read noise in rms electrons. */
    public double readNoise() {
        return readNoise.value;
    }

    public Value gainValue() {
        return gain;
    }

    public Value offsetValue() {
        return offset;
    }

    public Value readNoiseValue() {
        return readNoise;
    }

    public Source offsetSource() {
        return offset.source;
    }

    /** Whether the offset is estimated from each frame rather than stated. */
    public boolean isOffsetPerFrame() {
        return offsetPerFrame;
    }

    /** Whether the gain is to be estimated from the frames (and has not been yet). */
    public boolean isGainToEstimate() {
        return gainToEstimate;
    }

    /** Whether the read noise is to be estimated from the frames (and has not been yet). */
    public boolean isReadNoiseToEstimate() {
        return readNoiseToEstimate;
    }

    /** Whether anything is left to estimate from the frames besides the per-frame offset. */
    public boolean needsEstimate() {
        return gainToEstimate || readNoiseToEstimate;
    }

    /** This model with {@code value} as the offset measured on a frame (still estimated per frame). */
    public CameraModel withOffset(double value) {
        if (!offsetPerFrame) {
            return this;
        }
        return new CameraModel(gain, perFrameOffset(value), readNoise, true, gainToEstimate, readNoiseToEstimate);
    }

    /** This model with a stated offset in counts. */
    public CameraModel withOffset(double value, Source source, String detail) {
        return new CameraModel(gain, new Value(value, source, detail), readNoise, false, gainToEstimate,
                readNoiseToEstimate);
    }

    /** This model with the offset estimated from each frame. */
    public CameraModel withOffsetPerFrame() {
        return new CameraModel(gain, perFrameOffset(Double.NaN), readNoise, true, gainToEstimate,
                readNoiseToEstimate);
    }

    /** This model with a gain in counts per photo-electron. */
    public CameraModel withGain(double value, Source source, String detail) {
        return new CameraModel(new Value(value, source, detail), offset, readNoise, offsetPerFrame, false,
                readNoiseToEstimate);
    }

    /** This model with a read noise in rms electrons. */
    public CameraModel withReadNoise(double value, Source source, String detail) {
        return new CameraModel(gain, offset, new Value(value, source, detail), offsetPerFrame, gainToEstimate,
                false);
    }

    /** This model with the gain to be estimated from the first frames (the default until then). */
    public CameraModel withGainEstimated() {
        return new CameraModel(new Value(DEFAULT_GAIN, Source.ESTIMATED, "pending: no frame analysed yet"), offset,
                readNoise, offsetPerFrame, true, readNoiseToEstimate);
    }

    /** This model with the read noise to be estimated from the first frames (the default until then). */
    public CameraModel withReadNoiseEstimated() {
        return new CameraModel(gain, offset, new Value(DEFAULT_READ_NOISE, Source.ESTIMATED,
                "pending: no frame analysed yet"), offsetPerFrame, gainToEstimate, true);
    }

    /**
     * The camera section of a run folder: {@code gain}, {@code offset}, {@code readNoise}, each a map of
     * {@code value}, {@code unit}, {@code source} ({@link Source#label()}) and {@code detail}.
     */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gain", gain.asMap("counts/e-"));
        m.put("offset", offset.asMap("counts"));
        m.put("readNoise", readNoise.asMap("e- rms"));
        return m;
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

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public String toString() {
        String off = offsetPerFrame ? "offset estimated per frame (percentile " + fmt(OFFSET_PERCENTILE) + ")"
                + (Double.isNaN(offset.value) ? "" : String.format(Locale.ROOT, ", last %.1f", offset.value))
                : String.format(Locale.ROOT, "offset %.1f (%s)", offset.value, offset.source.label());
        return String.format(Locale.ROOT, "camera{gain %.3g counts/e- (%s), %s, read noise %.2g e- (%s)}",
                gain.value, gain.source.label(), off, readNoise.value, readNoise.source.label());
    }
}
