package org.reflexscope.core.analysis;

import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.record.MicroManagerKeys;

/**
 * The fraction of a frame's pixels at the camera's largest value: light the camera clipped. The largest value is
 * {@code 2^BitDepth − 1} when the frame's tags give the camera's bit depth (Micro-Manager's {@code BitDepth}; a
 * 12-bit camera delivers 16-bit pixels that clip at 4095), else the pixel type's largest value. Float frames have no
 * such value: their fraction is 0.
 *
 * <p>Reads at most {@link #MAX_SAMPLES} pixels, spread evenly over the frame (a 2048² frame is sampled every 16th
 * pixel), so the cost stays small on any camera. Stateless.
 */
public final class SaturationMeter {
    /** The most pixels one measurement reads. */
    public static final int MAX_SAMPLES = 1 << 18;

    private SaturationMeter() {
    }

    /** The value at which the camera that filled {@code slot} clips, or {@code NaN} for float pixels. */
    public static double saturationLevel(FrameSlot slot) {
        PixelType type = slot.pixelType();
        if (type == PixelType.GRAY32F) {
            return Double.NaN;
        }
        String depth = slot.tags().get(MicroManagerKeys.BIT_DEPTH);
        if (depth != null) {
            try {
                int bits = Integer.parseInt(depth.trim());
                if (bits >= 1 && bits <= type.bitsPerPixel()) {
                    return (1 << bits) - 1;
                }
            } catch (NumberFormatException e) {
                // a tag that is not a number says nothing about the camera: fall back to the pixel type
            }
        }
        return type.maxValue();
    }

    /** The fraction (0..1) of {@code slot}'s pixels at or above its {@link #saturationLevel}. */
    public static double fraction(FrameSlot slot) {
        double level = saturationLevel(slot);
        int n = slot.pixelCount();
        if (Double.isNaN(level) || n == 0) {
            return 0;
        }
        int stride = Math.max(1, (n + MAX_SAMPLES - 1) / MAX_SAMPLES);
        int at = 0;
        int read = 0;
        if (slot.pixelType() == PixelType.GRAY8) {
            byte[] b = slot.bytes();
            for (int i = 0; i < n; i += stride, read++) {
                if ((b[i] & 0xFF) >= level) {
                    at++;
                }
            }
        } else {
            short[] s = slot.shorts();
            for (int i = 0; i < n; i += stride, read++) {
                if ((s[i] & 0xFFFF) >= level) {
                    at++;
                }
            }
        }
        return at / (double) read;
    }
}
