package org.reflexscope.mm.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import mmcorej.CMMCore;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.frame.PixelCalibration;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.source.FrameSourceException;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.DeviceErrorException;
import org.reflexscope.policy.hardware.DeviceTimeoutException;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;

/**
 * {@link MicroscopeControl} over Micro-Manager's core: the current focus drive, XY stage, camera and
 * configuration groups.
 *
 * <p><b>Threads.</b> Call from one hardware thread (the policy engine's); never from the Swing event thread.
 *
 * <p><b>Completion.</b> Moves poll the device's busy flag ({@code deviceBusy}, every {@value #POLL_INTERVAL_MS}
 * ms) until it is idle or {@link Builder#optTimeoutMs} has passed — Reflex's own deadline: the core's global timeout,
 * which Studio and its acquisitions share, is never changed — then wait an optional settle time (for stages that
 * report "not busy" early), then read the position back. Presets are applied with {@code setConfig} + {@code
 * waitForConfig}, then checked with {@code getCurrentConfig}: {@code waitForConfig} only logs failures, so the check
 * is what tells.
 *
 * <p><b>Errors.</b> Core exceptions become {@link DeviceTimeoutException}, {@link
 * org.reflexscope.policy.hardware.StageLimitException} or {@link DeviceErrorException} with the device named.
 *
 * <p><b>Acquisitions.</b> {@link #acquire} snaps at the current position; a core camera cannot snap while it
 * streams, so when a {@link MmCoreFrameSource} is attached the stream is suspended (drained, nothing lost) and
 * resumed afterwards. Z, channel and exposure are restored even when the acquisition fails.
 *
 * <p><b>Why one class.</b> It is the whole {@link MicroscopeControl} port over the core, one short method per
 * operation, and every operation must follow the same rules stated above (completion, error translation with the
 * device named, the attached stream suspended around a snap, restore on failure) against the same core, state cache
 * and stream; kept together, those rules are written once and every operation visibly follows them.
 */
public final class MmCoreMicroscope implements MicroscopeControl {
    /** How often a move's completion is polled: fine enough to act within a frame at 100 fps. */
    static final long POLL_INTERVAL_MS = 1;

    private final MmCoreApi core;
    private final MmCoreStateCache stateCache;
    private final MmCoreFrameSource stream;
    private final int timeoutMs;
    private final long settleMs;
    private double frameIntervalMs;

