package org.reflexscope.sim.camera;

import java.util.SplittableRandom;
import org.reflexscope.sim.internal.Randoms;

/**
 * Turns expected photo-electrons into digital numbers with shot noise, read noise, gain, offset, bit depth and
 * saturation: {@code ADU = clamp(round(offset + gain·(Poisson(e) + N(0, read²))), 0, 2^bits − 1)}.
 *
 * <p><b>Approximations, for speed.</b> Above 20 electrons the Poisson draw is replaced by its Gaussian
 * approximation, merged with the read noise into one normal deviate of variance {@code e + read²}; below 20 it is a
 * Poisson draw by inverting its exact CDF, with the mean quantised to 1/64 electron (precomputed tables with a guide
 * index: a few comparisons per pixel). Normal deviates come from a seeded table of 65,536 values standardised to
 * mean 0 and variance 1, indexed by a xorshift64* generator seeded per frame, so a frame depends only on the seed
 * and its frame key (deterministic whatever the thread timing).
 *
 * <p>Not thread-safe: one instance per rendering thread (the table may be shared via {@link #copy()}).
 */
public final class CameraNoise {
    private static final int TABLE_BITS = 16;
    private static final double GAUSSIAN_ABOVE_E = 20.0;

    private final float[] normals;
    private final double readNoiseE;
    private final double readVariance;
    private final double gain;
    private final double offset;
    private final int maxValue;
    private final long seed;
    /** Draws of the full model for the last background value (see {@link #backgroundTable(float)}). */
    private int[] backgroundTable;
    private float backgroundTableE;
    /** Poisson tables per quantised mean below {@link #GAUSSIAN_ABOVE_E}, built on first use. */
    private final PoissonTable[] tables = new PoissonTable[(int) (GAUSSIAN_ABOVE_E * PoissonTable.STEPS_PER_E) + 2];

    /**
     * @param readNoiseE read noise, electrons RMS
     * @param gainAduPerE ADU per electron
     * @param offsetAdu bias added to every pixel
     * @param bitDepth 8..16: values saturate at {@code 2^bitDepth − 1}
     */
    public CameraNoise(double readNoiseE, double gainAduPerE, double offsetAdu, int bitDepth, long seed) {
        if (bitDepth < 1 || bitDepth > 16) {
            throw new IllegalArgumentException("Bit depth must be 1..16, got " + bitDepth);
        }
        this.readNoiseE = readNoiseE;
        this.readVariance = readNoiseE * readNoiseE;
        this.gain = gainAduPerE;
        this.offset = offsetAdu;
        this.maxValue = (1 << bitDepth) - 1;
        this.seed = seed;
        this.normals = table(Randoms.derive(seed, 505));
    }

    private CameraNoise(CameraNoise o) {
        this.normals = o.normals;
        this.readNoiseE = o.readNoiseE;
        this.readVariance = o.readVariance;
        this.gain = o.gain;
        this.offset = o.offset;
        this.maxValue = o.maxValue;
        this.seed = o.seed;
    }

    /** An independent instance sharing the (immutable) normal table, for another rendering thread. */
    public CameraNoise copy() {
        return new CameraNoise(this);
    }

