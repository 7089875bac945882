package org.reflexscope.core.detect;

/**
 * Measures peak candidates on an image: background as the mean of the window's border, then (with weights
 * {@code max(v − background, 0)}) the refined centroid within {@code max(2, 1.5σ)} (two passes, the second
 * re-centred on the first), the elongation from second moments about it within {@code max(3, 3σ)}, and the mean
 * background-subtracted intensity within {@code max(1, 1.5σ)}. The position reported is the centroid again, within
 * {@link #POSITION_REACH} σ over the pixels nearer to this candidate than to any other or any other object's peak:
 * the whole of an object larger than the detector's scales, not its brightest part.
 *
 * <p>The second moments count only the pixels nearer to this candidate than to any other (its Voronoi cell among
 * the candidates and the peaks of objects the detector missed in this frame, see {@link #collectPeaks}): without
 * that, a round cell 2–3 radii from a neighbour takes in the neighbour's edge and looks elongated towards it, which
 * is what a dividing cell looks like.
 *
 * <p>Optionally ({@link #BlobMeasurer(boolean)}) also the flux: the sum of {@code v − background} over the
 * pixels of the second moments, against the median of the window's border (a neighbour lighting part of the border
 * raises its mean, and that error would count once per pixel of the object). A cell that stretches keeps its flux
 * while its mean intensity falls. The flux of a candidate whose window the image's edge cuts is NaN: part of its
 * light lies outside.
 *
 * <p>Allocation-free after the first frames (a scratch list of nearby candidates grows to the most seen); one
 * instance per analysis thread.
 */
public final class BlobMeasurer {
    /** Edge of a cell of the seed grid in image pixels (the nearest-candidate reach is at least 8). */
    private static final int CELL = 8;
    /**
     * Reach, in detector scales (σ), of the centroid reported as the position: far enough to take in the whole of an
     * object larger than the detector's largest scale (an unevenly lit nucleus pulls the 1.5σ centroid towards its
     * bright side), with only the pixels nearer to this candidate than to any other candidate or other object's
     * peak counted, so a touching neighbour's light stays out. Compared with 1.5, 2 and 3 on the labelled real
     * images (docs/real-images.md). The shape keeps the 1.5σ centroid: the closed loop's division scores were
     * tuned on it.
     */
    static final double POSITION_REACH = 2.5;
    /** Peaks of other objects count from this many detector scales (σ) from the centroid ({@link #collectPeaks}). */
    private static final double PEAK_DISTANCE = 2.0;
    /** Shapes at least this elongated are measured again without the light of other objects' peaks. */
    private static final double PEAK_CHECK_ELONGATION = 1.15;
    /** ... and from this fraction of the candidate's own height above the background. */
    private static final double PEAK_LEVEL = 0.2;
    /** The current candidate's Voronoi cell among its near candidates and other objects' peaks; reused. */
    private final VoronoiCell voronoi = new VoronoiCell();
    // Uniform grid of the seeds (compressed: per-cell ranges of one index array), grown and reused.
    private int[] cellStart = new int[2];
    private int[] cellItems = new int[0];
    private int[] cellOf = new int[0];
    private int columns;
    private int rows;
    /** Largest distance (per axis) a measured candidate has moved from its seed in this frame. */
    private double moved;
    /** Sum of {@code v − background} over the pixels of the last {@link #elongation} call: the object's light. */
    private double flux;
    /** Number of pixels summed into {@link #flux}. */
    private int fluxPixels;
    /** Scratch for the window border's pixels ({@link #borderMedian}); grown and reused. */
    private float[] border = new float[64];

    private final boolean measureFlux;
    /** The last {@link #positionCentroid}: x, y. */
    private final double[] position = new double[2];

    /** A measurer of shapes and mean intensities, without fluxes (they stay NaN). */
    public BlobMeasurer() {
        this(false);
    }

    /**
     * A measurer that also measures each candidate's flux when {@code flux} is true (about 1 µs more per candidate:
     * a median of the window's border).
     */
    public BlobMeasurer(boolean flux) {
        this.measureFlux = flux;
    }

    /** Measures each candidate of {@code c} on the {@code width × height} image in place. */
    public void measure(float[] img, int width, int height, Candidates c) {
        indexSeeds(c, width, height);
        moved = 0;
        for (int i = 0; i < c.size(); i++) {
            double sx = c.x(i);
            double sy = c.y(i);
            measureOne(img, width, height, c, i);
            moved = Math.max(moved, Math.max(Math.abs(c.x(i) - sx), Math.abs(c.y(i) - sy)));
        }
    }

