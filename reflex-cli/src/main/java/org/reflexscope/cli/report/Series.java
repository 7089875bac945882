package org.reflexscope.cli.report;

import java.util.Arrays;
import java.util.Objects;

/** A named sequence of (x, y) points for one plotted line: an immutable value (arrays are copied). */
public final class Series {
    private final String name;
    private final double[] xs;
    private final double[] ys;

    private Series(String name, double[] xs, double[] ys) {
        this.name = Objects.requireNonNull(name, "name");
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("Series '" + name + "' has " + xs.length + " x values and " + ys.length
                    + " y values; they must pair up");
        }
        this.xs = xs.clone();
        this.ys = ys.clone();
    }

    /** A series of the first {@code n} points of {@code xs}/{@code ys}. */
    public static Series of(String name, double[] xs, double[] ys, int n) {
        return new Series(name, Arrays.copyOf(xs, n), Arrays.copyOf(ys, n));
    }

    /** A series of all points of {@code xs}/{@code ys} (same length). */
    public static Series of(String name, double[] xs, double[] ys) {
        return new Series(name, xs, ys);
    }

    public String name() {
        return name;
    }

    public int size() {
        return xs.length;
    }

    public double x(int i) {
        return xs[i];
    }

    public double y(int i) {
        return ys[i];
    }

    /** Whether at least one point has a finite y value. */
    public boolean hasData() {
        for (double y : ys) {
            if (Double.isFinite(y)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "Series{" + name + ", " + xs.length + " points}";
    }
}
