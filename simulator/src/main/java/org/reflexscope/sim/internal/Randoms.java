package org.reflexscope.sim.internal;

import java.util.SplittableRandom;

/** Seeded random helpers that behave the same on Java 11 and later (stateless functions). */
public final class Randoms {
    private Randoms() {
    }

    /** A standard normal deviate from {@code r} (Box–Muller; consumes two longs). */
    public static double gaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** A seed derived from {@code seed} and a stream label, so independent processes get independent streams. */
    public static long derive(long seed, long label) {
        long z = seed + 0x9E3779B97F4A7C15L * (label + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
