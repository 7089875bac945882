package org.reflexscope.bench.pipeline;

import java.util.SplittableRandom;

/** Shared frame content and per-frame work of the hand-off benchmarks, so both sides do exactly the same. */
final class Patterns {
    private Patterns() {
    }

    /** A seeded noise frame of {@code size²} 16-bit pixels. */
    static short[] pattern(int size) {
        SplittableRandom r = new SplittableRandom(2048);
        short[] p = new short[size * size];
        for (int i = 0; i < p.length; i++) {
            p[i] = (short) r.nextInt(4096);
        }
        return p;
    }

    /**
     * The recorder's work: reads one pixel of every 64-byte cache line, so the whole frame passes through the
     * consumer's cache without making the benchmark measure arithmetic instead of the hand-off.
     */
    static long touch(short[] p, int n) {
        long s = 0;
        for (int i = 0; i < n; i += 32) {
            s += p[i];
        }
        return s;
    }

    /** The analyzer's work: the mean of every 16th pixel (a cheap stand-in for a binned model input). */
    static double sparseMean(short[] p, int n) {
        long s = 0;
        int c = 0;
        for (int i = 0; i < n; i += 16) {
            s += p[i] & 0xFFFF;
            c++;
        }
        return s / (double) c;
    }
}
