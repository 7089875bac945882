package org.reflexscope.mm.core;

import java.util.Objects;
import mmcorej.CMMCore;
import mmcorej.Configuration;
import mmcorej.DoubleVector;
import mmcorej.Metadata;
import mmcorej.PropertySetting;
import mmcorej.StrVector;

/**
 * {@link MmCoreApi} over a real {@link CMMCore}: each method forwards to one core call.
 *
 * <p><b>Binary compatibility.</b> Only calls that bind on both the SWIG-3 MMCoreJ shipped with Micro-Manager and
 * newer SWIG-4 builds are used: vectors are read with {@code toArray()}, never {@code size()}/{@code get()}.
 *
 * <p><b>Per-frame cost.</b> Frames are popped with {@code popNextImageMD} into one reused {@link Metadata}: unlike
 * {@code popNextTaggedImage} it builds no JSON and copies no system-state cache, so the cost per frame is the
 * pixel copy made by MMCoreJ plus two tag reads.
 */
final class CmmCoreApi implements MmCoreApi {
    private static final String IMAGE_NUMBER = "ImageNumber";
    private static final String ELAPSED_TIME_MS = "ElapsedTime-ms";

    private final CMMCore core;
    /** Reused by the producer thread only (see {@link #popNextImage}). */
    private final Metadata frameMetadata = new Metadata();

    CmmCoreApi(CMMCore core) {
        this.core = Objects.requireNonNull(core, "core");
    }

    CMMCore core() {
        return core;
    }

    @Override
    public String cameraDevice() {
        return core.getCameraDevice();
    }

    @Override
    public String focusDevice() {
        return core.getFocusDevice();
    }

    @Override
    public String xyStageDevice() {
        return core.getXYStageDevice();
    }

    @Override
    public String channelGroup() {
        return core.getChannelGroup();
    }

    @Override
    public long imageWidth() {
        return core.getImageWidth();
    }

    @Override
    public long imageHeight() {
        return core.getImageHeight();
    }

    @Override
    public long bytesPerPixel() {
        return core.getBytesPerPixel();
    }

    @Override
    public long numberOfComponents() {
        return core.getNumberOfComponents();
    }

    @Override
    public void startSequenceAcquisition(int numImages, double intervalMs, boolean stopOnOverflow) throws Exception {
        core.startSequenceAcquisition(numImages, intervalMs, stopOnOverflow);
    }

    @Override
    public void startContinuousSequenceAcquisition(double intervalMs) throws Exception {
        core.startContinuousSequenceAcquisition(intervalMs);
    }

    @Override
    public void stopSequenceAcquisition() throws Exception {
        core.stopSequenceAcquisition();
    }

    @Override
    public boolean isSequenceRunning() {
        return core.isSequenceRunning();
    }

    @Override
    public int remainingImageCount() {
        return core.getRemainingImageCount();
    }

    @Override
    public boolean isBufferOverflowed() {
        return core.isBufferOverflowed();
    }

    @Override
    public Object popNextImage(RawFrameTags tags) throws Exception {
        frameMetadata.Clear();
        Object pixels = core.popNextImageMD(frameMetadata);
        tags.clear();
        if (frameMetadata.HasTag(IMAGE_NUMBER)) {
            tags.imageNumber = frameMetadata.GetSingleTag(IMAGE_NUMBER).GetValue();
        }
        if (frameMetadata.HasTag(ELAPSED_TIME_MS)) {
            tags.elapsedTimeMs = frameMetadata.GetSingleTag(ELAPSED_TIME_MS).GetValue();
        }
        return pixels;
    }

    @Override
    public double position(String stage) throws Exception {
        return core.getPosition(stage);
    }

    @Override
    public void setPosition(String stage, double um) throws Exception {
        core.setPosition(stage, um);
    }

    @Override
    public double[] xyPosition(String stage) throws Exception {
        double[] x = new double[1];
        double[] y = new double[1];
        core.getXYPosition(stage, x, y);
        return new double[] {x[0], y[0]};
    }

    @Override
    public void setXYPosition(String stage, double xUm, double yUm) throws Exception {
        core.setXYPosition(stage, xUm, yUm);
    }

    @Override
    public boolean deviceBusy(String label) throws Exception {
        return core.deviceBusy(label);
    }

