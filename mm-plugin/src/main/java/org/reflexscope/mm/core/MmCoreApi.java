package org.reflexscope.mm.core;

/**
 * The handful of Micro-Manager core calls Reflex uses: the seam between Reflex's logic and {@code mmcorej.CMMCore}.
 *
 * <p>{@link CmmCoreApi} forwards each method to a real core; tests implement it with a double that behaves like
 * the demo configuration. Keeping the seam small and free of MMCoreJ types (vectors become arrays) is what lets
 * the conversion, metadata, gap-detection and error-mapping logic be tested without a native core.
 *
 * <p><b>Errors.</b> Methods declared {@code throws Exception} fail the way the core does: a plain
 * {@link Exception} carrying the core's message. Callers map them to typed errors ({@link MmCoreErrors}).
 *
 * <p><b>Threads.</b> Same as the core: the circular-buffer calls may run on the producer thread while another
 * thread commands hardware; state changes must come from one thread.
 */
interface MmCoreApi {

    /** Raw per-frame tags, filled in place by {@link #popNextImage(RawFrameTags)} (no allocation by Reflex). */
    final class RawFrameTags {
        /** The camera's {@code ImageNumber} tag: a String, a Number, or {@code null} when absent. */
        Object imageNumber;
        /** The {@code ElapsedTime-ms} tag: a String, a Number, or {@code null} when absent. */
        Object elapsedTimeMs;

        void clear() {
            imageNumber = null;
            elapsedTimeMs = null;
        }
    }

    String cameraDevice();

    String focusDevice();

    String xyStageDevice();

    String channelGroup();

    long imageWidth();

    long imageHeight();

    long bytesPerPixel();

    long numberOfComponents();

    void startSequenceAcquisition(int numImages, double intervalMs, boolean stopOnOverflow) throws Exception;

    void startContinuousSequenceAcquisition(double intervalMs) throws Exception;

    void stopSequenceAcquisition() throws Exception;

    boolean isSequenceRunning();

    int remainingImageCount();

    boolean isBufferOverflowed();

    /** Pops the oldest frame of the circular buffer; throws "Circular buffer is empty" when there is none. */
    Object popNextImage(RawFrameTags tags) throws Exception;

    double position(String stage) throws Exception;

    void setPosition(String stage, double um) throws Exception;

    /** {@code {x, y}} of {@code stage} in µm. */
    double[] xyPosition(String stage) throws Exception;

    void setXYPosition(String stage, double xUm, double yUm) throws Exception;

    /**
     * Whether {@code label} reports itself busy (moving, or within its action delay). Reflex polls this with its own
     * deadline instead of the core's {@code waitForDevice}, whose timeout is global to the core (and so to Studio).
     */
    boolean deviceBusy(String label) throws Exception;

    boolean isGroupDefined(String group);

    boolean isConfigDefined(String group, String preset);

    String[] availableConfigGroups();

    String[] availableConfigs(String group);

    void setConfig(String group, String preset) throws Exception;

    void waitForConfig(String group, String preset) throws Exception;

    String currentConfig(String group) throws Exception;

    /** µm per pixel, or 0 when uncalibrated (the core's legacy convention). */
    double pixelSizeUm();

    /** The 6-number pixel-size affine {@code [a, b, tx, c, d, ty]}. */
    double[] pixelSizeAffine() throws Exception;

    double exposureMs() throws Exception;

    void setExposureMs(double ms) throws Exception;

    /** {@code {x, y, width, height}} of the camera ROI in binned pixels. */
    int[] roi() throws Exception;

    void setRoi(int x, int y, int width, int height) throws Exception;

    void clearRoi() throws Exception;

    boolean hasProperty(String device, String property) throws Exception;

    String property(String device, String property) throws Exception;

    /** The names of a device's properties. Default: none (a core without property listing). */
    default String[] propertyNames(String device) throws Exception {
        return new String[0];
    }

    void setProperty(String device, String property, String value) throws Exception;

    String[] allowedPropertyValues(String device, String property) throws Exception;

    /**
     * The device settings of a preset, one {@code {device, property, value}} row each. Default: none (a core without
     * configuration data).
     */
    default String[][] configSettings(String group, String preset) throws Exception {
        return new String[0][];
    }

    /** Names of the pixel-size configurations. Default: none. */
    default String[] pixelSizeConfigs() {
        return new String[0];
    }

    /** The device settings that select a pixel-size configuration, as {@link #configSettings}. Default: none. */
    default String[][] pixelSizeConfigSettings(String config) throws Exception {
        return new String[0][];
    }

    /** The pixel size of a pixel-size configuration (µm). Default: unknown (NaN). */
    default double pixelSizeUmOf(String config) throws Exception {
        return Double.NaN;
    }

    /** The state number of a state device's label. Default: the label is not known. */
    default long stateFromLabel(String device, String label) throws Exception {
        throw new Exception("No state label '" + label + "' on device '" + device + "'");
    }

    /** A property's {@code {lower, upper}} limits, or {@code null} when it has none. Default: none. */
    default double[] propertyLimits(String device, String property) throws Exception {
        return null;
    }

    void snapImage() throws Exception;

    /** The pixels of the last snap (a new array). */
    Object image() throws Exception;
}
