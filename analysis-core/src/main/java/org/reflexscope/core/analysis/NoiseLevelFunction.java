package org.reflexscope.core.analysis;

import java.util.Arrays;
import java.util.Locale;

/**
 * Estimates a camera's noise level function {@code variance = slope · mean + intercept} (camera counts) from the
 * images themselves: the signal-dependent Poisson–Gaussian model of Foi et al. (2008, "Practical Poissonian-Gaussian
 * noise modeling and fitting for single-image raw-data"), fitted the way they do it, simplified.
 *
 * <ol>
 * <li>The image is cut into {@value #BLOCK}×{@value #BLOCK} blocks of 16 non-overlapping 3×3 cells. Each cell gives
 * one response of Immerkær's (1996) kernel {@code [1 −2 1; −2 4 −2; 1 −2 1] / 6}, the product of second differences
 * along x and y: for independent pixel noise its mean square is the pixel variance, and a cell's signal cancels
 * whenever it is at most linear along x or along y (planes, ramps, the flanks of broad objects). A block's mean square
 * response is its local noise variance, its pixel mean its level.</li>
 * <li>Blocks with structure are left out: those whose first differences along x and y carry more than {@value
 * #FLATNESS_RATIO} times the energy of the kernel (edges, spots), and those holding the image's minimum or maximum
 * value (clipped pixels have no noise).</li>
 * <li>The kept blocks are grouped in {@value #LEVELS} bins of equal width in {@code sqrt(mean − min)} (where
 * Poisson noise is even); each bin of at least {@value #MIN_BLOCKS_PER_LEVEL} blocks gives one level: the mean of its means and the median of its variances (corrected for
 * the median of a χ² with 16 degrees of freedom, by the Wilson–Hilferty approximation, so an unbiased variance for
 * pure noise).</li>
 * <li>A straight line is fitted through the levels by weighted least squares (each level weighted by its count over
 * its variance squared); levels more than 4 standard errors off the line are dropped once and the line refitted.</li>
 * </ol>
 *
 * The slope is the camera gain in counts per electron as the image is (for a block mean of {@code b × b} camera
 * pixels: the gain over {@code b²}), and {@code slope · offset + intercept} is the read-noise variance in counts²
 * ({@link Fit#readNoiseElectrons}). Blocks accumulate over {@link #add} calls (several frames); {@link #fit} uses them
 * all. Not thread-safe; owns growable arrays that are reused.
 */
public final class NoiseLevelFunction {
    /** Edge of the blocks, in image pixels: 4 × 4 cells of 3 × 3. */
    public static final int BLOCK = 12;
    private static final int CELLS = (BLOCK / 3) * (BLOCK / 3);
    /** Immerkær's (1996) noise kernel: the product of second differences along x and y; its squares sum to 36. */
    private static final int[][] KERNEL = {{1, -2, 1}, {-2, 4, -2}, {1, -2, 1}};
    /** Largest ratio of first-difference (x + y, per axis) to kernel energy of a block taken as flat. */
    static final double FLATNESS_RATIO = 2;
    /** Equal-width intensity bins of the blocks' means. */
    static final int LEVELS = 16;
    /**
     * A block of a frame pair whose mean changed by more than this many standard errors of the noise is left out:
     * the scene changed there.
     */
    static final double MOVED_SIGMAS = 4;
    /** Fewest blocks that make a level. */
    static final int MIN_BLOCKS_PER_LEVEL = 6;
    /** Fewest levels for a fit. */
    static final int MIN_LEVELS = 3;
    /** Largest relative standard error of the slope of a fit taken as an estimate. */
    static final double MAX_RELATIVE_SLOPE_ERROR = 0.25;

    private double[] means = new double[1024];
    private double[] vars = new double[1024];
    private int blocks;
    private int images;
    private boolean temporal;
    private long blocksSeen;

