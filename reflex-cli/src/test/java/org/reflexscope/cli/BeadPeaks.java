package org.reflexscope.cli;

import java.util.ArrayList;
import java.util.List;
import org.reflexscope.core.frame.Frame;

/**
 * Bright point-like objects of a picture of beads, found without Reflex's detector (test support): local maxima
 * above a threshold, each placed at the intensity-weighted centroid of the pixels around it.
 */
final class BeadPeaks {
    /** Half-width of the neighbourhood a peak must be the maximum of, and of its centroid window (px). */
    private static final int R = 3;
    /** A peak at least this far above the picture's median (camera units). */
    private static final double ABOVE_MEDIAN = 20;

    private BeadPeaks() {
    }

    /** The peaks of {@code f} as {x px, y px, height above the median}, leaving out those within R of the edge. */
    static List<double[]> find(Frame f) {
        int w = f.width();
        int h = f.height();
        float[] v = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                v[y * w + x] = f.valueAt(x, y);
            }
        }
        float[] sorted = v.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        List<double[]> out = new ArrayList<>();
        for (int y = R; y < h - R; y++) {
            for (int x = R; x < w - R; x++) {
                float c = v[y * w + x];
                if (c - median < ABOVE_MEDIAN || !isMaximum(v, w, x, y)) {
                    continue;
                }
                double sx = 0;
                double sy = 0;
                double s = 0;
                for (int dy = -R; dy <= R; dy++) {
                    for (int dx = -R; dx <= R; dx++) {
                        double a = Math.max(0, v[(y + dy) * w + x + dx] - median);
                        sx += a * (x + dx);
                        sy += a * (y + dy);
                        s += a;
                    }
                }
                out.add(new double[] {sx / s, sy / s, c - median});
            }
        }
        return out;
    }

    /** Strictly above the pixels before it in reading order and at least as high as those after (one per plateau). */
    private static boolean isMaximum(float[] v, int w, int x, int y) {
        float c = v[y * w + x];
        for (int dy = -R; dy <= R; dy++) {
            for (int dx = -R; dx <= R; dx++) {
                float o = v[(y + dy) * w + x + dx];
                boolean before = dy < 0 || (dy == 0 && dx < 0);
                if (o > c || (before && o == c)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Points (x, y first) grouped so that each point lies within {@code radius} of another of its group. */
    static List<List<double[]>> cluster(List<double[]> points, double radius) {
        List<List<double[]>> groups = new ArrayList<>();
        for (double[] p : points) {
            List<double[]> home = null;
            for (java.util.Iterator<List<double[]>> it = groups.iterator(); it.hasNext();) {
                List<double[]> g = it.next();
                if (g.stream().anyMatch(q -> distance(p, q) <= radius)) {
                    if (home == null) {
                        home = g;
                        g.add(p);
                    } else {
                        home.addAll(g);
                        it.remove();
                    }
                }
            }
            if (home == null) {
                List<double[]> g = new ArrayList<>();
                g.add(p);
                groups.add(g);
            }
        }
        return groups;
    }

    static double[] mean(List<double[]> group) {
        return new double[] {group.stream().mapToDouble(p -> p[0]).average().orElse(Double.NaN),
            group.stream().mapToDouble(p -> p[1]).average().orElse(Double.NaN)};
    }

    static double distance(double[] a, double[] b) {
        return Math.hypot(a[0] - b[0], a[1] - b[1]);
    }
}
