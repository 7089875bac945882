package org.reflexscope.core.analysis;

import java.lang.reflect.Field;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crops a region of interest out of a ring slot and bins it by averaging {@code factor × factor} blocks into a
 * float image in camera units (unsigned integers converted): the analysis image. Pixels that do not fill a whole
 * block at the right/bottom edge are dropped. Reuses its output array; one thread.
 */
public final class FrameBinner {
    private static final Logger LOG = LoggerFactory.getLogger(FrameBinner.class);
    /**
     * Reads four 16-bit pixels as one {@code long} for {@link #binShorts4} ({@code null} where the JDK does not offer
     * it, or warns on its use as JDK 24+ does: the scalar loop then runs). A constant, never mutated; only used for
     * reads whose bounds are checked first.
     */
    private static final sun.misc.Unsafe UNSAFE = unsafeOrNull();
    private static final long SHORT_BASE = UNSAFE == null ? 0 : UNSAFE.arrayBaseOffset(short[].class);
    /** The low 16 bits of each 32-bit half of a long: two 16-bit pixels widened to two 32-bit lanes. */
    private static final long LOW_LANES = 0x0000FFFF0000FFFFL;
    /** The top two bits of each 16-bit pixel of a long: set where a pixel is 16384 or more. */
    private static final long ABOVE_14_BITS = 0xC000C000C000C000L;

    /**
     * Analysis image edge the default chain is sized for: a 512² analysis image runs the default models within a
     * 10 ms frame on one CPU core (docs/benchmarks/inference.md), so a 2048² frame is binned ×4.
     */
    public static final int DEFAULT_ANALYSIS_EDGE = 512;

    private final int factor;
    private float[] out = new float[0];
    private float[] rowSum = new float[0];
    private long[] rowSumLong = new long[0];
    private int width;
    private int height;
    private int originX;
    private int originY;

    /**
     * The largest of 1, 2, 4 and 8 that keeps the shorter side of a {@code width × height} frame at least
     * {@code minEdge} analysed pixels (1 when even that is shorter): the binning that brings a camera's frames to
     * an analysis size the chain keeps up with, for when the size of the objects is not known (a real microscope).
     *
     * @throws IllegalArgumentException if a size is not positive
     */
    public static int factorForEdge(int width, int height, int minEdge) {
        if (width < 1 || height < 1 || minEdge < 1) {
            throw new IllegalArgumentException("Frame size and analysis edge must be positive, got " + width + "x"
                    + height + " and " + minEdge);
        }
        int shorter = Math.min(width, height);
        int f = 1;
        while (f < 8 && shorter / (2 * f) >= minEdge) {
            f *= 2;
        }
        return f;
    }

