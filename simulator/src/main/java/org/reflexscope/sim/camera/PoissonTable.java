package org.reflexscope.sim.camera;

/**
 * The cumulative distribution of a Poisson law of one mean, with a guide index so that inverting it takes one or two
 * comparisons on average (for most u, one table load). Immutable.
 */
final class PoissonTable {
    /** Resolution of the mean used to pick a table: 1/64 electron. */
    static final int STEPS_PER_E = 64;
    private static final int GUIDE = 4096;

    private final double[] cdf;
    /** Smallest k whose CDF exceeds g/GUIDE. */
    private final int[] guide = new int[GUIDE];
    /** The answer for every u in bucket g when the bucket holds one value of k, else −1. */
    private final short[] direct = new short[GUIDE];

    PoissonTable(double mean) {
        int max = (int) Math.ceil(mean + 12 * Math.sqrt(mean) + 20);
        double[] c = new double[max + 1];
        double p = Math.exp(-mean);
        double sum = p;
        c[0] = sum;
        for (int k = 1; k <= max; k++) {
            p *= mean / k;
            sum += p;
            c[k] = sum;
        }
        c[max] = 1.0;
        cdf = c;
        int k = 0;
        for (int g = 0; g < GUIDE; g++) {
            double u = g / (double) GUIDE;
            while (k < max && cdf[k] <= u) {
                k++;
            }
            guide[g] = k;
        }
        for (int g = 0; g < GUIDE; g++) {
            int lo = guide[g];
            double upper = (g + 1) / (double) GUIDE;
            direct[g] = (short) (lo == max || cdf[lo] >= upper ? lo : -1);
        }
    }

    /** The smallest k with {@code u <= cdf[k]}, for {@code u} uniform in [0, 1). */
    int sample(double u) {
        int g = (int) (u * GUIDE);
        int d = direct[g];
        if (d >= 0) {
            return d;
        }
        int k = guide[g];
        int last = cdf.length - 1;
        while (k < last && u > cdf[k]) {
            k++;
        }
        return k;
    }
}