    private MmCoreMicroscope(Builder b) {
        this.core = b.coreApi;
        this.stateCache = b.stateCache != null ? b.stateCache
                : b.stream != null ? b.stream.stateCache() : new MmCoreStateCache(core);
        this.stream = b.stream;
        this.timeoutMs = b.timeoutMs;
        this.settleMs = b.settleMs;
        this.frameIntervalMs = b.stream != null ? b.stream.intervalMs() : 0;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public MicroscopeState state() throws HardwareException {
        MicroscopeState.Builder b = MicroscopeState.builder();
        double x = Double.NaN;
        double y = Double.NaN;
        double z = Double.NaN;
        String focus = core.focusDevice();
        String xy = core.xyStageDevice();
        if (!focus.isEmpty()) {
            z = call(focus, "reading the focus position", () -> core.position(focus));
        }
        if (!xy.isEmpty()) {
            double[] p = call(xy, "reading the XY position", () -> core.xyPosition(xy));
            x = p[0];
            y = p[1];
        }
        b.setPosition(x, y, z);
        String channelGroup = core.channelGroup();
        for (String group : new String[] {OBJECTIVE_GROUP, channelGroup}) {
            String actual = coreGroup(group);
            if (!actual.isEmpty() && core.isGroupDefined(actual)) {
                b.optPreset(group, call(actual, "reading the current preset", () -> core.currentConfig(actual)));
            }
        }
        String camera = core.cameraDevice();
        if (!camera.isEmpty()) {
            b.optExposureMs(call(camera, "reading the exposure", core::exposureMs));
            b.optImageSize((int) core.imageWidth(), (int) core.imageHeight());
        }
        b.optFrameIntervalMs(frameIntervalMs);
        double pixel = core.pixelSizeUm();
        if (pixel > 0) {
            b.optPixelSizeUm(pixel).optCalibration(pixelCalibration());
        }
        return b.optTimestampNanos(System.nanoTime()).build();
    }

    /**
     * The pixel-to-stage map of the current objective and binning, from the core's pixel-size affine; square
     * pixels of the pixel size when no affine is defined.
     *
     * @throws DeviceErrorException if no pixel-size preset matches the current hardware (uncalibrated)
     */
    public PixelCalibration pixelCalibration() throws HardwareException {
        double pixel = core.pixelSizeUm();
        if (!(pixel > 0)) {
            throw new DeviceErrorException("Core", "No pixel size is calibrated for the current objective and "
                    + "binning. Define one in Micro-Manager (Devices > Pixel Size Calibration).");
        }
        double[] affine = call("Core", "reading the pixel-size affine", core::pixelSizeAffine);
        return PixelCalibration.fromMicroManagerAffine(affine, pixel);
    }

    @Override
    public void moveZ(double zUm) throws HardwareException {
        String focus = requireDevice(core.focusDevice(), "focus drive", "Focus");
        run(focus, "moving to Z = " + zUm + " µm", () -> core.setPosition(focus, zUm));
        waitFor(focus, "moving to Z = " + zUm + " µm");
        stateCache.refresh();
    }

    @Override
    public void moveXY(double xUm, double yUm) throws HardwareException {
        String xy = requireDevice(core.xyStageDevice(), "XY stage", "XYStage");
        String what = "moving to XY = (" + xUm + ", " + yUm + ") µm";
        run(xy, what, () -> core.setXYPosition(xy, xUm, yUm));
        waitFor(xy, what);
        stateCache.refresh();
    }

    /**
     * The core's name for a group: the port's {@link #OBJECTIVE_GROUP} is the configuration's objective group
     * (shared with the frame source's metadata, "" when the configuration has none); other names are the core's.
     */
    private String coreGroup(String group) {
        return OBJECTIVE_GROUP.equals(group) ? stateCache.objectiveGroup() : group;
    }

    @Override
    public void setPreset(String portGroup, String preset) throws HardwareException {
        Objects.requireNonNull(portGroup, "group");
        Objects.requireNonNull(preset, "preset");
        String group = coreGroup(portGroup);
        if (group.isEmpty()) {
            throw new DeviceErrorException(portGroup, "This configuration has no objective group (none of its "
                    + "groups selects a pixel-size calibration), so Reflex cannot switch objectives. Name the group "
                    + "that switches objectives, or run without policies that switch them.");
        }
        if (!core.isGroupDefined(group)) {
            throw new DeviceErrorException(group, "Configuration group '" + group + "' does not exist. Available "
                    + "groups: " + Arrays.toString(core.availableConfigGroups()) + ".");
        }
        if (!core.isConfigDefined(group, preset)) {
            throw new DeviceErrorException(group, "Preset '" + preset + "' of configuration group '" + group
                    + "' does not exist. Available presets: " + Arrays.toString(core.availableConfigs(group)) + ".");
        }
        String what = "applying preset '" + preset + "'";
        run(group, what, () -> core.setConfig(group, preset));
        run(group, what, () -> core.waitForConfig(group, preset));
        String now = call(group, "reading the current preset", () -> core.currentConfig(group));
        if (!preset.equals(now)) {
            throw new DeviceErrorException(group, "Preset '" + preset + "' of group '" + group + "' did not take: "
                    + "the devices now match '" + now + "'. Check the devices of this group in Micro-Manager's "
                    + "Device Property Browser.");
        }
        stateCache.refresh();
    }

    /** The presets of a group; none for the port's {@link #OBJECTIVE_GROUP} when the configuration has none. */
    @Override
    public List<String> presets(String portGroup) throws HardwareException {
        String group = coreGroup(portGroup);
        if (group.isEmpty()) {
            return List.of();
        }
        if (!core.isGroupDefined(group)) {
            throw new DeviceErrorException(group, "Configuration group '" + group + "' does not exist. Available "
                    + "groups: " + Arrays.toString(core.availableConfigGroups()) + ".");
        }
        return List.of(core.availableConfigs(group));
    }

    @Override
    public void setExposureMs(double exposureMs) throws HardwareException {
        if (!(exposureMs > 0)) {
            throw new IllegalArgumentException("Exposure must be > 0 ms, got " + exposureMs);
        }
        String camera = requireDevice(core.cameraDevice(), "camera", "Camera");
        run(camera, "setting the exposure to " + exposureMs + " ms", () -> core.setExposureMs(exposureMs));
        stateCache.refresh();
    }

    @Override
    public void setFrameIntervalMs(double intervalMs) throws HardwareException {
        if (!(intervalMs >= 0)) {
            throw new IllegalArgumentException("Frame interval must be >= 0 ms, got " + intervalMs);
        }
        frameIntervalMs = intervalMs;
        if (stream != null) {
            stream.setIntervalMs(intervalMs);
        }
    }

    /** Sets the camera ROI in binned pixels; the stream (if attached) is paused around the change. */
    public void setRoi(int x, int y, int width, int height) throws HardwareException {
        if (width <= 0 || height <= 0 || x < 0 || y < 0) {
            throw new IllegalArgumentException("ROI must have x, y >= 0 and a positive size, got " + x + "," + y
                    + " " + width + "x" + height);
        }
        String camera = requireDevice(core.cameraDevice(), "camera", "Camera");
        withStreamSuspended(() -> run(camera, "setting the ROI", () -> core.setRoi(x, y, width, height)));
        stateCache.refresh();
    }

    /** Returns the camera to its full frame; the stream (if attached) is paused around the change. */
    public void clearRoi() throws HardwareException {
        String camera = requireDevice(core.cameraDevice(), "camera", "Camera");
        withStreamSuspended(() -> run(camera, "clearing the ROI", core::clearRoi));
        stateCache.refresh();
    }

    /**
     * Sets the camera's binning (the adapter's own value format, e.g. "2" or "2x2", is found among its allowed
     * values); the stream (if attached) is paused around the change.
     */
    public void setBinning(int factor) throws HardwareException {
        String camera = requireDevice(core.cameraDevice(), "camera", "Camera");
        String[] allowed = call(camera, "reading the allowed binning values",
                () -> core.allowedPropertyValues(camera, "Binning"));
        String value = null;
        for (String v : allowed) {
            if (MmCoreTags.parseBinning(v) == factor && (v.trim().equals(String.valueOf(factor))
                    || v.toLowerCase(java.util.Locale.ROOT).contains("x"))) {
                value = v;
                break;
            }
        }
        if (value == null) {
            throw new DeviceErrorException(camera, "Camera '" + camera + "' does not offer binning " + factor
                    + ". Allowed values: " + Arrays.toString(allowed) + ".");
        }
        String chosen = value;
        withStreamSuspended(() -> run(camera, "setting binning " + chosen,
                () -> core.setProperty(camera, "Binning", chosen)));
        stateCache.refresh();
    }

    /** How long a move may keep its device busy before it fails with a timeout, in ms. */
    public int timeoutMs() {
        return timeoutMs;
    }

    @Override
    public AcquiredStack acquire(AcquisitionRequest request) throws HardwareException {
        Objects.requireNonNull(request, "request");
        MicroscopeState before = state();
        List<Frame> frames = new ArrayList<>(request.frames());
        withStreamSuspended(() -> {
            String channelGroup = core.channelGroup();
            String oldChannel = before.preset(channelGroup);
            double oldExposure = before.exposureMs();
            double oldZ = before.zUm();
            HardwareException failure = null;
            try {
                if (!request.channel().isEmpty()) {
                    if (channelGroup.isEmpty()) {
                        throw new DeviceErrorException("Core", "The request asks for channel '" + request.channel()
                                + "' but Micro-Manager has no channel group. Set one (Devices > Channel group).");
                    }
                    setPreset(channelGroup, request.channel());
                }
                if (!Double.isNaN(request.exposureMs())) {
                    setExposureMs(request.exposureMs());
                }
                for (int i = 0; i < request.frames(); i++) {
                    if (request.kind() == AcquisitionRequest.Kind.Z_STACK) {
                        moveZ(oldZ + request.zStartOffsetUm() + i * request.zStepUm());
                    }
                    frames.add(snap(i, request));
                }
            } catch (HardwareException e) {
                failure = e;
            } finally {
                failure = restore(failure, request, channelGroup, oldChannel, oldExposure, oldZ);
            }
            if (failure != null) {
                throw failure;
            }
        });
        return new AcquiredStack(request, before, frames);
    }

    private HardwareException restore(HardwareException failure, AcquisitionRequest request, String channelGroup,
            String oldChannel, double oldExposure, double oldZ) {
        HardwareException first = failure;
        try {
            if (request.kind() == AcquisitionRequest.Kind.Z_STACK && !Double.isNaN(oldZ)) {
                moveZ(oldZ);
            }
        } catch (HardwareException e) {
            first = keep(first, e);
        }
        try {
            if (!request.channel().isEmpty() && !oldChannel.isEmpty()) {
                setPreset(channelGroup, oldChannel);
            }
        } catch (HardwareException e) {
            first = keep(first, e);
        }
        try {
            if (!Double.isNaN(request.exposureMs()) && oldExposure > 0) {
                setExposureMs(oldExposure);
            }
        } catch (HardwareException e) {
            first = keep(first, e);
        }
        return first;
    }

    private static HardwareException keep(HardwareException first, HardwareException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private Frame snap(int index, AcquisitionRequest request) throws HardwareException {
        String camera = requireDevice(core.cameraDevice(), "camera", "Camera");
        if (core.numberOfComponents() != 1) {
            throw new DeviceErrorException(camera, MmCoreFrameSource.rgbMessage(camera));
        }
        run(camera, "snapping frame " + index + " of " + request.name(), core::snapImage);
        Object pixels = call(camera, "reading the snapped image", core::image);
        PixelType type;
        try {
            type = MmCoreFrameSource.pixelType(core.bytesPerPixel(), camera);
        } catch (FrameSourceException e) {
            throw new DeviceErrorException(camera, e.getMessage(), e);
        }
        FrameFormat format = FrameFormat.of((int) core.imageWidth(), (int) core.imageHeight(), type);
        MmCoreStateCache.Snapshot s = stateCache.current();
        double z = s.zUm;
        FrameMetadata md = FrameMetadata.builder().optImageNumber(index).optExposureMs(s.exposureMs)
                .optStage(s.xUm, s.yUm, z).optPixelSizeUm(s.pixelSizeUm).optBinning(s.binning)
                .optRoiOffset(s.roiX, s.roiY).optChannel(s.channel).optObjective(s.objective)
                .optTag("acquisition", request.name()).build();
        try {
            return Frame.wrap(format, pixels, md);
        } catch (IllegalArgumentException e) {
            throw new DeviceErrorException(camera, "Camera '" + camera + "' returned an image that does not match "
                    + "its reported format " + format + ": " + e.getMessage(), e);
        }
    }

    private void withStreamSuspended(HardwareAction action) throws HardwareException {
        if (stream == null) {
            action.run();
            return;
        }
        boolean suspended;
        try {
            suspended = stream.suspendStreaming(Math.max(timeoutMs, 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.resumeStreaming();
            throw new DeviceErrorException("Camera", "Interrupted while pausing the stream for an acquisition.");
        }
        try {
            if (!suspended) {
                throw new DeviceTimeoutException("Camera", "The frame stream did not drain within "
                        + Math.max(timeoutMs, 1000) + " ms, so the camera cannot snap; the pipeline may be stalled "
                        + "(a slow recorder). Nothing was acquired.", Math.max(timeoutMs, 1000));
            }
            action.run();
        } finally {
            stream.resumeStreaming();
        }
    }

    private void waitFor(String device, String what) throws HardwareException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (call(device, what + " (asking whether the device is busy)", () -> core.deviceBusy(device))) {
            if (System.nanoTime() - deadline >= 0) {
                throw new DeviceTimeoutException(device, "Device '" + device + "': " + what + " did not complete: "
                        + "still busy after " + timeoutMs + " ms; its position is unknown until read back. Check the "
                        + "device, or raise the timeout (optTimeoutMs) if it is merely slow.", timeoutMs);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_INTERVAL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeviceErrorException(device, "Interrupted while waiting for '" + device + "' to finish "
                        + what + "; its position is unknown until read back.");
            }
        }
        if (settleMs > 0) {
            try {
                TimeUnit.MILLISECONDS.sleep(settleMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeviceErrorException(device, "Interrupted while waiting for '" + device + "' to settle.");
            }
        }
    }

    private static String requireDevice(String label, String role, String example) throws DeviceErrorException {
        if (label == null || label.isEmpty()) {
            throw new DeviceErrorException("", "Micro-Manager has no " + role + " set. Load a hardware "
                    + "configuration with one (e.g. '" + example + "' in MMConfig_demo.cfg) and assign the role.");
        }
        return label;
    }

    private void run(String device, String what, CoreAction action) throws HardwareException {
        try {
            action.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw MmCoreErrors.map(device, what, e, timeoutMs);
        }
    }

    private <T> T call(String device, String what, CoreCall<T> action) throws HardwareException {
        try {
            return action.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw MmCoreErrors.map(device, what, e, timeoutMs);
        }
    }

    @FunctionalInterface
    private interface CoreAction {
        void run() throws Exception;
    }

    @FunctionalInterface
    private interface CoreCall<T> {
        T call() throws Exception;
    }

    @FunctionalInterface
    private interface HardwareAction {
        void run() throws HardwareException;
    }

    /** Builder of {@link MmCoreMicroscope}: {@code setCore} is required, the rest optional. */
    public static final class Builder {
        private MmCoreApi coreApi;
        private MmCoreStateCache stateCache;
        private MmCoreFrameSource stream;
        private int timeoutMs = 10_000;
        private long settleMs;

        private Builder() {
        }

        /** The core to command (required). */
        public Builder setCore(CMMCore core) {
            this.coreApi = new CmmCoreApi(Objects.requireNonNull(core, "core"));
            return this;
        }

        Builder setCoreApi(MmCoreApi api) {
            this.coreApi = Objects.requireNonNull(api, "api");
            return this;
        }

        Builder optStateCache(MmCoreStateCache cache) {
            this.stateCache = cache;
            return this;
        }

        /** The stream to pause around snaps, ROI and binning changes (built on the same core). */
        public Builder optStream(MmCoreFrameSource source) {
            this.stream = source;
            return this;
        }

        /**
         * How long a move may keep its device busy, in ms (default 10 000; the core's own default of 5 000 is short
         * for slow stages). Reflex's own deadline: the core's global timeout is left as Studio set it.
         */
        public Builder optTimeoutMs(int ms) {
            if (ms <= 0) {
                throw new IllegalArgumentException("Timeout must be > 0 ms, got " + ms);
            }
            this.timeoutMs = ms;
            return this;
        }

        /** Extra wait after each move, for stages that report "not busy" before they settle (default 0). */
        public Builder optSettleMs(long ms) {
            if (ms < 0) {
                throw new IllegalArgumentException("Settle time must be >= 0 ms, got " + ms);
            }
            this.settleMs = ms;
            return this;
        }

        public MmCoreMicroscope build() {
            if (coreApi == null) {
                throw new IllegalStateException("MmCoreMicroscope needs a core: call setCore(core) first.");
            }
            return new MmCoreMicroscope(this);
        }
    }
}
