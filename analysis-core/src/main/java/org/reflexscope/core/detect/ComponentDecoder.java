package org.reflexscope.core.detect;

/**
 * Decodes a probability map or a label mask into candidates by 8-connected components: one candidate per
 * component (probability map: pixels above the threshold; label mask: pixels sharing one non-zero label), with
 * its centroid, area, the maximum map value as score, elongation from the region's second moments, and σ from its
 * area. Buffers grow to the largest image seen and are reused; one thread.
 */
public final class ComponentDecoder {
    private int[] labels = new int[0];
    private int[] stack = new int[0];
    private final int minArea;

    /** @param minArea components smaller than this many pixels are dropped (noise) */
    public ComponentDecoder(int minArea) {
        if (minArea < 1) {
            throw new IllegalArgumentException("Minimum component area must be >= 1, got " + minArea);
        }
        this.minArea = minArea;
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
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double syy = 0;
            double sxy = 0;
            double best = Double.NEGATIVE_INFINITY;
            double sumI = 0;
            int count = 0;
            while (top > 0) {
                int p = stack[--top];
                int px = p % width;
                int py = p / width;
                count++;
                sx += px;
                sy += py;
                sxx += (double) px * px;
                syy += (double) py * py;
                sxy += (double) px * py;
                best = Math.max(best, map[p]);
                sumI += image[p];
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
            if (count < minArea) {
                continue;
            }
            double cx = sx / count;
            double cy = sy / count;
            double vxx = sxx / count - cx * cx + 1.0 / 12;
            double vyy = syy / count - cy * cy + 1.0 / 12;
            double vxy = sxy / count - cx * cy;
            int i = out.add(cx, cy, labelMask ? 1.0 : best, Math.sqrt(count / Math.PI) / Math.sqrt(2));
            if (i >= 0) {
                out.setShape(i, cx, cy, Moments.elongation(vxx, vyy, vxy), sumI / count, sumI);
                out.setArea(i, count);
            }
        }
    }

    private static boolean inside(float v, boolean labelMask, double threshold) {
        return labelMask ? Math.round(v) != 0 : v > threshold;
    }
}
