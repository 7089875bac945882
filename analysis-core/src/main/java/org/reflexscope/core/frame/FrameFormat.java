package org.reflexscope.core.frame;

import java.util.Objects;

/**
 * Width, height and pixel type of a frame: an immutable value.
 *
 * <p>A ring is sized for the largest format a source will deliver ({@link
 * org.reflexscope.core.source.FrameSource#maxFormat()}); smaller frames (after binning or a smaller ROI) fit in
 * the same slots.
 */
public final class FrameFormat {
    private final int width;
    private final int height;
    private final PixelType pixelType;

    private FrameFormat(int width, int height, PixelType pixelType) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("Frame size must be positive, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.pixelType = Objects.requireNonNull(pixelType, "pixelType");
    }

    /** A format of {@code width × height} pixels of {@code pixelType}. */
    public static FrameFormat of(int width, int height, PixelType pixelType) {
        return new FrameFormat(width, height, pixelType);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public PixelType pixelType() {
        return pixelType;
    }

    /** Number of pixels, {@code width × height}. */
    public int pixelCount() {
        return Math.multiplyExact(width, height);
    }

    /** Bytes of one frame of this format. */
    public long byteCount() {
        return (long) pixelCount() * pixelType.bytesPerPixel();
    }

    /** Whether a frame of {@code other} fits in a slot allocated for this format (same type, no more pixels). */
    public boolean fits(FrameFormat other) {
        return other.pixelType == pixelType && other.pixelCount() <= pixelCount();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FrameFormat)) {
            return false;
        }
        FrameFormat f = (FrameFormat) o;
        return width == f.width && height == f.height && pixelType == f.pixelType;
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, pixelType);
    }

    @Override
    public String toString() {
        return width + "x" + height + " " + pixelType;
    }
}