    private static float[] table(long seed) {
        int n = 1 << TABLE_BITS;
        double[] v = new double[n];
        SplittableRandom r = new SplittableRandom(seed);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            v[i] = Randoms.gaussian(r);
            sum += v[i];
        }
        double mean = sum / n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            v[i] -= mean;
            ss += v[i] * v[i];
        }
        double scale = 1.0 / Math.sqrt(ss / n);
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            t[i] = (float) (v[i] * scale);
        }
        return t;
    }

    /** Largest value a pixel can take ({@code 2^bitDepth − 1}). */
    public int maxValue() {
        return maxValue;
    }

    /**
     * Digitises {@code n} pixels of expected electrons into unsigned 16-bit values; frame {@code frameKey}.
     * Pixels exactly equal to {@code backgroundE} (untouched by any object) are drawn from the background table.
     */
    public void digitize(float[] meanE, int n, float backgroundE, long frameKey, short[] out) {
        int[] bg = backgroundTable(backgroundE);
        long s = Randoms.derive(seed, frameKey) | 1L;
        long pool = 0;
        int left = 0;
        for (int i = 0; i < n; i++) {
            float e = meanE[i];
            if (e == backgroundE) {
                if (left == 0) {
                    s ^= s >>> 12;
                    s ^= s << 25;
                    s ^= s >>> 27;
                    pool = s * 0x2545F4914F6CDD1DL;
                    left = 4;
                }
                out[i] = (short) bg[(int) (pool >>> (64 - TABLE_BITS))];
                pool <<= TABLE_BITS;
                left--;
            } else {
                s ^= s >>> 12;
                s ^= s << 25;
                s ^= s >>> 27;
                out[i] = (short) adu(e, s * 0x2545F4914F6CDD1DL);
            }
        }
    }

    /** As {@link #digitize(float[], int, float, long, short[])}, into unsigned 8-bit values. */
    public void digitize(float[] meanE, int n, float backgroundE, long frameKey, byte[] out) {
        int[] bg = backgroundTable(backgroundE);
        long s = Randoms.derive(seed, frameKey) | 1L;
        long pool = 0;
        int left = 0;
        for (int i = 0; i < n; i++) {
            float e = meanE[i];
            if (e == backgroundE) {
                if (left == 0) {
                    s ^= s >>> 12;
                    s ^= s << 25;
                    s ^= s >>> 27;
                    pool = s * 0x2545F4914F6CDD1DL;
                    left = 4;
                }
                out[i] = (byte) bg[(int) (pool >>> (64 - TABLE_BITS))];
                pool <<= TABLE_BITS;
                left--;
            } else {
                s ^= s >>> 12;
                s ^= s << 25;
                s ^= s >>> 27;
                out[i] = (byte) adu(e, s * 0x2545F4914F6CDD1DL);
            }
        }
    }

    /**
     * 65,536 digital values drawn from the full model for a background pixel of {@code backgroundE} electrons
     * (seeded by the seed and the value, rebuilt only when the background changes): a background pixel then costs
     * one table load.
     */
    private int[] backgroundTable(float backgroundE) {
        if (backgroundTable != null && Float.compare(backgroundE, backgroundTableE) == 0) {
            return backgroundTable;
        }
        int[] t = new int[1 << TABLE_BITS];
        SplittableRandom r = new SplittableRandom(Randoms.derive(seed, 0x6B6700000000L + Float.floatToIntBits(
                backgroundE)));
        for (int i = 0; i < t.length; i++) {
            t[i] = adu(backgroundE, r.nextLong());
        }
        backgroundTable = t;
        backgroundTableE = backgroundE;
        return t;
    }

    private int adu(double e, long bits) {
        double electrons;
        if (e >= GAUSSIAN_ABOVE_E) {
            electrons = e + Math.sqrt(e + readVariance) * normals[(int) (bits >>> (64 - TABLE_BITS))];
        } else {
            electrons = poisson(e, (bits >>> 16) * 0x1.0p-48)
                    + readNoiseE * normals[(int) (bits & ((1 << TABLE_BITS) - 1))];
        }
        double v = offset + gain * electrons + 0.5;
        return v < 0 ? 0 : (v >= maxValue ? maxValue : (int) v);
    }

    /** Poisson draw for a small mean (quantised to 1/64 e) by table lookup, from one uniform {@code u}. */
    private int poisson(double mean, double u) {
        if (mean <= 0) {
            return 0;
        }
        int q = (int) (mean * PoissonTable.STEPS_PER_E + 0.5);
        PoissonTable t = tables[q];
        if (t == null) {
            t = new PoissonTable(q / (double) PoissonTable.STEPS_PER_E);
            tables[q] = t;
        }
        return t.sample(u);
    }
}
