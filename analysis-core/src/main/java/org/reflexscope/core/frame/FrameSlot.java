package org.reflexscope.core.frame;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One preallocated slot of the frame ring: a pixel array sized for the ring's largest frame plus the frame's
 * metadata and timestamps, all mutable so that no object is allocated per frame (contract 3 in docs/architecture.md).
 *
 * <p><b>Ownership.</b> A slot is written only by the producer thread (through {@link
 * org.reflexscope.core.source.FrameSource#fill(FrameSlot, long, java.util.concurrent.TimeUnit)}) before it is
 * published, and read by consumers only while they hold it inside their handler. It must never escape a handler:
 * copy what you keep with {@link #toFrame()} or {@link #metadata()}.
 *
 * <p><b>Pixels.</b> The array of the slot's {@link PixelType} holds the frame row-major in its first
 * {@code width × height} elements; integer pixels are unsigned (see {@link PixelType}).
 *
 * <p><b>Timestamps</b> ({@link System#nanoTime()} clock): {@link #cameraNanos()} when the frame left the camera
 * (set by the source), {@link #publishedNanos()} when the pipeline published it.
 */
public final class FrameSlot {
    private final FrameFormat capacity;
    private final byte[] bytes;
    private final short[] shorts;
    private final float[] floats;

    private int width;
    private int height;

    private long sequence = -1;
    private long cameraNanos;
    private long publishedNanos;

    private long imageNumber;
    private double cameraTimeMs = Double.NaN;
    private double exposureMs = Double.NaN;
    private double stageXUm = Double.NaN;
    private double stageYUm = Double.NaN;
    private double stageZUm = Double.NaN;
    private double pixelSizeUm = Double.NaN;
    private int binning = 1;
    private int roiX;
    private int roiY;
    private String channel = "";
    private String objective = "";
    private final Map<String, String> tags = new LinkedHashMap<>();

    /** A slot able to hold any frame that {@code capacity} {@link FrameFormat#fits(FrameFormat) fits}. */
    public FrameSlot(FrameFormat capacity) {
        this.capacity = Objects.requireNonNull(capacity, "capacity");
        int n = capacity.pixelCount();
        PixelType t = capacity.pixelType();
        this.bytes = t == PixelType.GRAY8 ? new byte[n] : null;
        this.shorts = t == PixelType.GRAY16 ? new short[n] : null;
        this.floats = t == PixelType.GRAY32F ? new float[n] : null;
        this.width = capacity.width();
        this.height = capacity.height();
    }

    /** The largest format this slot holds. */
    public FrameFormat capacity() {
        return capacity;
    }

    public PixelType pixelType() {
        return capacity.pixelType();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int pixelCount() {
        return width * height;
    }

    /** The current frame's format (allocates; not for the hot path). */
    public FrameFormat format() {
        return FrameFormat.of(width, height, capacity.pixelType());
    }

    /**
     * Sets the size of the frame about to be written.
     *
     * @throws IllegalArgumentException if the frame does not fit the slot: a frame of the wrong size
     */
    public FrameSlot setSize(int width, int height) {
        if (width <= 0 || height <= 0 || (long) width * height > capacity.pixelCount()) {
            throw new IllegalArgumentException("A " + width + "x" + height + " frame does not fit the ring's "
                    + capacity + " slots. Restart the pipeline with a source whose maxFormat() covers this frame"
                    + " (a larger ROI or less binning).");
        }
        this.width = width;
        this.height = height;
        return this;
    }

    /** The 8-bit pixel array (length ≥ {@link #pixelCount()}). @throws IllegalStateException for another type */
    public byte[] bytes() {
        if (bytes == null) {
            throw wrongType(PixelType.GRAY8);
        }
        return bytes;
    }

    /** The 16-bit pixel array (length ≥ {@link #pixelCount()}). @throws IllegalStateException for another type */
    public short[] shorts() {
        if (shorts == null) {
            throw wrongType(PixelType.GRAY16);
        }
        return shorts;
    }

    /** The float pixel array (length ≥ {@link #pixelCount()}). @throws IllegalStateException for another type */
    public float[] floats() {
        if (floats == null) {
            throw wrongType(PixelType.GRAY32F);
        }
        return floats;
    }

    /** The pixel array of the slot's type ({@code byte[]}, {@code short[]} or {@code float[]}). */
    public Object pixelArray() {
        switch (capacity.pixelType()) {
            case GRAY8:
                return bytes;
            case GRAY16:
                return shorts;
            default:
                return floats;
        }
    }

    private IllegalStateException wrongType(PixelType asked) {
        return new IllegalStateException("This slot holds " + capacity.pixelType() + " pixels, not " + asked);
    }

    /** The value of pixel {@code index} (row-major), unsigned for integer types. */
    public float valueAt(int index) {
        switch (capacity.pixelType()) {
            case GRAY8:
                return bytes[index] & 0xFF;
            case GRAY16:
                return shorts[index] & 0xFFFF;
            default:
                return floats[index];
        }
    }

    /**
     * Copies a whole frame's pixels from a Java array of the slot's type and sets its size.
     *
     * @throws IllegalArgumentException if the array is of another type, or shorter than {@code width × height},
     *     or the frame does not fit
     */
    public FrameSlot copyPixelsFrom(Object source, int width, int height) {
        setSize(width, height);
        int n = width * height;
        Object dst = pixelArray();
        if (source == null || source.getClass() != dst.getClass()) {
            throw new IllegalArgumentException("Expected a " + dst.getClass().getSimpleName() + " of "
                    + capacity.pixelType() + " pixels, got " + (source == null ? "null"
                    : source.getClass().getSimpleName()));
        }
        int len = java.lang.reflect.Array.getLength(source);
        if (len < n) {
            throw new IllegalArgumentException("A " + width + "x" + height + " frame needs " + n + " pixels, the "
                    + "array holds " + len);
        }
        System.arraycopy(source, 0, dst, 0, n);
        return this;
    }

    /** Pipeline-assigned publish sequence: 0 for the first published frame, then +1 per frame. */
    public long sequence() {
        return sequence;
    }

    /** Set by the pipeline when it claims the slot; sources must not call it. */
    public void setSequence(long sequence) {
        this.sequence = sequence;
    }

    /** When the frame left the camera, on the {@link System#nanoTime()} clock (set by the source). */
    public long cameraNanos() {
        return cameraNanos;
    }

    public FrameSlot setCameraNanos(long v) {
        cameraNanos = v;
        return this;
    }

    /** When the pipeline published the frame, on the {@link System#nanoTime()} clock. */
    public long publishedNanos() {
        return publishedNanos;
    }

    /** Set by the pipeline at publish time; sources must not call it. */
    public void setPublishedNanos(long v) {
        publishedNanos = v;
    }

    public long imageNumber() {
        return imageNumber;
    }

    public FrameSlot setImageNumber(long v) {
        imageNumber = v;
        return this;
    }

    public double cameraTimeMs() {
        return cameraTimeMs;
    }

    public FrameSlot setCameraTimeMs(double v) {
        cameraTimeMs = v;
        return this;
    }

    public double exposureMs() {
        return exposureMs;
    }

    public FrameSlot setExposureMs(double v) {
        exposureMs = v;
        return this;
    }

    public double stageXUm() {
        return stageXUm;
    }

    public double stageYUm() {
        return stageYUm;
    }

    public double stageZUm() {
        return stageZUm;
    }

    public FrameSlot setStage(double xUm, double yUm, double zUm) {
        stageXUm = xUm;
        stageYUm = yUm;
        stageZUm = zUm;
        return this;
    }

    public double pixelSizeUm() {
        return pixelSizeUm;
    }

    public FrameSlot setPixelSizeUm(double v) {
        pixelSizeUm = v;
        return this;
    }

    public int binning() {
        return binning;
    }

    public FrameSlot setBinning(int v) {
        binning = v;
        return this;
    }

    public int roiX() {
        return roiX;
    }

    public int roiY() {
        return roiY;
    }

    public FrameSlot setRoiOffset(int x, int y) {
        roiX = x;
        roiY = y;
        return this;
    }

    public String channel() {
        return channel;
    }

    public FrameSlot setChannel(String v) {
        channel = Objects.requireNonNull(v, "channel");
        return this;
    }

    public String objective() {
        return objective;
    }

    public FrameSlot setObjective(String v) {
        objective = Objects.requireNonNull(v, "objective");
        return this;
    }

    /** The slot's free-form tags, reused from frame to frame: a source clears it before filling. */
    public Map<String, String> tags() {
        return tags;
    }

    /** Resets metadata (not pixels) to "unknown" before a source fills the slot again. */
    public FrameSlot clearMetadata() {
        imageNumber = 0;
        cameraNanos = 0;
        cameraTimeMs = Double.NaN;
        exposureMs = Double.NaN;
        stageXUm = Double.NaN;
        stageYUm = Double.NaN;
        stageZUm = Double.NaN;
        pixelSizeUm = Double.NaN;
        binning = 1;
        roiX = 0;
        roiY = 0;
        channel = "";
        objective = "";
        tags.clear();
        return this;
    }

    /** Copies this slot's metadata into an immutable value (allocates). */
    public FrameMetadata metadata() {
        return FrameMetadata.builder().optImageNumber(imageNumber).optCameraTimeMs(cameraTimeMs)
                .optExposureMs(exposureMs).optStage(stageXUm, stageYUm, stageZUm).optPixelSizeUm(pixelSizeUm)
                .optBinning(binning).optRoiOffset(roiX, roiY).optChannel(channel).optObjective(objective)
                .optTags(tags).build();
    }

    /** Sets this slot's metadata from an immutable value (tags are copied into the reused map). */
    public FrameSlot setMetadata(FrameMetadata m) {
        imageNumber = m.imageNumber();
        cameraTimeMs = m.cameraTimeMs();
        exposureMs = m.exposureMs();
        stageXUm = m.stageXUm();
        stageYUm = m.stageYUm();
        stageZUm = m.stageZUm();
        pixelSizeUm = m.pixelSizeUm();
        binning = m.binning();
        roiX = m.roiX();
        roiY = m.roiY();
        channel = m.channel();
        objective = m.objective();
        tags.clear();
        tags.putAll(m.tags());
        return this;
    }

    /** Copies the current frame (pixels and metadata) into an immutable {@link Frame} (allocates). */
    public Frame toFrame() {
        int n = pixelCount();
        Object copy;
        switch (capacity.pixelType()) {
            case GRAY8:
                copy = java.util.Arrays.copyOf(bytes, n);
                break;
            case GRAY16:
                copy = java.util.Arrays.copyOf(shorts, n);
                break;
            default:
                copy = java.util.Arrays.copyOf(floats, n);
                break;
        }
        return Frame.wrap(FrameFormat.of(width, height, capacity.pixelType()), copy, metadata());
    }
}
