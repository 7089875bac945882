package org.reflexscope.core.detect;

/**
 * Decodes a probability map or a label mask into candidates by 8-connected components: one candidate per
 * component (probability map: pixels above the threshold; label mask: pixels sharing one non-zero label), with
 * its centroid, area, the maximum map value as score, elongation from the region's second moments, and σ from its
 * area. Buffers grow to the largest image seen and are reused; one thread.
 *
 * <p><b>Touching objects</b> ({@link #ComponentDecoder(int, boolean) split}): a probability map draws two nuclei
 * that touch as one component. With splitting on, each component is split at the maxima of its distance to the
 * background (chamfer 3-4): a maximum becomes a seed unless it lies within a deeper seed's depth, or the straight
 * path to a deeper seed of its component never narrows below {@value #NECK_FRACTION} of its own depth (the ridge of
 * one elongated object is not several objects; two touching discs narrow to a neck); each pixel goes to the nearest
 * seed of its component.
 */
public final class ComponentDecoder {
    private int[] labels = new int[0];
    private int[] stack = new int[0];
    private int[] depth = new int[0];
    private int[] owner = new int[0];
    private int[] seeds = new int[0];
    private final int minArea;
    private final RegionSums region = new RegionSums();
    private final boolean split;
    /** A distance maximum is its own object when the neck towards a deeper one is below this fraction of its depth. */
    private static final double NECK_FRACTION = 0.7;

    /** @param minArea components smaller than this many pixels are dropped (noise) */
    public ComponentDecoder(int minArea) {
        this(minArea, false);
    }

    /**
     * @param minArea components (or split parts) smaller than this many pixels are dropped (noise)
     * @param split whether touching objects of a probability map are split (see the class comment)
     */
    public ComponentDecoder(int minArea, boolean split) {
        if (minArea < 1) {
            throw new IllegalArgumentException("Minimum component area must be >= 1, got " + minArea);
        }
        this.minArea = minArea;
        this.split = split;
    }

