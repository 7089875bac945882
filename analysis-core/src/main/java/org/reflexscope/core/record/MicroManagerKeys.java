package org.reflexscope.core.record;

/**
 * Metadata keys written into each image of an NDTiff dataset: Micro-Manager's own key names where they exist, so
 * that Micro-Manager, NDViewer and pycro-manager read them, and {@code Reflex-*} keys for the rest.
 */
public final class MicroManagerKeys {
    public static final String IMAGE_NUMBER = "ImageNumber";
    public static final String ELAPSED_TIME_MS = "ElapsedTime-ms";
    public static final String EXPOSURE_MS = "Exposure-ms";
    public static final String X_POSITION_UM = "XPositionUm";
    public static final String Y_POSITION_UM = "YPositionUm";
    public static final String Z_POSITION_UM = "ZPositionUm";
    public static final String PIXEL_SIZE_UM = "PixelSizeUm";
    public static final String BINNING = "Binning";
    public static final String WIDTH = "Width";
    public static final String HEIGHT = "Height";
    public static final String PIXEL_TYPE = "PixelType";
    public static final String BIT_DEPTH = "BitDepth";
    /** Micro-Manager's ROI string {@code "x-y-width-height"}. */
    public static final String ROI = "ROI";
    public static final String CHANNEL = "Channel";
    public static final String OBJECTIVE = "Reflex-Objective";
    public static final String ROI_X = "Reflex-RoiX";
    public static final String ROI_Y = "Reflex-RoiY";
    /** The pipeline's publish sequence (0, 1, 2, ...) of the frame. */
    public static final String SEQUENCE = "Reflex-Sequence";
    /** When the frame left the camera, {@code System.nanoTime()} clock of the recording JVM. */
    public static final String CAMERA_NANOS = "Reflex-CameraNanos";
    /** When the pipeline published the frame, {@code System.nanoTime()} clock of the recording JVM. */
    public static final String PUBLISHED_NANOS = "Reflex-PublishedNanos";
    /** The frame's free-form tags, as a JSON object of strings. */
    public static final String TAGS = "Reflex-Tags";
    /** Summary metadata: what wrote the dataset. */
    public static final String SOFTWARE = "Software";
    /** NDTiff axis of a streamed recording and of time-lapse stacks. */
    public static final String AXIS_TIME = "time";
    /** NDTiff axis of a z-stack. */
    public static final String AXIS_Z = "z";

    private MicroManagerKeys() {
    }
}