    /** Buckets the candidates' seeds into {@code CELL}-pixel cells of the image (positions clamped to it). */
    private void indexSeeds(Candidates c, int width, int height) {
        int n = c.size();
        columns = Math.max(1, (width + CELL - 1) / CELL);
        rows = Math.max(1, (height + CELL - 1) / CELL);
        int cells = columns * rows;
        if (cellStart.length < cells + 1) {
            cellStart = new int[cells + 1];
        }
        if (cellItems.length < n) {
            cellItems = new int[c.capacity()];
            cellOf = new int[c.capacity()];
        }
        java.util.Arrays.fill(cellStart, 0, cells + 1, 0);
        for (int j = 0; j < n; j++) {
            cellOf[j] = cell(c.y(j), rows) * columns + cell(c.x(j), columns);
            cellStart[cellOf[j] + 1]++;
        }
        for (int k = 0; k < cells; k++) {
            cellStart[k + 1] += cellStart[k];
        }
        for (int j = 0; j < n; j++) {
            cellItems[cellStart[cellOf[j]]++] = j;
        }
        for (int k = cells; k > 0; k--) {
            cellStart[k] = cellStart[k - 1];
        }
        cellStart[0] = 0;
    }

    /** Cell index of coordinate {@code v}, clamped to {@code [0, count)} (NaN: 0). */
    private static int cell(double v, int count) {
        double q = v / CELL;
        if (!(q > 0)) {
            return 0;
        }
        return q >= count - 1 ? count - 1 : (int) q;
    }

    /**
     * Starts {@link #voronoi} as the cell of {@code (cx, cy)} within {@code r} of it, among the candidates other than
     * {@code i} whose current position (seed, or centroid once measured) lies within {@code reach} of it. Looks only
     * at the grid cells within {@code reach} plus the farthest any measured candidate has moved from its seed, so it
     * finds the same candidates as a scan of all of them.
     */
    private void collectNear(Candidates c, int i, double cx, double cy, int r, double reach) {
        voronoi.reset(cx, cy, r);
        double margin = reach + moved;
        int cx0 = cell(cx - margin, columns);
        int cx1 = cell(cx + margin, columns);
        int cy0 = cell(cy - margin, rows);
        int cy1 = cell(cy + margin, rows);
        for (int gy = cy0; gy <= cy1; gy++) {
            for (int gx = cx0; gx <= cx1; gx++) {
                int g = gy * columns + gx;
                for (int k = cellStart[g]; k < cellStart[g + 1]; k++) {
                    int j = cellItems[k];
                    double dx = c.x(j) - cx;
                    double dy = c.y(j) - cy;
                    if (j != i && dx * dx + dy * dy <= reach * reach) {
                        voronoi.add(c.x(j), c.y(j));
                    }
                }
            }
        }
    }