    /** @param factor binning factor ≥ 1 */
    public FrameBinner(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("Binning must be >= 1, got " + factor);
        }
        this.factor = factor;
    }

    public int factor() {
        return factor;
    }

    /**
     * Crops {@code [x, x+w) × [y, y+h)} (clipped to the frame; {@code w <= 0} means the whole frame) and bins it.
     *
     * @throws IllegalArgumentException if the region lies outside the frame or is smaller than one bin
     */
    public void bin(FrameSlot slot, int x, int y, int w, int h) {
        int fw = slot.width();
        int fh = slot.height();
        int x0 = w <= 0 ? 0 : Math.max(0, x);
        int y0 = w <= 0 ? 0 : Math.max(0, y);
        int x1 = w <= 0 ? fw : Math.min(fw, x + w);
        int y1 = w <= 0 ? fh : Math.min(fh, y + h);
        int bw = (x1 - x0) / factor;
        int bh = (y1 - y0) / factor;
        if (bw <= 0 || bh <= 0) {
            throw new IllegalArgumentException("The analysis region (" + x + ", " + y + ", " + w + "x" + h
                    + ") binned by " + factor + " leaves no pixel of a " + fw + "x" + fh + " frame: choose an ROI "
                    + "inside the frame and at least " + factor + " pixels wide and high.");
        }
        int n = bw * bh;
        if (out.length < n) {
            out = new float[n];
        }
        if (rowSum.length < bw) {
            rowSum = new float[bw];
            rowSumLong = new long[bw];
        }
        width = bw;
        height = bh;
        originX = x0;
        originY = y0;
        float scale = 1f / (factor * factor);
        PixelType type = slot.pixelType();
        short[] s = type == PixelType.GRAY16 ? slot.shorts() : null;
        byte[] b = type == PixelType.GRAY8 ? slot.bytes() : null;
        float[] f = type == PixelType.GRAY32F ? slot.floats() : null;
        if (f == null) {
            binIntegers(s, b, fw, x0, y0, bw, bh, scale);
            return;
        }
        for (int by = 0; by < bh; by++) {
            java.util.Arrays.fill(rowSum, 0, bw, 0f);
            for (int dy = 0; dy < factor; dy++) {
                int row = (y0 + by * factor + dy) * fw + x0;
                for (int bx = 0, p = row; bx < bw; bx++) {
                    float acc = 0;
                    for (int dx = 0; dx < factor; dx++, p++) {
                        acc += f[p];
                    }
                    rowSum[bx] += acc;
                }
            }
            int o = by * bw;
            for (int bx = 0; bx < bw; bx++) {
                out[o + bx] = rowSum[bx] * scale;
            }
        }
    }

    /** Integer pixels: exact block sums in integers, one float conversion per bin. */
    private void binIntegers(short[] s, byte[] b, int fw, int x0, int y0, int bw, int bh, float scale) {
        if (s != null && factor == 4) {
            binShorts4(s, fw, x0, y0, bw, bh, scale);
            return;
        }
        long[] acc = rowSumLong;
        for (int by = 0; by < bh; by++) {
            java.util.Arrays.fill(acc, 0, bw, 0);
            for (int dy = 0; dy < factor; dy++) {
                int row = (y0 + by * factor + dy) * fw + x0;
                if (s != null) {
                    for (int bx = 0, p = row; bx < bw; bx++) {
                        int a = 0;
                        for (int dx = 0; dx < factor; dx++, p++) {
                            a += s[p] & 0xFFFF;
                        }
                        acc[bx] += a;
                    }
                } else {
                    for (int bx = 0, p = row; bx < bw; bx++) {
                        int a = 0;
                        for (int dx = 0; dx < factor; dx++, p++) {
                            a += b[p] & 0xFF;
                        }
                        acc[bx] += a;
                    }
                }
            }
            int o = by * bw;
            for (int bx = 0; bx < bw; bx++) {
                out[o + bx] = acc[bx] * scale;
            }
        }
    }

    /**
     * 16-bit pixels binned ×4 (the default at 2048²): each bin's 16 pixels summed straight from the four rows,
     * written once. Where {@code sun.misc.Unsafe} is available, each row's four pixels of a bin are read as one
     * {@code long} and summed as two 32-bit lanes (pixels 0+1 and 2+3, whatever the byte order, then the lanes
     * added): 4 loads instead of 16, and no per-pixel widening, which C2 on JDK 17 does not vectorise (2048² micro
     * A/B, interleaved: min 1.11 vs 1.30 ms, identical bins). Lanes cannot overflow: 8 pixels of at most 65535.
     */
    private void binShorts4(short[] s, int fw, int x0, int y0, int bw, int bh, float scale) {
        if (UNSAFE != null) {
            // the last long read covers pixels [end - 4, end): inside the array, or fail before any read
            long end = (long) (y0 + 4 * bh - 1) * fw + x0 + 4L * bw;
            if (end > s.length) {
                throw new IllegalStateException("Slot pixel array of " + s.length + " values is shorter than its "
                        + "frame size needs (" + end + "): the slot's width/height do not match its pixels");
            }
            binShorts4Packed(s, fw, x0, y0, bw, bh, scale);
            return;
        }
        for (int by = 0; by < bh; by++) {
            int r0 = (y0 + by * 4) * fw + x0;
            int r1 = r0 + fw;
            int r2 = r1 + fw;
            int r3 = r2 + fw;
            int o = by * bw;
            for (int bx = 0, p = 0; bx < bw; bx++, p += 4) {
                int v = (s[r0 + p] & 0xFFFF) + (s[r0 + p + 1] & 0xFFFF) + (s[r0 + p + 2] & 0xFFFF)
                        + (s[r0 + p + 3] & 0xFFFF)
                        + (s[r1 + p] & 0xFFFF) + (s[r1 + p + 1] & 0xFFFF) + (s[r1 + p + 2] & 0xFFFF)
                        + (s[r1 + p + 3] & 0xFFFF)
                        + (s[r2 + p] & 0xFFFF) + (s[r2 + p + 1] & 0xFFFF) + (s[r2 + p + 2] & 0xFFFF)
                        + (s[r2 + p + 3] & 0xFFFF)
                        + (s[r3 + p] & 0xFFFF) + (s[r3 + p + 1] & 0xFFFF) + (s[r3 + p + 2] & 0xFFFF)
                        + (s[r3 + p + 3] & 0xFFFF);
                out[o + bx] = v * scale;
            }
        }
    }

    /**
     * {@link #binShorts4} on packed reads; the caller has checked that every read lies inside {@code s}. Each row of
     * bins is first summed on the assumption that its pixels are below 16384 (14 bits, as most cameras' data and
     * any 16-bit camera's below a quarter of full scale): then the four rows' longs add lane by lane without
     * carrying into the next pixel (4 × 16383 &lt; 65536), and only the bin's four lanes need widening — about
     * two thirds of the operations of the general sum (2048² micro A/B, interleaved: p50 1.22–1.37 vs 1.60–1.79
     * ms, identical bins). The OR of every long read says whether the assumption held; where it did not, that row of
     * bins is summed again the general way, so every bin is exact at any pixel value.
     */
    private void binShorts4Packed(short[] s, int fw, int x0, int y0, int bw, int bh, float scale) {
        long rowBytes = 2L * fw;
        for (int by = 0; by < bh; by++) {
            long a0 = SHORT_BASE + 2L * ((long) (y0 + by * 4) * fw + x0);
            int o = by * bw;
            if ((binRowPacked(s, a0, rowBytes, o, bw, scale, false) & ABOVE_14_BITS) != 0) {
                binRowPacked(s, a0, rowBytes, o, bw, scale, true);
            }
        }
    }

    /**
     * One row of ×4 bins whose top-left pixel is at byte address {@code a0} of {@code s}, written from
     * {@code out[o]}. {@code general}: each long's pixels are widened to two 32-bit lanes first (pixels 0+1 and 2+3,
     * whatever the byte order, then the lanes added), which cannot overflow (8 pixels of at most 65535); otherwise
     * the four longs are added as they are, exact only while every pixel is below 16384, and the OR of every long
     * read is returned for the caller to check (0 when {@code general}). C2 unswitches the loop on the flag: one
     * loop of each kind, as fast as two separate methods (micro A/B: p50 0.922 vs 0.926 ms).
     */
    private long binRowPacked(short[] s, long a0, long rowBytes, int o, int bw, float scale, boolean general) {
        sun.misc.Unsafe u = UNSAFE;
        long a1 = a0 + rowBytes;
        long a2 = a1 + rowBytes;
        long a3 = a2 + rowBytes;
        long seen = 0;
        for (int bx = 0; bx < bw; bx++) {
            long off = 8L * bx;
            long l0 = u.getLong(s, a0 + off);
            long l1 = u.getLong(s, a1 + off);
            long l2 = u.getLong(s, a2 + off);
            long l3 = u.getLong(s, a3 + off);
            long lanes;
            if (general) {
                long even = (l0 & LOW_LANES) + (l1 & LOW_LANES) + (l2 & LOW_LANES) + (l3 & LOW_LANES);
                long odd = ((l0 >>> 16) & LOW_LANES) + ((l1 >>> 16) & LOW_LANES) + ((l2 >>> 16) & LOW_LANES)
                        + ((l3 >>> 16) & LOW_LANES);
                lanes = even + odd;
            } else {
                seen |= l0 | l1 | l2 | l3;
                long columns = l0 + l1 + l2 + l3;
                lanes = (columns & LOW_LANES) + ((columns >>> 16) & LOW_LANES);
            }
            out[o + bx] = ((int) lanes + (int) (lanes >>> 32)) * scale;
        }
        return seen;
    }

    private static sun.misc.Unsafe unsafeOrNull() {
        if (Runtime.version().feature() >= 24) {
            // JDK 24+ prints a warning on the first use of Unsafe's memory access (JEP 498): the scalar loop instead.
            LOG.debug("16-bit binning uses the scalar loop on JDK {}", Runtime.version().feature());
            return null;
        }
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            sun.misc.Unsafe u = (sun.misc.Unsafe) f.get(null);
            if (u.arrayIndexScale(short[].class) != 2) {
                LOG.debug("16-bit binning uses the scalar loop: short[] elements are not 2 bytes apart here");
                return null;
            }
            return u;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("16-bit binning uses the scalar loop: sun.misc.Unsafe is not accessible ({})", e.toString());
            return null;
        }
    }

    /** The analysis image of the last {@link #bin} call (row-major, {@link #width()} × {@link #height()}). */
    public float[] image() {
        return out;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Frame x of the crop's left edge. */
    public int originX() {
        return originX;
    }

    /** Frame y of the crop's top edge. */
    public int originY() {
        return originY;
    }

    /** Frame pixel x of analysis pixel x ({@code (0,0)} = centre of the top-left pixel in both). */
    public double toFrameX(double ax) {
        return originX + (ax + 0.5) * factor - 0.5;
    }

    /** Frame pixel y of analysis pixel y. */
    public double toFrameY(double ay) {
        return originY + (ay + 0.5) * factor - 0.5;
    }
}