    @Override
    public boolean isGroupDefined(String group) {
        return core.isGroupDefined(group);
    }

    @Override
    public boolean isConfigDefined(String group, String preset) {
        return core.isConfigDefined(group, preset);
    }

    @Override
    public String[] availableConfigGroups() {
        return strings(core.getAvailableConfigGroups());
    }

    @Override
    public String[] availableConfigs(String group) {
        return strings(core.getAvailableConfigs(group));
    }

    @Override
    public void setConfig(String group, String preset) throws Exception {
        core.setConfig(group, preset);
    }

    @Override
    public void waitForConfig(String group, String preset) throws Exception {
        core.waitForConfig(group, preset);
    }

    @Override
    public String currentConfig(String group) throws Exception {
        return core.getCurrentConfig(group);
    }

    @Override
    public double pixelSizeUm() {
        return core.getPixelSizeUm();
    }

    @Override
    public double[] pixelSizeAffine() throws Exception {
        return doubles(core.getPixelSizeAffine());
    }

    @Override
    public double exposureMs() throws Exception {
        return core.getExposure();
    }

    @Override
    public void setExposureMs(double ms) throws Exception {
        core.setExposure(ms);
    }

    @Override
    public int[] roi() throws Exception {
        int[] x = new int[1];
        int[] y = new int[1];
        int[] w = new int[1];
        int[] h = new int[1];
        core.getROI(x, y, w, h);
        return new int[] {x[0], y[0], w[0], h[0]};
    }

    @Override
    public void setRoi(int x, int y, int width, int height) throws Exception {
        core.setROI(x, y, width, height);
    }

    @Override
    public void clearRoi() throws Exception {
        core.clearROI();
    }

    @Override
    public boolean hasProperty(String device, String property) throws Exception {
        return core.hasProperty(device, property);
    }

    @Override
    public String property(String device, String property) throws Exception {
        return core.getProperty(device, property);
    }

    @Override
    public String[] propertyNames(String device) throws Exception {
        return strings(core.getDevicePropertyNames(device));
    }

    @Override
    public void setProperty(String device, String property, String value) throws Exception {
        core.setProperty(device, property, value);
    }

    @Override
    public String[] allowedPropertyValues(String device, String property) throws Exception {
        return strings(core.getAllowedPropertyValues(device, property));
    }

    @Override
    public String[][] configSettings(String group, String preset) throws Exception {
        return settings(core.getConfigData(group, preset));
    }

    @Override
    public String[] pixelSizeConfigs() {
        return strings(core.getAvailablePixelSizeConfigs());
    }

    @Override
    public String[][] pixelSizeConfigSettings(String config) throws Exception {
        return settings(core.getPixelSizeConfigData(config));
    }

    @Override
    public double pixelSizeUmOf(String config) throws Exception {
        return core.getPixelSizeUmByID(config);
    }

    @Override
    public long stateFromLabel(String device, String label) throws Exception {
        return core.getStateFromLabel(device, label);
    }

    @Override
    public double[] propertyLimits(String device, String property) throws Exception {
        if (!core.hasProperty(device, property) || !core.hasPropertyLimits(device, property)) {
            return null;
        }
        return new double[] {core.getPropertyLowerLimit(device, property),
            core.getPropertyUpperLimit(device, property)};
    }

    private static String[][] settings(Configuration c) throws Exception {
        String[][] rows = new String[(int) c.size()][];
        for (int i = 0; i < rows.length; i++) {
            PropertySetting s = c.getSetting(i);
            rows[i] = new String[] {s.getDeviceLabel(), s.getPropertyName(), s.getPropertyValue()};
        }
        return rows;
    }

    @Override
    public void snapImage() throws Exception {
        core.snapImage();
    }

    @Override
    public Object image() throws Exception {
        return core.getImage();
    }

    private static String[] strings(StrVector v) {
        return v == null ? new String[0] : v.toArray();
    }

    private static double[] doubles(DoubleVector v) {
        if (v == null) {
            return new double[0];
        }
        Double[] boxed = v.toArray();
        double[] out = new double[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            out[i] = boxed[i] == null ? Double.NaN : boxed[i];
        }
        return out;
    }
}
