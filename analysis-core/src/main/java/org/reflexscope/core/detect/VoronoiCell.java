package org.reflexscope.core.detect;

import java.util.Arrays;

/**
 * The part of one point's Voronoi cell among a few other points that lies within a radius of it, read row by row: a
 * pixel belongs to it if it is within the radius and not strictly nearer to one of the other points
 * ({@link #contains}). That region is convex, so on each pixel row it is one run of pixels; {@link #span} finds the
 * run from the circle and the bisectors in O(points) per row instead of testing every pixel against every point, and
 * settles its two ends with {@link #contains} itself, so it selects the same pixels as the per-pixel test.
 *
 * <p>Mutable scratch, reused across calls (grows to the most points seen); one thread.
 */
final class VoronoiCell {
    private double[] xs = new double[8];
    private double[] ys = new double[8];
    // Each other point's bisector on row y: the cell's pixels have x >= t (side > 0) or x <= t (side < 0) with
    // t = t0 + t1·y; side 0 (a point straight above or below): the row is outside when t0 + t1·y > 0.
    private double[] t0 = new double[8];
    private double[] t1 = new double[8];
    private byte[] side = new byte[8];
    private int size;
    private double cx;
    private double cy;
    private double radius2;
    private int first;
    private int last;

    /** Starts the cell of {@code (cx, cy)} within {@code radius} of it, with no other points. */
    void reset(double cx, double cy, int radius) {
        this.cx = cx;
        this.cy = cy;
        this.radius2 = radius * radius;
        size = 0;
    }

    /** Adds another point whose nearer pixels leave the cell. */
    void add(double x, double y) {
        if (size == xs.length) {
            xs = Arrays.copyOf(xs, 2 * size);
            ys = Arrays.copyOf(ys, 2 * size);
            t0 = Arrays.copyOf(t0, 2 * size);
            t1 = Arrays.copyOf(t1, 2 * size);
            side = Arrays.copyOf(side, 2 * size);
        }
        xs[size] = x;
        ys[size] = y;
        // (u − x)² + (v − y)² < (u − cx)² + (v − cy)²  ⇔  a·u < k − 2v(cy − y), a = 2(cx − x), k = cx² + cy² − x² − y²
        double a = 2 * (cx - x);
        double k = cx * cx + cy * cy - x * x - y * y;
        double slope = -2 * (cy - y);
        if (a != 0 && !Double.isNaN(a)) {
            side[size] = (byte) (a > 0 ? 1 : -1);
            t0[size] = k / a;
            t1[size] = slope / a;
        } else {
            side[size] = 0; // NaN makes every comparison false: such a point excludes nothing, as in contains()
            t0[size] = k;
            t1[size] = slope;
        }
        size++;
    }

    /** How many other points the cell is bounded by. */
    int size() {
        return size;
    }

    /**
     * Whether pixel {@code (x, y)} is within the radius of the cell's point and not strictly nearer to one of the
     * other points.
     */
    boolean contains(int x, int y) {
        double dx = x - cx;
        double dy = y - cy;
        double d2 = dx * dx + dy * dy;
        if (!(d2 <= radius2)) {
            return false;
        }
        for (int k = 0; k < size; k++) {
            double ox = x - xs[k];
            double oy = y - ys[k];
            if (ox * ox + oy * oy < d2) {
                return false;
            }
        }
        return true;
    }

    /**
     * Finds the run of row {@code y}'s pixels in {@code [x0, x1]} that belong to the cell ({@link #first} to
     * {@link #last}); returns false when there are none.
     */
    boolean span(int y, int x0, int x1) {
        double dyc = y - cy;
        double chord2 = radius2 - dyc * dyc;
        if (!(chord2 >= 0)) {
            return false;
        }
        double chord = Math.sqrt(chord2);
        double lo = Math.max(x0, Math.ceil(cx - chord));
        double hi = Math.min(x1, Math.floor(cx + chord));
        for (int k = 0; k < size && lo <= hi; k++) {
            double t = t0[k] + t1[k] * y;
            if (side[k] > 0) {
                t = Math.ceil(t);
                lo = t > lo ? t : lo; // a NaN bound excludes nothing, as in contains()
            } else if (side[k] < 0) {
                t = Math.floor(t);
                hi = t < hi ? t : hi;
            } else if (t > 0) {
                return false;
            }
        }
        if (lo > hi) {
            return false;
        }
        int from = (int) lo;
        int to = (int) hi;
        // the circle's and bisectors' arithmetic may put an end one pixel off the per-pixel test's: settle both ends
        while (!contains(from, y)) {
            if (++from > to) {
                return false;
            }
        }
        while (from > x0 && contains(from - 1, y)) {
            from--;
        }
        while (!contains(to, y)) {
            to--;
        }
        while (to < x1 && contains(to + 1, y)) {
            to++;
        }
        first = from;
        last = to;
        return from <= to;
    }

    /** First pixel of the run {@link #span} found. */
    int first() {
        return first;
    }

    /** Last pixel of the run {@link #span} found. */
    int last() {
        return last;
    }
}