    private void measureOne(float[] img, int w, int h, Candidates c, int i) {
        double sigma = c.sigma(i);
        int r = (int) Math.ceil(Math.max(3, 3 * sigma));
        double rc = Math.max(2, 1.5 * sigma);
        double cx = c.x(i);
        double cy = c.y(i);
        int px = Integer.MIN_VALUE;
        int py = Integer.MIN_VALUE;
        int x0 = 0;
        int x1 = -1;
        int y0 = 0;
        int y1 = -1;
        double bg = Double.NaN;
        // Two centroid passes, the second re-centring the windows on the first centroid (seeds may sit a pixel off
        // the peak, e.g. from a half-resolution detector, which pulls the centroid towards the seed); then the window
        // of the final centroid, for the shape.
        for (int pass = 0; ; pass++) {
            int rx = (int) Math.round(cx);
            int ry = (int) Math.round(cy);
            if (rx != px || ry != py) { // the same window (the usual case after the first pass) has the same border
                px = rx;
                py = ry;
                x0 = Math.max(0, px - r);
                x1 = Math.min(w - 1, px + r);
                y0 = Math.max(0, py - r);
                y1 = Math.min(h - 1, py + r);
                bg = borderMean(img, w, x0, x1, y0, y1);
            }
            if (pass == 2) {
                break;
            }
            double sw = 0;
            double sx = 0;
            double sy = 0;
            for (int y = Math.max(y0, (int) Math.floor(py - rc)); y <= Math.min(y1, (int) Math.ceil(py + rc)); y++) {
                for (int x = Math.max(x0, (int) Math.floor(px - rc)); x <= Math.min(x1, (int) Math.ceil(px + rc));
                        x++) {
                    double dx = x - px;
                    double dy = y - py;
                    if (dx * dx + dy * dy > rc * rc) {
                        continue;
                    }
                    double v = img[y * w + x] - bg;
                    v = v > 0 ? v : 0; // not a branch on noise: adding 0 leaves every sum as it was
                    sw += v;
                    sx += v * x;
                    sy += v * y;
                }
            }
            cx = sw > 0 ? sx / sw : px;
            cy = sw > 0 ? sy / sw : py;
        }
        // Shape: second moments over the pixels of the window nearer to this candidate than to any other candidate
        // or any other object's peak.
        collectNear(c, i, cx, cy, r, 2.0 * r + 2);
        double elong = elongation(img, w, x0, x1, y0, y1, cx, cy, bg);
        if (elong >= PEAK_CHECK_ELONGATION) {
            // only an elongated shape can hold a neighbour the detector missed: look for other objects' peaks (a
            // neighbour's light reaches into the window from a peak up to twice the window's reach away)
            int nPeaks = collectPeaks(img, w, h, Math.max(0, px - 2 * r), Math.min(w - 1, px + 2 * r),
                    Math.max(0, py - 2 * r), Math.min(h - 1, py + 2 * r), cx, cy, bg, PEAK_DISTANCE * sigma);
            if (nPeaks > 0) {
                elong = elongation(img, w, x0, x1, y0, y1, cx, cy, bg);
            }
        }
        double ri = Math.max(1, 1.5 * sigma);
        double inSum = 0;
        int inCount = 0;
        int ir = (int) Math.ceil(ri);
        for (int y = Math.max(0, py - ir); y <= Math.min(h - 1, py + ir); y++) {
            for (int x = Math.max(0, px - ir); x <= Math.min(w - 1, px + ir); x++) {
                double dx = x - cx;
                double dy = y - cy;
                if (dx * dx + dy * dy <= ri * ri) {
                    inSum += img[y * w + x] - bg;
                    inCount++;
                }
            }
        }
        // a window cut by the image's edge holds only part of the object's light: its flux is unknown
        boolean whole = px - r >= 0 && py - r >= 0 && px + r <= w - 1 && py + r <= h - 1;
        double light = measureFlux && whole ? flux + fluxPixels * (bg - borderMedian(img, w, x0, x1, y0, y1))
                : Double.NaN;
        double[] pos = position;
        double reach = Math.max(2, POSITION_REACH * sigma);
        // two passes, as for the shape's centroid: the second re-centred on the first
        positionCentroid(img, w, h, c, i, cx, cy, reach, bg, PEAK_DISTANCE * sigma);
        positionCentroid(img, w, h, c, i, pos[0], pos[1], reach, bg, PEAK_DISTANCE * sigma);
        c.setShape(i, pos[0], pos[1], elong, inCount > 0 ? inSum / inCount : Double.NaN, light);
    }

    /**
     * Writes into {@link #position} the centroid of {@code max(v − bg, 0)} within {@code reach} of {@code (cx, cy)}
     * over the pixels nearer to candidate {@code i} than to any other candidate or other object's peak (farther than
     * {@code peakDistance}); {@code (cx, cy)} when that holds no light.
     */
    private void positionCentroid(float[] img, int w, int h, Candidates c, int i, double cx, double cy, double reach,
            double bg, double peakDistance) {
        int px = (int) Math.round(cx);
        int py = (int) Math.round(cy);
        int ir = (int) Math.ceil(reach);
        collectNear(c, i, px, py, ir, 2.0 * ir + 2);
        collectPeaks(img, w, h, Math.max(0, px - 2 * ir), Math.min(w - 1, px + 2 * ir), Math.max(0, py - 2 * ir),
                Math.min(h - 1, py + 2 * ir), cx, cy, bg, peakDistance);
        double sw = 0;
        double sx = 0;
        double sy = 0;
        for (int y = Math.max(0, py - ir); y <= Math.min(h - 1, py + ir); y++) {
            if (!voronoi.span(y, Math.max(0, px - ir), Math.min(w - 1, px + ir))) {
                continue;
            }
            for (int x = voronoi.first(), last = voronoi.last(); x <= last; x++) {
                double dx = x - px;
                double dy = y - py;
                if (dx * dx + dy * dy > reach * reach) {
                    continue;
                }
                double v = img[y * w + x] - bg;
                v = v > 0 ? v : 0; // not a branch on noise: adding 0 leaves every sum as it was
                sw += v;
                sx += v * x;
                sy += v * y;
            }
        }
        position[0] = sw > 0 ? sx / sw : cx;
        position[1] = sw > 0 ? sy / sw : cy;
    }

