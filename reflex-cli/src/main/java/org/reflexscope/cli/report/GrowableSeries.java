package org.reflexscope.cli.report;

import java.util.Arrays;

/**
 * Appends (x, y) points into primitive arrays that double when full: amortised allocation-free, for timelines
 * collected while a run goes on.
 *
 * <p><b>Threads.</b> Not thread-safe: one thread appends; read with {@link #snapshot(String)} after that thread is
 * done (or under the owner's lock).
 */
public final class GrowableSeries {
    private double[] xs;
    private double[] ys;
    private int size;

    /** An empty series with room for {@code initialCapacity} points before it grows. */
    public GrowableSeries(int initialCapacity) {
        int c = Math.max(16, initialCapacity);
        xs = new double[c];
        ys = new double[c];
    }

    /** Appends one point. */
    public void add(double x, double y) {
        if (size == xs.length) {
            xs = Arrays.copyOf(xs, size * 2);
            ys = Arrays.copyOf(ys, size * 2);
        }
        xs[size] = x;
        ys[size] = y;
        size++;
    }

    public int size() {
        return size;
    }

    /** An immutable copy of the points so far. */
    public Series snapshot(String name) {
        return Series.of(name, xs, ys, size);
    }
}
