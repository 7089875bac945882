package org.reflexscope.core.analysis;

import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.record.MicroManagerKeys;

/**
 * The fraction of a frame's pixels at the camera's largest value: light the camera clipped.
 *
 * <p>The largest value is {@code 2^BitDepth − 1} when the frame's tags give the camera's bit depth (Micro-Manager's
 * {@code BitDepth}: a 12-bit camera delivers 16-bit pixels that clip at 4095). Without the tag it is read from the
 * frame: its maximum, when that is {@code 2^k − 1} for some {@code k ≥ 8} (255, 1023, 4095, 16383, 65535), the
 * values at which 8- to 16-bit cameras clip; a frame whose maximum is any other value has nothing clipped. A frame
 * that merely happens to peak at such a value has a pixel or two there, far below any saturation limit. Float
 * frames have no largest value: their fraction is 0.
 *
 * <p>Reads at most {@link #MAX_SAMPLES} pixels, spread evenly over the frame (a 2048² frame is sampled every 16th
 * pixel), so the cost stays small on any camera; allocates nothing. Stateless.
 */
public final class SaturationMeter {
    /** The most pixels one measurement reads. */
    public static final int MAX_SAMPLES = 1 << 18;

    private SaturationMeter() {
    }

    /**
     * The value at which the camera that filled {@code slot} clips according to its {@code BitDepth} tag, or
     * {@code -1} when the tag is absent, not a number or more bits than the pixels hold.
     */
    public static int taggedLevel(FrameSlot slot) {
        String depth = slot.tags().get(MicroManagerKeys.BIT_DEPTH);
        if (depth == null || slot.pixelType() == PixelType.GRAY32F) {
            return -1;
        }
        try {
            int bits = Integer.parseInt(depth.trim());
            return bits >= 1 && bits <= slot.pixelType().bitsPerPixel() ? (1 << bits) - 1 : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The fraction (0..1) of {@code slot}'s pixels at the camera's largest value. */
    public static double fraction(FrameSlot slot) {
        int n = slot.pixelCount();
        if (slot.pixelType() == PixelType.GRAY32F || n == 0) {
            return 0;
        }
        int tagged = taggedLevel(slot);
        int stride = Math.max(1, (n + MAX_SAMPLES - 1) / MAX_SAMPLES);
        int max = -1;
        int atMax = 0;
        int atTagged = 0;
        int read = 0;
        byte[] b = slot.pixelType() == PixelType.GRAY8 ? slot.bytes() : null;
        short[] s = b == null ? slot.shorts() : null;
        for (int i = 0; i < n; i += stride, read++) {
            int v = b != null ? b[i] & 0xFF : s[i] & 0xFFFF;
            if (v > max) {
                max = v;
                atMax = 1;
            } else if (v == max) {
                atMax++;
            }
            if (tagged >= 0 && v >= tagged) {
                atTagged++;
            }
        }
        if (tagged >= 0) {
            return atTagged / (double) read;
        }
        boolean clipValue = max >= 255 && (max & (max + 1)) == 0;
        return clipValue ? atMax / (double) read : 0;
    }
}
