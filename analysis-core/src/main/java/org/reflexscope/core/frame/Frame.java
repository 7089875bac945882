package org.reflexscope.core.frame;

import java.util.Arrays;
import java.util.Objects;

/**
 * A whole frame kept beyond the ring: its format, its pixels and its metadata, immutable.
 *
 * <p>{@link #of} copies the pixel array; {@link #wrap} takes ownership of it without copying (the caller must not
 * touch it afterwards). Accessors return the internal array for speed: callers must not modify it.
 */
public final class Frame {
    private final FrameFormat format;
    private final Object pixels;
    private final FrameMetadata metadata;

    private Frame(FrameFormat format, Object pixels, FrameMetadata metadata) {
        this.format = Objects.requireNonNull(format, "format");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        Class<?> expected;
        switch (format.pixelType()) {
            case GRAY8:
                expected = byte[].class;
                break;
            case GRAY16:
                expected = short[].class;
                break;
            default:
                expected = float[].class;
                break;
        }
        if (pixels == null || pixels.getClass() != expected) {
            throw new IllegalArgumentException(format.pixelType() + " pixels must be a "
                    + expected.getSimpleName() + ", got " + (pixels == null ? "null" : pixels.getClass()
                    .getSimpleName()));
        }
        int len = java.lang.reflect.Array.getLength(pixels);
        if (len != format.pixelCount()) {
            throw new IllegalArgumentException("A " + format + " frame has " + format.pixelCount()
                    + " pixels, the array holds " + len);
        }
        this.pixels = pixels;
    }

    /** A frame holding a copy of {@code pixels}. */
    public static Frame of(FrameFormat format, Object pixels, FrameMetadata metadata) {
        Object copy;
        if (pixels instanceof byte[]) {
            copy = ((byte[]) pixels).clone();
        } else if (pixels instanceof short[]) {
            copy = ((short[]) pixels).clone();
        } else if (pixels instanceof float[]) {
            copy = ((float[]) pixels).clone();
        } else {
            copy = pixels;
        }
        return new Frame(format, copy, metadata);
    }

    /** A frame that takes ownership of {@code pixels} without copying. */
    public static Frame wrap(FrameFormat format, Object pixels, FrameMetadata metadata) {
        return new Frame(format, pixels, metadata);
    }

    public FrameFormat format() {
        return format;
    }

    public int width() {
        return format.width();
    }

    public int height() {
        return format.height();
    }

    public PixelType pixelType() {
        return format.pixelType();
    }

    public FrameMetadata metadata() {
        return metadata;
    }

    /** The pixel array ({@code byte[]}, {@code short[]} or {@code float[]}); do not modify. */
    public Object pixels() {
        return pixels;
    }

    /** The value of pixel {@code (x, y)}, unsigned for integer types. */
    public float valueAt(int x, int y) {
        int i = y * format.width() + x;
        switch (format.pixelType()) {
            case GRAY8:
                return ((byte[]) pixels)[i] & 0xFF;
            case GRAY16:
                return ((short[]) pixels)[i] & 0xFFFF;
            default:
                return ((float[]) pixels)[i];
        }
    }

    /** This frame with other metadata (pixels shared, not copied). */
    public Frame withMetadata(FrameMetadata newMetadata) {
        return new Frame(format, pixels, newMetadata);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Frame)) {
            return false;
        }
        Frame f = (Frame) o;
        return format.equals(f.format) && metadata.equals(f.metadata) && Arrays.deepEquals(new Object[] {pixels},
                new Object[] {f.pixels});
    }

    @Override
    public int hashCode() {
        return Objects.hash(format, metadata, Arrays.deepHashCode(new Object[] {pixels}));
    }

    @Override
    public String toString() {
        return "Frame{" + format + ", " + metadata + '}';
    }
}
