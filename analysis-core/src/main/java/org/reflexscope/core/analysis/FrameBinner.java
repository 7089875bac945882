package org.reflexscope.core.analysis;

import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;

/**
 * Crops a region of interest out of a ring slot and bins it by averaging {@code factor × factor} blocks into a
 * float image in camera units (unsigned integers converted): the analysis image. Pixels that do not fill a whole
 * block at the right/bottom edge are dropped. Reuses its output array; one thread.
 */
public final class FrameBinner {
    private final int factor;
    private float[] out = new float[0];
    private float[] rowSum = new float[0];
    private long[] rowSumLong = new long[0];
    private int width;
    private int height;
    private int originX;
    private int originY;

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
     * 16-bit pixels binned ×4 (the default at 2048²): each bin's 16 pixels summed in one int straight from the four
     * rows, written once; no accumulator row to read and write back four times (1.3 vs 1.7 ms min for 2048², A/B).
     */
    private void binShorts4(short[] s, int fw, int x0, int y0, int bw, int bh, float scale) {
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
