package org.reflexscope.core.events;

import java.util.Arrays;
import java.util.List;

/**
 * Uniform grid over the previous frame's objects with finite positions (compressed: per-cell ranges of one
 * index array, indices ascending within a cell), so that association looks only at objects near a detection
 * instead of at all of them (~400 × 400 distance checks a frame at 2048² binned ×4). Arrays grow to the most
 * objects seen and are reused; one thread.
 */
final class TrackGrid {
    private static final double DEFAULT_CELL = 8;
    FollowedObject[] tracks = new FollowedObject[0];
    int[] items = new int[0];
    int[] cellStart = new int[2];
    private int[] cellOf = new int[0];
    int columns = 1;
    private int rows = 1;
    private double minX;
    private double minY;
    private double cell = DEFAULT_CELL;

    /** Indexes {@code list}; cells about twice the mean gate wide (at most ~4 cells per object). */
    void build(List<FollowedObject> list, double gateFraction) {
        int n = list.size();
        if (tracks.length < n) {
            tracks = new FollowedObject[n];
            items = new int[n];
            cellOf = new int[n];
        }
        double x0 = Double.POSITIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        double sizeSum = 0;
        int finite = 0;
        for (int i = 0; i < n; i++) {
            FollowedObject t = list.get(i);
            tracks[i] = t;
            if (Double.isFinite(t.x) && Double.isFinite(t.y)) {
                x0 = Math.min(x0, t.x);
                y0 = Math.min(y0, t.y);
                x1 = Math.max(x1, t.x);
                y1 = Math.max(y1, t.y);
                if (Double.isFinite(t.size)) {
                    sizeSum += t.size;
                    finite++;
                }
            }
        }
        if (x0 > x1) {
            x0 = 0;
            y0 = 0;
            x1 = 0;
            y1 = 0;
        }
        double c = finite > 0 ? 2 * gateFraction * sizeSum / finite : DEFAULT_CELL;
        if (!(c >= 1)) {
            c = 1;
        } else if (c > Double.MAX_VALUE) {
            c = Double.MAX_VALUE;
        }
        double maxCells = 4.0 * n + 64;
        while ((Math.floor((x1 - x0) / c) + 1) * (Math.floor((y1 - y0) / c) + 1) > maxCells) {
            c *= 2;
        }
        cell = c;
        minX = x0;
        minY = y0;
        columns = (int) Math.floor((x1 - x0) / c) + 1;
        rows = (int) Math.floor((y1 - y0) / c) + 1;
        int cells = columns * rows;
        if (cellStart.length < cells + 1) {
            cellStart = new int[cells + 1];
        }
        Arrays.fill(cellStart, 0, cells + 1, 0);
        for (int i = 0; i < n; i++) {
            FollowedObject t = tracks[i];
            cellOf[i] = Double.isFinite(t.x) && Double.isFinite(t.y) ? row(t.y) * columns + column(t.x) : -1;
            if (cellOf[i] >= 0) {
                cellStart[cellOf[i] + 1]++;
            }
        }
        for (int k = 0; k < cells; k++) {
            cellStart[k + 1] += cellStart[k];
        }
        // fill in ascending index order, using cellStart as a cursor, then shift it back
        for (int i = 0; i < n; i++) {
            if (cellOf[i] >= 0) {
                items[cellStart[cellOf[i]]++] = i;
            }
        }
        for (int k = cells; k > 0; k--) {
            cellStart[k] = cellStart[k - 1];
        }
        cellStart[0] = 0;
    }

    /** Grid column of {@code x}, clamped to the grid (NaN: column 0). */
    int column(double x) {
        return clamp((x - minX) / cell, columns);
    }

    /** Grid row of {@code y}, clamped to the grid (NaN: row 0). */
    int row(double y) {
        return clamp((y - minY) / cell, rows);
    }

    private static int clamp(double v, int count) {
        if (!(v > 0)) {
            return 0;
        }
        return v >= count - 1 ? count - 1 : (int) v;
    }
}
