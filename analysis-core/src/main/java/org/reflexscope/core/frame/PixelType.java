package org.reflexscope.core.frame;

/**
 * The pixel types a Reflex frame can hold: one grey value per pixel.
 *
 * <p>Integer types are <b>unsigned</b> even though Java stores them in signed {@code byte[]} and {@code short[]}
 * arrays: read them with {@code b & 0xFF} and {@code s & 0xFFFF} (or {@link FrameSlot#valueAt(int)}).
 *
 * <p><b>RGB.</b> Colour cameras (Micro-Manager's {@code RGB32}/{@code RGB64}) are not represented: raw data stays
 * raw (contract 8 in docs/architecture.md), and a silent conversion to grey would not be raw. Frame sources reject
 * colour frames with an error telling the user to set the camera to a monochrome pixel type.
 */
public enum PixelType {
    /** 8-bit unsigned, stored in {@code byte[]}. */
    GRAY8(1, 255),
    /** 16-bit unsigned, stored in {@code short[]}. */
    GRAY16(2, 65535),
    /** 32-bit IEEE float, stored in {@code float[]}. */
    GRAY32F(4, Float.MAX_VALUE);

    private final int bytesPerPixel;
    private final double maxValue;

    PixelType(int bytesPerPixel, double maxValue) {
        this.bytesPerPixel = bytesPerPixel;
        this.maxValue = maxValue;
    }

    /** Bytes one pixel occupies. */
    public int bytesPerPixel() {
        return bytesPerPixel;
    }

    /** Largest representable value (255, 65535, or {@link Float#MAX_VALUE}). */
    public double maxValue() {
        return maxValue;
    }

    /** Bits per pixel of the container (8, 16 or 32). */
    public int bitsPerPixel() {
        return bytesPerPixel * 8;
    }
}