    /**
     * Decodes {@code map} into {@code out} (cleared first).
     *
     * @param labelMask {@code true}: pixels with equal non-zero rounded values form objects; {@code false}: pixels
     *     above {@code threshold} do
     * @param image image measured for intensity (same layout), in its own units
     */
    public void decode(float[] map, float[] image, int width, int height, boolean labelMask, double threshold,
            Candidates out) {
        out.clear();
        int n = width * height;
        if (labels.length < n) {
            labels = new int[n];
            stack = new int[n];
        }
        java.util.Arrays.fill(labels, 0, n, 0);
        int next = 0;
        for (int start = 0; start < n; start++) {
            if (labels[start] != 0 || !inside(map[start], labelMask, threshold)) {
                continue;
            }
            next++;
            float key = Math.round(map[start]);
            int top = 0;
            stack[top++] = start;
            labels[start] = next;
            region.reset();
            while (top > 0) {
                int p = stack[--top];
                int px = p % width;
                int py = p / width;
                region.add(px, py, map[p], image[p]);
                for (int dy = -1; dy <= 1; dy++) {
                    int qy = py + dy;
                    if (qy < 0 || qy >= height) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int qx = px + dx;
                        if (qx < 0 || qx >= width) {
                            continue;
                        }
                        int q = qy * width + qx;
                        if (labels[q] == 0 && inside(map[q], labelMask, threshold)
                                && (!labelMask || Math.round(map[q]) == key)) {
                            labels[q] = next;
                            stack[top++] = q;
                        }
                    }
                }
            }
            if (split && !labelMask) {
                continue;
            }
            region.addTo(out, minArea, labelMask ? 1.0 : region.best);
        }
        if (split && !labelMask) {
            splitAndMeasure(map, image, width, height, out);
        }
    }

    /**
     * Splits the components labelled in {@link #labels} (1..{@code components}) at their distance maxima and adds
     * one candidate per part.
     */
    private void splitAndMeasure(float[] map, float[] image, int width, int height, Candidates out) {
        int n = width * height;
        if (depth.length < n) {
            depth = new int[n];
            owner = new int[n];
            seeds = new int[n];
        }
        // chamfer 3-4 distance to the background (pixels outside the image do not count as background)
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                if (labels[p] == 0) {
                    depth[p] = 0;
                    continue;
                }
                int d = Integer.MAX_VALUE / 2;
                if (x > 0) {
                    d = Math.min(d, depth[p - 1] + 3);
                }
                if (y > 0) {
                    d = Math.min(d, depth[p - width] + 3);
                    if (x > 0) {
                        d = Math.min(d, depth[p - width - 1] + 4);
                    }
                    if (x < width - 1) {
                        d = Math.min(d, depth[p - width + 1] + 4);
                    }
                }
                depth[p] = d;
            }
        }
        for (int y = height - 1; y >= 0; y--) {
            for (int x = width - 1; x >= 0; x--) {
                int p = y * width + x;
                if (labels[p] == 0) {
                    continue;
                }
                int d = depth[p];
                if (x < width - 1) {
                    d = Math.min(d, depth[p + 1] + 3);
                }
                if (y < height - 1) {
                    d = Math.min(d, depth[p + width] + 3);
                    if (x < width - 1) {
                        d = Math.min(d, depth[p + width + 1] + 4);
                    }
                    if (x > 0) {
                        d = Math.min(d, depth[p + width - 1] + 4);
                    }
                }
                depth[p] = d;
            }
        }
        // local maxima of the depth, deepest first
        int m = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                if (labels[p] != 0 && isLocalMax(p, x, y, width, height)) {
                    seeds[m++] = p;
                }
            }
        }
        sortByDepth(m);
        int kept = 0;
        for (int k = 0; k < m; k++) {
            int s = seeds[k];
            boolean inside = false;
            for (int j = 0; j < kept && !inside; j++) {
                int a = seeds[j];
                if (labels[a] != labels[s]) {
                    continue;
                }
                double dx = a % width - s % width;
                double dy = a / width - s / width;
                double reach = depth[a] / 3.0;
                inside = dx * dx + dy * dy < reach * reach
                        || saddle(s, a, width) >= NECK_FRACTION * depth[s];
            }
            if (!inside) {
                seeds[kept++] = s;
            }
        }
        // each pixel to the nearest seed of its component
        java.util.Arrays.fill(owner, 0, n, -1);
        for (int p = 0; p < n; p++) {
            if (labels[p] == 0) {
                continue;
            }
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < kept; j++) {
                int a = seeds[j];
                if (labels[a] != labels[p]) {
                    continue;
                }
                double dx = a % width - p % width;
                double dy = a / width - p / width;
                double d2 = dx * dx + dy * dy;
                if (d2 < best) {
                    best = d2;
                    owner[p] = j;
                }
            }
        }
        for (int j = 0; j < kept; j++) {
            measurePart(j, map, image, width, n, out);
        }
    }

    /** The smallest depth on the straight line between pixels {@code s} and {@code a} (the neck between them). */
    private int saddle(int s, int a, int width) {
        int sx = s % width;
        int sy = s / width;
        int ax = a % width;
        int ay = a / width;
        int steps = Math.max(Math.abs(ax - sx), Math.abs(ay - sy));
        int min = Integer.MAX_VALUE;
        for (int k = 0; k <= steps; k++) {
            int x = (int) Math.round(sx + (ax - sx) * (double) k / Math.max(1, steps));
            int y = (int) Math.round(sy + (ay - sy) * (double) k / Math.max(1, steps));
            min = Math.min(min, depth[y * width + x]);
        }
        return min;
    }

    private void measurePart(int part, float[] map, float[] image, int width, int n, Candidates out) {
        region.reset();
        for (int p = 0; p < n; p++) {
            if (owner[p] == part) {
                region.add(p % width, p / width, map[p], image[p]);
            }
        }
        region.addTo(out, minArea, region.best);
    }

    /** The pixel sums of one region (reused: no allocation per region). */
    private static final class RegionSums {
        private double sx;
        private double sy;
        private double sxx;
        private double syy;
        private double sxy;
        private double sumI;
        private int count;
        double best;

        void reset() {
            sx = 0;
            sy = 0;
            sxx = 0;
            syy = 0;
            sxy = 0;
            sumI = 0;
            count = 0;
            best = Double.NEGATIVE_INFINITY;
        }

        void add(int px, int py, float mapValue, float imageValue) {
            count++;
            sx += px;
            sy += py;
            sxx += (double) px * px;
            syy += (double) py * py;
            sxy += (double) px * py;
            best = Math.max(best, mapValue);
            sumI += imageValue;
        }

        /** Adds the region to {@code out} with {@code score} if it has at least {@code minArea} pixels. */
        void addTo(Candidates out, int minArea, double score) {
            if (count < minArea) {
                return;
            }
            double cx = sx / count;
            double cy = sy / count;
            double vxx = sxx / count - cx * cx + 1.0 / 12;
            double vyy = syy / count - cy * cy + 1.0 / 12;
            double vxy = sxy / count - cx * cy;
            int i = out.add(cx, cy, score, Math.sqrt(count / Math.PI) / Math.sqrt(2));
            if (i >= 0) {
                out.setShape(i, cx, cy, Moments.elongation(vxx, vyy, vxy), sumI / count, sumI);
                out.setArea(i, count);
            }
        }
    }

    private boolean isLocalMax(int p, int x, int y, int width, int height) {
        int d = depth[p];
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int qx = x + dx;
                int qy = y + dy;
                if ((dx != 0 || dy != 0) && qx >= 0 && qy >= 0 && qx < width && qy < height
                        && depth[qy * width + qx] > d) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Sorts {@code seeds[0..m)} by descending depth (insertion sort on runs; maxima are few). */
    private void sortByDepth(int m) {
        for (int i = 1; i < m; i++) {
            int key = seeds[i];
            int j = i - 1;
            while (j >= 0 && depth[seeds[j]] < depth[key]) {
                seeds[j + 1] = seeds[j];
                j--;
            }
            seeds[j + 1] = key;
        }
    }

    private static boolean inside(float v, boolean labelMask, double threshold) {
        return labelMask ? Math.round(v) != 0 : v > threshold;
    }
}
