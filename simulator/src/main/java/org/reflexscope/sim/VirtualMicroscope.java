package org.reflexscope.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.core.source.FrameSourceException;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.DeviceErrorException;
import org.reflexscope.policy.hardware.DeviceTimeoutException;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.sim.optics.FocusDrift;
import org.reflexscope.sim.optics.Objective;
import org.reflexscope.sim.render.FrameRenderer;
import org.reflexscope.sim.render.RenderView;
import org.reflexscope.sim.render.SyntheticRenderer;
import org.reflexscope.sim.scenario.CameraSettings;
import org.reflexscope.sim.scenario.ClockMode;
import org.reflexscope.sim.scenario.ObjectiveSettings;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.score.FrameRecord;
import org.reflexscope.sim.score.HiResRecord;
import org.reflexscope.sim.score.RunTrace;
import org.reflexscope.sim.specimen.Specimen;
import org.reflexscope.sim.specimen.Specimens;
import org.reflexscope.sim.stage.StageAxis;
import org.reflexscope.sim.stage.TravelLimits;
import org.reflexscope.sim.truth.GroundTruth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A seeded, deterministic virtual microscope: a simulated specimen (or replayed data) seen through virtual optics,
 * camera and stage. It is both the camera ({@link FrameSource}) and the actuators ({@link MicroscopeControl}), so
 * the pipeline and the policies run on it exactly as on Micro-Manager; it also knows the {@link GroundTruth} and
 * records a {@link RunTrace} of what happened, for the {@link org.reflexscope.sim.score.Scorer}.
 *
 * <pre>{@code
 * try (VirtualMicroscope scope = VirtualMicroscope.of(Scenario.builtIn("drifting-focus-beads"))) {
 *     scope.start();
 *     FrameSlot slot = new FrameSlot(scope.maxFormat());
 *     scope.fill(slot, 1, TimeUnit.SECONDS);          // producer thread
 *     scope.moveZ(scope.groundTruth().focalPlaneUm(scope.timeMs()));   // hardware thread
 * }
 * }</pre>
 *
 * <p><b>Time.</b> In {@link ClockMode#VIRTUAL} mode frames come as fast as they are asked for and frame k's time
 * is the sum of the k frame intervals before it, whatever the wall time: commands take effect from the next frame
 * and take no simulated time. In {@link ClockMode#REAL_TIME} mode {@code fill} waits until each frame is due
 * (interval pacing from {@code start()}), and moves and acquisitions sleep for their simulated duration; with a
 * finite {@code camera.bufferFrames}, frames the reader is too late for are overwritten and counted as lost.
 * The frame interval is {@code max(interval, exposure)}; interval 0 means one exposure per frame. A renderer that
 * replays a recording with per-frame times places frames at the first recorded time at least that interval after
 * the previous frame ({@link FrameRenderer#nextFrameTimeMs}).
 *
 * <p><b>Threads.</b> As the ports say: {@link #fill} from the pipeline's producer thread, commands from the one
 * hardware thread; {@link #start}, {@link #stop}, {@link #close}, {@link #groundTruth}, {@link #trace} and
 * {@link #faults} from any thread. Live frames are rendered on the producer thread, acquisitions on the hardware
 * thread, each with its own renderer; state is shared under a lock held only briefly.
 *
 * <p><b>Metadata.</b> Image numbers start at 0 and leave gaps for dropped frames; {@code cameraTimeMs} is the
 * simulated time; {@code cameraNanos} is {@link System#nanoTime()} when the frame was delivered (virtual clock) or
 * when it was due (real-time clock). ROI offsets are in binned pixels.
 *
 * <p><b>Errors.</b> Stage targets outside the travel range: {@link org.reflexscope.policy.hardware.StageLimitException}
 * and nothing moves. Unknown presets, bad exposures and injected errors: {@link DeviceErrorException}. Injected
 * timeouts: {@link DeviceTimeoutException}. A frozen camera: {@code fill} returns {@code TIMEOUT}.
 */
public final class VirtualMicroscope implements FrameSource, MicroscopeControl {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualMicroscope.class);
    private static final long ACQUISITION_KEY_BASE = 1L << 48;

    private final Scenario scenario;
    private final ClockMode clock;
    private final long frameLimit;
    private final boolean recordTrace;
    private final Map<String, Objective> objectives;
    private final GroundTruth truth;
    private final FrameRenderer liveRenderer;
    private final FrameRenderer acquireRenderer;
    private final TravelLimits limits;
    private final FaultInjector faults;
    private final FrameFormat maxFormat;
    private final int sensorWidth;
    private final int sensorHeight;
    private final int binning;
    private final int roiX;
    private final int roiY;
    /** Image numbers the scenario drops, sorted (a primitive array: no boxing per frame). */
    private final long[] scriptedDrops;
    private final long freezeAt;
    private final double halfDoseMs;
    private final double illumination;
    private final double timeoutMs;
    private final int bufferFrames;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private double xUm;
    private double yUm;
    private double zUm;
    private Objective objective;
    private String channel;
    private double exposureMs;
    private double intervalMs;
    private double doseMs;
    private boolean started;
    private boolean stopped;
    private boolean closed;
    /** Real-time clock: the camera is taking an acquisition's frames, so the live stream waits (as one camera). */
    private boolean cameraBusy;
    private long startNanos;
    private double nextTimeMs;
    private long nextImageNumber;
    private long framesLost;
    private long framesDelivered;
    private long acquisitions;

    private final RenderView liveView = new RenderView();
    private final double[] targetScratch = new double[2];
    private final Object traceLock = new Object();
    private final List<FrameRecord> frameRecords = new ArrayList<>();
    private final List<HiResRecord> hiResRecords = new ArrayList<>();

    private VirtualMicroscope(Builder b) {
        this.scenario = b.scenario;
        this.clock = b.clock != null ? b.clock : scenario.clock();
        this.frameLimit = b.frameLimit;
        this.recordTrace = b.recordTrace;
        Map<String, Objective> objs = new LinkedHashMap<>();
        for (ObjectiveSettings o : scenario.optics().objectives()) {
            objs.put(o.name(), new Objective(o, scenario.optics().emissionWavelengthNm(),
                    scenario.optics().immersionIndex()));
        }
        this.objectives = Collections.unmodifiableMap(objs);
        FocusDrift drift = new FocusDrift(scenario.drift(), scenario.seed());
        Specimen specimen = b.specimen != null ? b.specimen : Specimens.from(scenario);
        this.truth = new GroundTruth(specimen, drift, objectives);
        CameraSettings cam = scenario.camera();
        this.liveRenderer = b.renderer != null ? b.renderer
                : new SyntheticRenderer(specimen, drift, cam, scenario.seed());
        this.acquireRenderer = liveRenderer.copy();
        this.limits = new TravelLimits(scenario.stage());
        this.faults = new FaultInjector(this::wakeAll);
        this.sensorWidth = cam.width();
        this.sensorHeight = cam.height();
        this.binning = cam.binning();
        List<Integer> roi = cam.roi();
        this.roiX = roi.isEmpty() ? 0 : roi.get(0);
        this.roiY = roi.isEmpty() ? 0 : roi.get(1);
        int roiW = roi.isEmpty() ? sensorWidth : roi.get(2);
        int roiH = roi.isEmpty() ? sensorHeight : roi.get(3);
        this.maxFormat = FrameFormat.of(roiW / binning, roiH / binning, liveRenderer.pixelType());
        this.scriptedDrops = scenario.faults().dropImageNumbers().stream().mapToLong(Long::longValue).sorted()
                .toArray();
        this.freezeAt = scenario.faults().freezeAtImageNumber();
        this.halfDoseMs = scenario.bleaching().halfDoseMs();
        this.illumination = cam.illumination();
        this.timeoutMs = scenario.stage().timeoutMs();
        this.bufferFrames = cam.bufferFrames();
        this.xUm = scenario.stage().startXUm();
        this.yUm = scenario.stage().startYUm();
        this.zUm = scenario.stage().startZUm();
        this.objective = objectives.get(scenario.optics().objective());
        this.channel = cam.channel();
        this.exposureMs = cam.exposureMs();
        this.intervalMs = cam.frameIntervalMs();
    }

    /** A microscope playing {@code scenario} with its own clock mode, unlimited frames, trace recorded. */
    public static VirtualMicroscope of(Scenario scenario) {
        return builder(scenario).build();
    }

    /** A builder for a microscope playing {@code scenario}. */
    public static Builder builder(Scenario scenario) {
        return new Builder(scenario);
    }

    /** Builder of {@link VirtualMicroscope}: the scenario is required, the rest optional. */
    public static final class Builder {
        private final Scenario scenario;
        private ClockMode clock;
        private long frameLimit = Long.MAX_VALUE;
        private boolean recordTrace = true;
        private Specimen specimen;
        private FrameRenderer renderer;

        private Builder(Scenario scenario) {
            this.scenario = Objects.requireNonNull(scenario, "scenario");
        }

        /** Overrides the scenario's clock mode. */
        public Builder optClock(ClockMode mode) {
            this.clock = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** After {@code n} camera frames (dropped ones included) {@code fill} returns {@code END_OF_STREAM}. */
        public Builder optFrameLimit(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("Frame limit must be >= 0, got " + n);
            }
            this.frameLimit = n;
            return this;
        }

        /**
         * Whether to record a {@link FrameRecord} per live frame for {@link #trace()} (default on; costs one small
         * object per frame).
         */
        public Builder optRecordTrace(boolean v) {
            this.recordTrace = v;
            return this;
        }

        /** Replaces the scenario's specimen (the ground truth follows it). */
        public Builder optSpecimen(Specimen s) {
            this.specimen = Objects.requireNonNull(s, "specimen");
            return this;
        }

        /**
         * Replaces the synthetic image formation, e.g. with replayed data ({@code ReplayRenderer}); stage, clock,
         * faults and trace still come from the scenario, and the ground truth still describes its specimen and drift.
         */
        public Builder optRenderer(FrameRenderer r) {
            this.renderer = Objects.requireNonNull(r, "renderer");
            return this;
        }

        public VirtualMicroscope build() {
            return new VirtualMicroscope(this);
        }
    }

    // ----------------------------------------------------------------------------------------------- queries

    public Scenario scenario() {
        return scenario;
    }

    public ClockMode clockMode() {
        return clock;
    }

    /** What the simulator knows exactly: focal plane, objects, events. */
    public GroundTruth groundTruth() {
        return truth;
    }

    /** Arms faults (stage errors/timeouts, dropped frames, frozen camera). */
    public FaultInjector faults() {
        return faults;
    }

    /** The objectives' imaging models by preset name. */
    public Map<String, Objective> objectives() {
        return objectives;
    }

    /** Simulated time (ms) of the next live frame; commands issued now take effect from it. */
    public double timeMs() {
        lock.lock();
        try {
            return nowMsLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Light dose so far: Σ exposure ms × illumination over every frame exposed (live, dropped and acquired). */
    public double lightDoseMs() {
        lock.lock();
        try {
            return doseMs;
        } finally {
            lock.unlock();
        }
    }

    /** Live frames delivered so far. */
    public long framesDelivered() {
        lock.lock();
        try {
            return framesDelivered;
        } finally {
            lock.unlock();
        }
    }

    /** What happened so far: live frames (if recorded), acquisitions, the true events and the frames lost. */
    public RunTrace trace() {
        RunTrace.Builder b = RunTrace.builder().optEvents(truth.events()).optFramesLost(framesLostUpstream());
        synchronized (traceLock) {
            frameRecords.forEach(b::addFrame);
            hiResRecords.forEach(b::addHiRes);
        }
        return b.build();
    }

    // ----------------------------------------------------------------------------------------------- FrameSource

    @Override
    public FrameFormat maxFormat() {
        return maxFormat;
    }

    /** Starts (or resumes) streaming; the real-time clock starts at the first call. */
    @Override
    public void start() throws FrameSourceException {
        lock.lock();
        try {
            if (closed) {
                throw new FrameSourceException("The virtual microscope is closed; build a new one to stream again");
            }
            if (!started) {
                startNanos = System.nanoTime();
            }
            started = true;
            stopped = false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public FillResult fill(FrameSlot slot, long timeout, TimeUnit unit)
            throws FrameSourceException, InterruptedException {
        Objects.requireNonNull(slot, "slot");
        long timeoutNanos = unit.toNanos(timeout);
        long dueNanos;
        RenderView view = liveView;
        lock.lockInterruptibly();
        try {
            if (closed) {
                throw new FrameSourceException("The virtual microscope is closed; build a new one to stream again");
            }
            if (!started) {
                throw new FrameSourceException("Call start() before fill(): the virtual camera is not streaming");
            }
            if (stopped || nextImageNumber >= frameLimit || nextTimeMs >= liveRenderer.endTimeMs()) {
                return FillResult.END_OF_STREAM;
            }
            while (nextImageNumber < frameLimit
                    && (Arrays.binarySearch(scriptedDrops, nextImageNumber) >= 0 || faults.takeFrameDrop())) {
                doseMs += exposureMs * illumination;
                nextImageNumber++;
                nextTimeMs = liveRenderer.nextFrameTimeMs(nextTimeMs, effectiveIntervalLocked());
                framesLost++;
            }
            if (nextImageNumber >= frameLimit) {
                return FillResult.END_OF_STREAM;
            }
            if (faults.cameraFrozen() || (freezeAt >= 0 && nextImageNumber >= freezeAt)) {
                wake.awaitNanos(timeoutNanos);
                return stopped ? FillResult.END_OF_STREAM : FillResult.TIMEOUT;
            }
            if (clock == ClockMode.REAL_TIME && cameraBusy) {
                wake.awaitNanos(timeoutNanos);
                return stopped ? FillResult.END_OF_STREAM : FillResult.TIMEOUT;
            }
            if (clock == ClockMode.REAL_TIME) {
                overwriteOverflowLocked();
                dueNanos = startNanos + (long) (nextTimeMs * 1e6);
                long wait = dueNanos - System.nanoTime();
                if (wait > timeoutNanos) {
                    wake.awaitNanos(timeoutNanos);
                    return stopped ? FillResult.END_OF_STREAM : FillResult.TIMEOUT;
                }
                while (wait > 0 && !stopped) {
                    wait = wake.awaitNanos(wait);
                }
                if (stopped) {
                    return FillResult.END_OF_STREAM;
                }
                if (cameraBusy) {
                    return FillResult.TIMEOUT;
                }
            } else {
                dueNanos = 0;
            }
            fillViewLocked(view, nextTimeMs, zUm, exposureMs, nextImageNumber);
            doseMs += exposureMs * illumination;
            nextTimeMs = liveRenderer.nextFrameTimeMs(nextTimeMs, effectiveIntervalLocked());
            nextImageNumber++;
            framesDelivered++;
            slot.clearMetadata();
            slot.setImageNumber(view.frameKey).setCameraTimeMs(view.timeMs).setExposureMs(view.exposureMs)
                    .setStage(view.stageXUm, view.stageYUm, view.stageZUm).setPixelSizeUm(view.pixelSizeUm())
                    .setBinning(binning).setRoiOffset(roiX / binning, roiY / binning).setChannel(channel)
                    .setObjective(objective.name());
        } finally {
            lock.unlock();
        }
        slot.setSize(view.width, view.height);
        liveRenderer.render(view, slot.pixelArray());
        slot.setCameraNanos(clock == ClockMode.REAL_TIME ? dueNanos : System.nanoTime());
        if (recordTrace) {
            recordFrame(view);
        }
        return FillResult.FRAME;
    }

    /**
     * Real-time clock with a finite camera buffer: frames older than the buffer holds have been overwritten; skip
     * them, counting them as lost upstream (and their dose as taken: they were exposed).
     */
    private void overwriteOverflowLocked() {
        if (bufferFrames <= 0) {
            return;
        }
        double interval = effectiveIntervalLocked();
        double behindMs = (System.nanoTime() - startNanos) / 1e6 - nextTimeMs;
        long overdue = (long) Math.floor(behindMs / interval);
        long lost = Math.min(overdue - bufferFrames, frameLimit - nextImageNumber);
        if (lost <= 0) {
            return;
        }
        nextImageNumber += lost;
        nextTimeMs += lost * interval;
        framesLost += lost;
        doseMs += lost * exposureMs * illumination;
        LOG.warn("Virtual camera buffer of {} frames overflowed: {} frames lost (reader too slow)", bufferFrames,
                lost);
    }

    private void recordFrame(RenderView v) {
        FrameRecord.Builder b = FrameRecord.builder().setFrame(v.frameKey, v.timeMs)
                .setStage(v.stageXUm, v.stageYUm, v.stageZUm)
                .optField(v.originXUm(), v.originYUm(), v.originXUm() + v.width * v.pixelSizeUm(),
                        v.originYUm() + v.height * v.pixelSizeUm())
                .optFocalPlaneUm(truth.focalPlaneUm(v.timeMs, v.objective.name()))
                .optDoseMs(v.exposureMs * v.illumination);
        if (truth.targetPosition(v.timeMs, targetScratch)) {
            b.optTarget(targetScratch[0], targetScratch[1]);
        }
        FrameRecord r = b.build();
        synchronized (traceLock) {
            frameRecords.add(r);
        }
    }

    private void fillViewLocked(RenderView v, double tMs, double z, double exposure, long frameKey) {
        v.timeMs = tMs;
        v.stageXUm = xUm;
        v.stageYUm = yUm;
        v.stageZUm = z;
        v.objective = objective;
        v.exposureMs = exposure;
        v.illumination = illumination;
        v.bleachFactor = halfDoseMs > 0 ? Math.pow(2.0, -doseMs / halfDoseMs) : 1.0;
        v.binning = binning;
        v.roiX = roiX;
        v.roiY = roiY;
        v.width = maxFormat.width();
        v.height = maxFormat.height();
        v.sensorWidth = sensorWidth;
        v.sensorHeight = sensorHeight;
        v.frameKey = frameKey;
    }

    private double effectiveIntervalLocked() {
        return Math.max(intervalMs, exposureMs);
    }

    private double nowMsLocked() {
        if (clock == ClockMode.REAL_TIME && started) {
            return (System.nanoTime() - startNanos) / 1e6;
        }
        return nextTimeMs;
    }

    @Override
    public void stop() {
        lock.lock();
        try {
            stopped = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long framesLostUpstream() {
        lock.lock();
        try {
            return framesLost;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            stopped = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void wakeAll() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ----------------------------------------------------------------------------------------------- MicroscopeControl

    @Override
    public MicroscopeState state() throws HardwareException {
        lock.lock();
        try {
            return MicroscopeState.builder().setPosition(xUm, yUm, zUm)
                    .optPreset(OBJECTIVE_GROUP, objective.name()).optPreset(CHANNEL_GROUP, channel)
                    .optExposureMs(exposureMs).optFrameIntervalMs(intervalMs)
                    .optPixelSizeUm(objective.pixelSizeUm() * binning)
                    .optImageSize(maxFormat.width(), maxFormat.height())
                    .optTimestampNanos(System.nanoTime()).build();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void moveZ(double targetUm) throws HardwareException {
        injectedFault(StageAxis.Z);
        limits.checkZ(targetUm);
        double from;
        lock.lock();
        try {
            from = zUm;
        } finally {
            lock.unlock();
        }
        realTimeSleep(limits.zMoveMs(targetUm - from), StageAxis.Z.device());
        lock.lock();
        try {
            zUm = targetUm;
        } finally {
            lock.unlock();
        }
        LOG.debug("Z moved {} -> {} µm", from, targetUm);
    }

    @Override
    public void moveXY(double targetXUm, double targetYUm) throws HardwareException {
        injectedFault(StageAxis.XY);
        limits.checkXY(targetXUm, targetYUm);
        double distance;
        lock.lock();
        try {
            distance = Math.hypot(targetXUm - xUm, targetYUm - yUm);
        } finally {
            lock.unlock();
        }
        realTimeSleep(limits.xyMoveMs(distance), StageAxis.XY.device());
        lock.lock();
        try {
            xUm = targetXUm;
            yUm = targetYUm;
        } finally {
            lock.unlock();
        }
    }

    private void injectedFault(StageAxis axis) throws HardwareException {
        FaultInjector.Kind kind = faults.takeStageFault(axis);
        if (kind == FaultInjector.Kind.TIMEOUT) {
            realTimeSleep(timeoutMs, axis.device());
            throw new DeviceTimeoutException(axis.device(), axis.device() + " stage did not report completion within "
                    + (long) timeoutMs + " ms (injected fault); its position is unknown until read back with state()",
                    (long) timeoutMs);
        }
        if (kind == FaultInjector.Kind.ERROR) {
            throw new DeviceErrorException(axis.device(), axis.device() + " stage reported an error (injected "
                    + "fault); nothing moved. Check the device, then resume.");
        }
    }

    private void realTimeSleep(double ms, String device) throws HardwareException {
        if (clock != ClockMode.REAL_TIME || !(ms > 0)) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep((long) (ms * 1e6));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceErrorException(device, device + " command interrupted while waiting for completion", e);
        }
    }

    @Override
    public void setPreset(String group, String preset) throws HardwareException {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(preset, "preset");
        List<String> available = presets(group);
        if (!available.contains(preset)) {
            throw new DeviceErrorException(group, "Unknown preset '" + preset + "' in group '" + group
                    + "'. Available: " + available);
        }
        lock.lock();
        try {
            if (OBJECTIVE_GROUP.equals(group)) {
                objective = objectives.get(preset);
            } else {
                channel = preset;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> presets(String group) throws HardwareException {
        if (OBJECTIVE_GROUP.equals(group)) {
            return List.copyOf(objectives.keySet());
        }
        if (CHANNEL_GROUP.equals(group)) {
            return scenario.camera().channels();
        }
        throw new DeviceErrorException(String.valueOf(group), "Unknown configuration group '" + group
                + "'. Available: [" + OBJECTIVE_GROUP + ", " + CHANNEL_GROUP + "]");
    }

    @Override
    public void setExposureMs(double ms) throws HardwareException {
        if (!(ms > 0 && ms <= 60000)) {
            throw new DeviceErrorException("Camera", "Exposure " + ms + " ms is out of the camera's range (0, 60000]");
        }
        lock.lock();
        try {
            exposureMs = ms;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void setFrameIntervalMs(double ms) throws HardwareException {
        if (!(ms >= 0 && ms <= 3.6e6)) {
            throw new DeviceErrorException("Camera", "Frame interval " + ms + " ms is out of range [0, 3600000] "
                    + "(0 = as fast as the exposure allows)");
        }
        lock.lock();
        try {
            intervalMs = ms;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Renders a burst or z-stack at the current XY and objective, at the simulated time of the next live frame (one
     * exposure apart), and records it in the trace as a high-resolution acquisition with its field of view. Z,
     * channel and exposure are untouched (nothing to restore). Every plane is checked against the Z travel first.
     */
    @Override
    public AcquiredStack acquire(AcquisitionRequest request) throws HardwareException {
        Objects.requireNonNull(request, "request");
        if (!request.channel().isEmpty() && !scenario.camera().channels().contains(request.channel())) {
            throw new DeviceErrorException(CHANNEL_GROUP, "Unknown channel '" + request.channel()
                    + "' in the acquisition request. Available: " + scenario.camera().channels());
        }
        double exposure = Double.isNaN(request.exposureMs()) ? Double.NaN : request.exposureMs();
        if (!Double.isNaN(exposure) && !(exposure > 0 && exposure <= 60000)) {
            throw new DeviceErrorException("Camera", "Exposure " + exposure + " ms in the acquisition request is out"
                    + " of the camera's range (0, 60000]");
        }
        int n = request.frames();
        double[] planes = new double[n];
        MicroscopeState before = state();
        for (int i = 0; i < n; i++) {
            planes[i] = before.zUm() + (request.kind() == AcquisitionRequest.Kind.Z_STACK
                    ? request.zStartOffsetUm() + i * request.zStepUm() : 0.0);
            limits.checkZ(planes[i]);
        }
        if (request.kind() == AcquisitionRequest.Kind.Z_STACK) {
            injectedFault(StageAxis.Z);
        }
        RenderView view = new RenderView();
        double t0;
        String usedChannel;
        long key;
        lock.lock();
        try {
            if (Double.isNaN(exposure)) {
                exposure = exposureMs;
            }
            t0 = nowMsLocked();
            usedChannel = request.channel().isEmpty() ? channel : request.channel();
            key = ACQUISITION_KEY_BASE + (acquisitions++ << 16);
            fillViewLocked(view, t0, zUm, exposure, key);
            doseMs += n * exposure * illumination;
            cameraBusy = clock == ClockMode.REAL_TIME;
        } finally {
            lock.unlock();
        }
        try {
            return acquireFrames(request, before, view, planes, t0, exposure, usedChannel, key);
        } finally {
            lock.lock();
            try {
                if (cameraBusy) {
                    // the live frames due while the camera took the stack were never exposed
                    cameraBusy = false;
                    nextTimeMs = Math.max(nextTimeMs, nowMsLocked());
                    wake.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private AcquiredStack acquireFrames(AcquisitionRequest request, MicroscopeState before, RenderView view,
            double[] planes, double t0, double exposure, String usedChannel, long key) throws HardwareException {
        int n = planes.length;
        List<Frame> frames = new ArrayList<>(n);
        FrameFormat format = maxFormat;
        synchronized (acquireRenderer) {
            for (int i = 0; i < n; i++) {
                view.timeMs = t0 + i * exposure;
                view.stageZUm = planes[i];
                view.frameKey = key + i;
                Object pixels = format.pixelType() == PixelType.GRAY16 ? new short[format.pixelCount()]
                        : new byte[format.pixelCount()];
                acquireRenderer.render(view, pixels);
                FrameMetadata md = FrameMetadata.builder().optImageNumber(i).optCameraTimeMs(view.timeMs)
                        .optExposureMs(exposure).optStage(view.stageXUm, view.stageYUm, planes[i])
                        .optPixelSizeUm(view.pixelSizeUm()).optBinning(binning)
                        .optRoiOffset(roiX / binning, roiY / binning).optChannel(usedChannel)
                        .optObjective(view.objective.name()).optTag("Acquisition", request.name()).build();
                frames.add(Frame.wrap(format, pixels, md));
            }
        }
        realTimeSleep(n * exposure, "Camera");
        double minX = view.originXUm();
        double minY = view.originYUm();
        HiResRecord record = new HiResRecord(t0, minX, minY, minX + view.width * view.pixelSizeUm(),
                minY + view.height * view.pixelSizeUm(), n, n * exposure * illumination, request.name());
        synchronized (traceLock) {
            hiResRecords.add(record);
        }
        LOG.debug("Acquired {} at t={} ms with {}", request, t0, view.objective.name());
        return new AcquiredStack(request, before, frames);
    }

    @Override
    public String toString() {
        return "VirtualMicroscope{" + scenario + ", clock=" + clock + ", frame=" + maxFormat + '}';
    }
}
