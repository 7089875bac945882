package org.reflexscope.core.record;

import java.util.Locale;

/**
 * How the images of a tiled NDTiff dataset (Micro-Manager's Explore and Magellan layout) fit together: neighbouring
 * images overlap by a fixed number of pixels, and the dataset keeps {@link #lowResolutionLevels()} downsampled
 * copies (2×, 4×, …) so that a viewer can show the whole mosaic at once. Immutable.
 */
public final class Tiling {
    /** The most lower resolutions NDTiffStorage builds (its level 10 is a 1024× downsample). */
    public static final int MAX_LOW_RESOLUTION_LEVELS = 10;

    private final int overlapXPx;
    private final int overlapYPx;
    private final int lowResolutionLevels;

    /**
     * @param overlapXPx pixels that horizontally neighbouring images share, from 0 to less than the image width
     * @param overlapYPx pixels that vertically neighbouring images share
     * @param lowResolutionLevels downsampled levels to write, from 0 to {@link #MAX_LOW_RESOLUTION_LEVELS}
     * @throws IllegalArgumentException if a value is out of range, naming it
     */
    public Tiling(int overlapXPx, int overlapYPx, int lowResolutionLevels) {
        if (overlapXPx < 0 || overlapYPx < 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "A tile overlap must be >= 0 pixels, got"
                    + " %d x %d", overlapXPx, overlapYPx));
        }
        if (lowResolutionLevels < 0 || lowResolutionLevels > MAX_LOW_RESOLUTION_LEVELS) {
            throw new IllegalArgumentException("Lower resolution levels must be 0 to " + MAX_LOW_RESOLUTION_LEVELS
                    + ", got " + lowResolutionLevels);
        }
        this.overlapXPx = overlapXPx;
        this.overlapYPx = overlapYPx;
        this.lowResolutionLevels = lowResolutionLevels;
    }

    /**
     * The tiling of a {@code rows} × {@code columns} grid: as many lower resolutions as it takes for the whole grid
     * to fit in one tile (a 7 × 7 grid gets 3: 8× fits 8 tiles a side).
     */
    public static Tiling ofGrid(int rows, int columns, int overlapXPx, int overlapYPx) {
        if (rows < 1 || columns < 1) {
            throw new IllegalArgumentException("A tile grid needs at least one row and column, got " + rows + " x "
                    + columns);
        }
        int side = Math.max(rows, columns);
        int levels = 0;
        while ((1 << levels) < side && levels < MAX_LOW_RESOLUTION_LEVELS) {
            levels++;
        }
        return new Tiling(overlapXPx, overlapYPx, levels);
    }

    public int overlapXPx() {
        return overlapXPx;
    }

    public int overlapYPx() {
        return overlapYPx;
    }

    /** Downsampled levels written besides the full resolution. */
    public int lowResolutionLevels() {
        return lowResolutionLevels;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Tiling{overlap %d x %d px, %d lower resolutions}", overlapXPx, overlapYPx,
                lowResolutionLevels);
    }
}