    /**
     * Adds the flat blocks of the {@code w × h} image {@code img} (camera counts, row-major).
     *
     * @throws IllegalArgumentException if the image is smaller than one block or holds NaN
     */
    public void add(float[] img, int w, int h) {
        if (w < BLOCK || h < BLOCK || img.length < w * h) {
            throw new IllegalArgumentException("A noise estimate needs an image of at least " + BLOCK + "x" + BLOCK
                    + " pixels, got " + w + "x" + h);
        }
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < w * h; i++) {
            float v = img[i];
            if (v != v) {
                throw new IllegalArgumentException("Pixel " + i + " is NaN: a camera frame holds numbers");
            }
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        images++;
        for (int by = 0; by + BLOCK <= h; by += BLOCK) {
            for (int bx = 0; bx + BLOCK <= w; bx += BLOCK) {
                blocksSeen++;
                addBlock(img, w, bx, by, lo, hi);
            }
        }
    }

    /**
     * Adds the blocks of two consecutive {@code w × h} images of the same field ({@code a}, then {@code b}): each
     * block's level is the mean of both, its noise variance the mean of {@code (a − b)² / 2} over its pixels (the
     * photon transfer method: whatever does not change between the frames cancels, objects included). A block whose
     * mean changed by more than {@value #MOVED_SIGMAS} standard errors of that noise is left out (the scene moved
     * there). Do not mix with {@link #add} in one instance.
     *
     * @throws IllegalArgumentException if the image is smaller than one block
     */
    public void addPair(float[] a, float[] b, int w, int h) {
        if (w < BLOCK || h < BLOCK || a.length < w * h || b.length < w * h) {
            throw new IllegalArgumentException("A noise estimate needs images of at least " + BLOCK + "x" + BLOCK
                    + " pixels, got " + w + "x" + h);
        }
        temporal = true;
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < w * h; i++) {
            lo = Math.min(lo, Math.min(a[i], b[i]));
            hi = Math.max(hi, Math.max(a[i], b[i]));
        }
        images++;
        for (int by = 0; by + BLOCK <= h; by += BLOCK) {
            blocks:
            for (int bx = 0; bx + BLOCK <= w; bx += BLOCK) {
                blocksSeen++;
                double sum = 0;
                double diff = 0;
                double sq = 0;
                for (int y = by; y < by + BLOCK; y++) {
                    for (int x = bx; x < bx + BLOCK; x++) {
                        float u = a[y * w + x];
                        float v = b[y * w + x];
                        if (u == lo || u == hi || v == lo || v == hi) {
                            continue blocks;
                        }
                        sum += (double) u + v;
                        double d = u - v;
                        diff += d;
                        sq += d * d / 2;
                    }
                }
                int n = BLOCK * BLOCK;
                double var = sq / n;
                double meanDiff = diff / n;
                // a block whose mean changed by more than the noise allows saw the scene change (movement)
                if (var > 0 && meanDiff * meanDiff <= MOVED_SIGMAS * MOVED_SIGMAS * 2 * var / n) {
                    keep(sum / (2 * n), var);
                }
            }
        }
    }

    private void keep(double mean, double var) {
        if (blocks == means.length) {
            means = Arrays.copyOf(means, 2 * blocks);
            vars = Arrays.copyOf(vars, 2 * blocks);
        }
        means[blocks] = mean;
        vars[blocks] = var;
        blocks++;
    }

    private void addBlock(float[] img, int w, int bx, int by, float lo, float hi) {
        double sum = 0;
        double curv = 0;
        double grad = 0;
        for (int y = by; y < by + BLOCK; y += 3) {
            for (int x = bx; x < bx + BLOCK; x += 3) {
                // one 3x3 cell: p[r][c]
                double l = 0;
                double gx = 0;
                double gy = 0;
                for (int r = 0; r < 3; r++) {
                    int row = (y + r) * w + x;
                    for (int c = 0; c < 3; c++) {
                        float v = img[row + c];
                        if (v == lo || v == hi) {
                            return;
                        }
                        sum += v;
                        l += KERNEL[r][c] * v;
                        gx += (c - 1) * v;
                        gy += (r - 1) * v;
                    }
                }
                curv += l * l / 36;
                grad += (gx * gx + gy * gy) / 12;
            }
        }
        double var = curv / CELLS;
        if (!(var > 0) || grad / 2 > FLATNESS_RATIO * curv) {
            return;
        }
        keep(sum / (BLOCK * BLOCK), var);
    }

    /** Flat blocks kept so far. */
    public int blocks() {
        return blocks;
    }

    /** Images added so far. */
    public int images() {
        return images;
    }

    /** Blocks looked at so far, flat or not. */
    public long blocksSeen() {
        return blocksSeen;
    }

    /** Whether the blocks came from pairs of frames ({@link #addPair}). */
    public boolean temporal() {
        return temporal;
    }

    /** Forgets every block added. */
    public void clear() {
        temporal = false;
        blocks = 0;
        images = 0;
        blocksSeen = 0;
    }

    /** Fits the noise level function through the blocks added so far. */
    public Fit fit() {
        if (blocks < MIN_LEVELS * MIN_BLOCKS_PER_LEVEL) {
            return Fit.failed(String.format(Locale.ROOT, "%d flat %dx%d blocks of %d (need %d)", blocks, BLOCK,
                    BLOCK, blocksSeen, MIN_LEVELS * MIN_BLOCKS_PER_LEVEL), blocks, images);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < blocks; i++) {
            lo = Math.min(lo, means[i]);
            hi = Math.max(hi, means[i]);
        }
        if (!(hi > lo)) {
            return Fit.failed("every flat block has the same mean", blocks, images);
        }
        // bins of equal width in sqrt(mean - lo), the scale on which Poisson noise is even: more levels where the
        // blocks are (dim background), still spanning the bright end
        double width = Math.sqrt(hi - lo) / LEVELS;
        int[] count = new int[LEVELS];
        int[] bin = new int[blocks];
        for (int i = 0; i < blocks; i++) {
            bin[i] = Math.min(LEVELS - 1, (int) (Math.sqrt(means[i] - lo) / width));
            count[bin[i]]++;
        }
        double[][] byLevel = new double[LEVELS][];
        double[] levelMean = new double[LEVELS];
        for (int l = 0; l < LEVELS; l++) {
            byLevel[l] = new double[count[l]];
        }
        int[] fill = new int[LEVELS];
        for (int i = 0; i < blocks; i++) {
            int l = bin[i];
            byLevel[l][fill[l]++] = vars[i];
            levelMean[l] += means[i];
        }
        double[] x = new double[LEVELS];
        double[] y = new double[LEVELS];
        double[] se = new double[LEVELS];
        int levels = 0;
        int used = 0;
        for (int l = 0; l < LEVELS; l++) {
            int n = count[l];
            if (n < MIN_BLOCKS_PER_LEVEL) {
                continue;
            }
            double[] v = byLevel[l];
            Arrays.sort(v);
            double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
            x[levels] = levelMean[l] / n;
            int dof = temporal ? BLOCK * BLOCK : CELLS;
            y[levels] = median / Math.pow(1 - 2.0 / (9 * dof), 3);
            // standard error of a sample median: sqrt(pi/2) times that of a mean; s² of dof values: sd var·sqrt(2/dof)
            se[levels] = y[levels] * Math.sqrt(Math.PI / 2 * 2.0 / dof / n);
            used += n;
            levels++;
        }
        if (levels < MIN_LEVELS) {
            return Fit.failed(String.format(Locale.ROOT, "%d intensity levels of %d+ flat blocks (need %d)", levels,
                    MIN_BLOCKS_PER_LEVEL, MIN_LEVELS), used, images);
        }
        boolean[] keep = new boolean[levels];
        Arrays.fill(keep, true);
        double[] line = wls(x, y, se, keep, levels);
        int kept = levels;
        for (int l = 0; l < levels; l++) {
            if (Math.abs(y[l] - (line[0] * x[l] + line[1])) > 4 * se[l]) {
                keep[l] = false;
                kept--;
            }
        }
        if (kept < levels && kept >= MIN_LEVELS) {
            line = wls(x, y, se, keep, levels);
        } else {
            kept = levels;
        }
        double slope = line[0];
        if (!(slope > 0) || !(line[2] <= MAX_RELATIVE_SLOPE_ERROR * slope)) {
            return Fit.failed(String.format(Locale.ROOT, "the variance does not grow with the mean over %.4g..%.4g "
                    + "counts (slope %.3g ± %.2g)", lo, hi, slope, line[2]), used, images);
        }
        return new Fit(slope, line[1], line[2], kept, used, images, "");
    }

    /** Weighted least squares of {@code y = a·x + b} over the kept levels: {@code {a, b, standard error of a}}. */
    private static double[] wls(double[] x, double[] y, double[] se, boolean[] keep, int n) {
        double sw = 0;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                double wi = 1 / (se[i] * se[i]);
                sw += wi;
                sx += wi * x[i];
                sy += wi * y[i];
            }
        }
        double mx = sx / sw;
        double my = sy / sw;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                double wi = 1 / (se[i] * se[i]);
                sxx += wi * (x[i] - mx) * (x[i] - mx);
                sxy += wi * (x[i] - mx) * (y[i] - my);
            }
        }
        double a = sxy / sxx;
        return new double[] {a, my - a * mx, Math.sqrt(1 / sxx)};
    }

    /** A fitted noise level function, or why none could be fitted. */
    public static final class Fit {
        private final double slope;
        private final double intercept;
        private final double slopeError;
        private final int levels;
        private final int blocks;
        private final int images;
        private final String failure;

        Fit(double slope, double intercept, double slopeError, int levels, int blocks, int images, String failure) {
            this.slope = slope;
            this.intercept = intercept;
            this.slopeError = slopeError;
            this.levels = levels;
            this.blocks = blocks;
            this.images = images;
            this.failure = failure;
        }

        static Fit failed(String why, int blocks, int images) {
            return new Fit(Double.NaN, Double.NaN, Double.NaN, 0, blocks, images, why);
        }

        /** Whether a line was fitted. */
        public boolean ok() {
            return failure.isEmpty();
        }

        /** Why no line was fitted; empty when one was. */
        public String failure() {
            return failure;
        }

        /** Variance per count of mean: the gain (counts/e-) of the image as it is. */
        public double slope() {
            return slope;
        }

        /** Variance at a mean of 0 counts. */
        public double intercept() {
            return intercept;
        }

        /** Standard error of the slope. */
        public double slopeError() {
            return slopeError;
        }

        /** Intensity levels the line went through. */
        public int levels() {
            return levels;
        }

        /** Flat blocks in those levels. */
        public int blocks() {
            return blocks;
        }

        /** Images the blocks came from. */
        public int images() {
            return images;
        }

        /**
         * The camera gain in counts per electron for an image that is the mean of {@code binning × binning} camera
         * pixels: {@code slope · binning²}.
         */
        public double cameraGain(int binning) {
            return slope * binning * binning;
        }

        /**
         * The read noise in rms electrons of a camera of {@link #cameraGain gain} whose dark pixels read {@code
         * offset} counts: {@code sqrt(max(0, slope·offset + intercept) · binning²) / gain}.
         */
        public double readNoiseElectrons(double offset, int binning) {
            double v = Math.max(0, slope * offset + intercept) * binning * binning;
            return Math.sqrt(v) / cameraGain(binning);
        }

        @Override
        public String toString() {
            return ok() ? String.format(Locale.ROOT, "variance = %.4g · mean %+.4g (slope ± %.2g; %d levels, %d flat "
                    + "blocks, %d frames)", slope, intercept, slopeError, levels, blocks, images)
                    : "no noise level function: " + failure;
        }
    }
}
