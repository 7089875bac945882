package org.reflexscope.policy.survey;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The height of a sample's focal surface over the stage: the least-squares plane {@code z = a + b·x + c·y} through
 * focus measured at a few points, predicting the focus Z of every other field. A plane is what a slide or a plate
 * a little off level needs; a sample that bends more needs more points than a plane can honour (the residuals say
 * so). Immutable.
 */
public final class FocusMap {
    private final double a;
    private final double b;
    private final double c;
    private final List<double[]> points;
    private final double maxResidualUm;

    private FocusMap(double a, double b, double c, List<double[]> points) {
        this.a = a;
        this.b = b;
        this.c = c;
        this.points = points;
        double worst = 0;
        for (double[] p : points) {
            worst = Math.max(worst, Math.abs(p[2] - zAt(p[0], p[1])));
        }
        this.maxResidualUm = worst;
    }

    /**
     * Fits the plane through measured focus points.
     *
     * @param xyzUm points {@code {x, y, z}}: stage position (µm) and the Z found in focus there
     * @throws IllegalArgumentException if there are fewer than 3 finite points or they lie on one line (a plane
     *     through them is not determined)
     */
    public static FocusMap fit(List<double[]> xyzUm) {
        Objects.requireNonNull(xyzUm, "points");
        if (xyzUm.size() < 3) {
            throw new IllegalArgumentException("A focus map needs at least 3 measured points, got " + xyzUm.size());
        }
        List<double[]> copy = new ArrayList<>(xyzUm.size());
        double mx = 0;
        double my = 0;
        double mz = 0;
        for (double[] p : xyzUm) {
            if (p == null || p.length != 3 || !Double.isFinite(p[0] + p[1] + p[2])) {
                throw new IllegalArgumentException("Focus point " + copy.size() + " must be a finite {x, y, z} in µm");
            }
            copy.add(p.clone());
            mx += p[0];
            my += p[1];
            mz += p[2];
        }
        int n = copy.size();
        mx /= n;
        my /= n;
        mz /= n;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        double sxz = 0;
        double syz = 0;
        for (double[] p : copy) {
            double dx = p[0] - mx;
            double dy = p[1] - my;
            double dz = p[2] - mz;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
            sxz += dx * dz;
            syz += dy * dz;
        }
        double det = sxx * syy - sxy * sxy;
        if (!(det > 1e-9 * Math.max(1, sxx * syy))) {
            throw new IllegalArgumentException("The focus points lie on one line; measure at least 3 points that "
                    + "span an area");
        }
        double b = (sxz * syy - syz * sxy) / det;
        double c = (syz * sxx - sxz * sxy) / det;
        return new FocusMap(mz - b * mx - c * my, b, c, Collections.unmodifiableList(copy));
    }

    /** The predicted focus Z (µm) at stage {@code (x, y)}. */
    public double zAt(double xUm, double yUm) {
        return a + b * xUm + c * yUm;
    }

    /** The measured points {@code {x, y, z}} the map was fitted to. */
    public List<double[]> points() {
        return points;
    }

    /** The largest distance (µm) in Z between a measured point and the plane. */
    public double maxResidualUm() {
        return maxResidualUm;
    }

    /** The plane's slopes, µm of Z per mm along x and y. */
    public double[] slopesUmPerMm() {
        return new double[] {b * 1000, c * 1000};
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "FocusMap{%d points, z = %.2f + %.3f·x + %.3f·y µm/mm, worst residual "
                + "%.2f µm}", points.size(), a, b * 1000, c * 1000, maxResidualUm);
    }
}