    /**
     * Elongation about {@code (cx, cy)} from the second moments of {@code max(v − bg, 0)} over the window's pixels in
     * {@link #voronoi} (within the window's radius of {@code (cx, cy)}, not nearer to another candidate or collected
     * peak); 1 when there are none.
     */
    private double elongation(float[] img, int w, int x0, int x1, int y0, int y1, double cx, double cy,
            double bg) {
        double mw = 0;
        double mxx = 0;
        double myy = 0;
        double mxy = 0;
        double light = 0;
        int n = 0;
        for (int y = y0; y <= y1; y++) {
            if (!voronoi.span(y, x0, x1)) {
                continue;
            }
            n += voronoi.last() - voronoi.first() + 1;
            for (int x = voronoi.first(), last = voronoi.last(); x <= last; x++) {
                double dx = x - cx;
                double dy = y - cy;
                double raw = img[y * w + x] - bg;
                light += raw;
                double v = raw > 0 ? raw : 0; // not a branch on noise: adding 0 leaves every sum as it was
                mw += v;
                mxx += v * dx * dx;
                myy += v * dy * dy;
                mxy += v * dx * dy;
            }
        }
        flux = light;
        fluxPixels = n;
        return mw > 0 ? Moments.elongation(mxx / mw, myy / mw, mxy / mw) : 1;
    }

    /**
     * Adds to {@link #voronoi} the local maxima of the box {@code [x0, x1] × [y0, y1]} (at least as high as
     * their eight neighbours) that rise above the background by {@code PEAK_LEVEL} × this candidate's own height
     * and lie farther than {@code minDistance} from its centroid {@code (cx, cy)}: other objects, detected or
     * not, whose light must not count as this one's shape (a neighbour the detector missed in this frame made a
     * round cell next to it measure 1.6). The lobes of one constricting cell lie within 1.5 σ of its centroid,
     * nearer than {@code minDistance}, so they stay one object. Returns how many.
     */
    private int collectPeaks(float[] img, int w, int h, int x0, int x1, int y0, int y1, double cx, double cy,
            double bg, double minDistance) {
        int px = (int) Math.round(cx);
        int py = (int) Math.round(cy);
        if (px < 0 || py < 0 || px >= w || py >= h) {
            return 0;
        }
        double level = bg + PEAK_LEVEL * (img[py * w + px] - bg);
        double min2 = minDistance * minDistance;
        int n = 0;
        for (int y = Math.max(1, y0); y <= Math.min(h - 2, y1); y++) {
            for (int x = Math.max(1, x0); x <= Math.min(w - 2, x1); x++) {
                float v = img[y * w + x];
                double dx = x - cx;
                double dy = y - cy;
                if (!(v > level) || dx * dx + dy * dy <= min2 || !isLocalMax(img, w, x, y, v)) {
                    continue;
                }
                voronoi.add(x, y);
                n++;
            }
        }
        return n;
    }

    private static boolean isLocalMax(float[] img, int w, int x, int y, float v) {
        for (int yy = y - 1; yy <= y + 1; yy++) {
            for (int xx = x - 1; xx <= x + 1; xx++) {
                if (img[yy * w + xx] > v) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Median of the pixels on the border of the window {@code [x0, x1] × [y0, y1]} (each pixel once; the upper one
     * of an even count): the flux's background. A neighbour's light on part of the border raises the border's mean,
     * and that error would count once per pixel of the object; the median leaves it out while under half of the
     * border is lit. Quickselect in a reused scratch array: no allocation, O(border) per call.
     */
    private double borderMedian(float[] img, int w, int x0, int x1, int y0, int y1) {
        int need = 2 * (x1 - x0 + 1) + 2 * (y1 - y0 + 1);
        if (border.length < need) {
            border = new float[need];
        }
        float[] a = border;
        int n = 0;
        for (int x = x0; x <= x1; x++) {
            a[n++] = img[y0 * w + x];
            if (y1 > y0) {
                a[n++] = img[y1 * w + x];
            }
        }
        for (int y = y0 + 1; y < y1; y++) {
            a[n++] = img[y * w + x0];
            if (x1 > x0) {
                a[n++] = img[y * w + x1];
            }
        }
        int k = n / 2;
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            float pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                break;
            }
        }
        return a[k];
    }

    /** Mean of the pixels on the border of the window {@code [x0, x1] × [y0, y1]} (each pixel once). */
    private static double borderMean(float[] img, int w, int x0, int x1, int y0, int y1) {
        double sum = 0;
        int count = 0;
        for (int x = x0; x <= x1; x++) {
            sum += img[y0 * w + x];
            count++;
        }
        if (y1 > y0) {
            for (int x = x0; x <= x1; x++) {
                sum += img[y1 * w + x];
                count++;
            }
        }
        for (int y = y0 + 1; y < y1; y++) {
            sum += img[y * w + x0];
            count++;
            if (x1 > x0) {
                sum += img[y * w + x1];
                count++;
            }
        }
        return sum / count;
    }
}
