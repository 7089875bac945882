package org.reflexscope.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
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
import org.reflexscope.sim.render.SyntheticRenderer;
import org.reflexscope.sim.scenario.CameraSettings;
import org.reflexscope.sim.scenario.ClockMode;
import org.reflexscope.sim.scenario.ObjectiveSettings;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.score.FrameRecord;
import org.reflexscope.sim.score.RunTrace;
import org.reflexscope.sim.specimen.Specimen;
import org.reflexscope.sim.specimen.Specimens;
import org.reflexscope.sim.stage.StageAxis;
import org.reflexscope.sim.stage.TravelLimits;
import org.reflexscope.sim.truth.GroundTruth;

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
 *
 * <p><b>Parts.</b> Behind the two ports: the {@link VirtualCamera} (live stream and acquisitions), the
 * {@link VirtualStage} (moves within the travel, injected stage faults), the {@link TraceRecorder} (what was seen,
 * for scoring), and the {@link ScopeState} they share under one lock (position, presets, exposure, interval, dose).
 */
public final class VirtualMicroscope implements FrameSource, MicroscopeControl {
    private final Scenario scenario;
    private final ClockMode clock;
    private final Map<String, Objective> objectives;
    private final GroundTruth truth;
    private final FaultInjector faults;
    private final ScopeState state;
    private final TraceRecorder trace;
    private final VirtualStage stage;
    private final VirtualCamera camera;

    private VirtualMicroscope(Builder b) {
        this.scenario = b.scenario;
        this.clock = b.clock != null ? b.clock : scenario.clock();
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
        FrameRenderer renderer = b.renderer != null ? b.renderer
                : new SyntheticRenderer(specimen, drift, cam, scenario.seed());
        this.state = new ScopeState(clock);
        this.faults = new FaultInjector(state::wakeAll);
        this.trace = new TraceRecorder(truth);
        this.stage = new VirtualStage(state, new TravelLimits(scenario.stage()), faults,
                scenario.stage().timeoutMs());
        this.camera = new VirtualCamera(state, scenario, renderer, faults, b.frameLimit, trace, b.recordTrace);
        state.xUm = scenario.stage().startXUm();
        state.yUm = scenario.stage().startYUm();
        state.zUm = scenario.stage().startZUm();
        state.objective = objectives.get(scenario.optics().objective());
        state.channel = cam.channel();
        state.exposureMs = cam.exposureMs();
        state.intervalMs = cam.frameIntervalMs();
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
        return camera.timeMs();
    }

    /** Light dose so far: Σ exposure ms × illumination over every frame exposed (live, dropped and acquired). */
    public double lightDoseMs() {
        state.lock.lock();
        try {
            return state.doseMs;
        } finally {
            state.lock.unlock();
        }
    }

    /** Live frames delivered so far. */
    public long framesDelivered() {
        return camera.framesDelivered();
    }

    /** What happened so far: live frames (if recorded), acquisitions, the true events and the frames lost. */
    public RunTrace trace() {
        return trace.trace(framesLostUpstream());
    }

    // ----------------------------------------------------------------------------------------------- FrameSource

    @Override
    public FrameFormat maxFormat() {
        return camera.maxFormat();
    }

    /** Starts (or resumes) streaming; the real-time clock starts at the first call. */
    @Override
    public void start() throws FrameSourceException {
        camera.start();
    }

    @Override
    public FillResult fill(FrameSlot slot, long timeout, TimeUnit unit)
            throws FrameSourceException, InterruptedException {
        return camera.fill(slot, timeout, unit);
    }

    @Override
    public void stop() {
        camera.stop();
    }

    @Override
    public long framesLostUpstream() {
        return camera.framesLost();
    }

    @Override
    public void close() {
        camera.close();
    }

    // ----------------------------------------------------------------------------------------------- MicroscopeControl

    @Override
    public MicroscopeState state() throws HardwareException {
        FrameFormat format = camera.maxFormat();
        state.lock.lock();
        try {
            return MicroscopeState.builder().setPosition(state.xUm, state.yUm, state.zUm)
                    .optPreset(OBJECTIVE_GROUP, state.objective.name()).optPreset(CHANNEL_GROUP, state.channel)
                    .optExposureMs(state.exposureMs).optFrameIntervalMs(state.intervalMs)
                    .optPixelSizeUm(state.objective.pixelSizeUm() * camera.binning())
                    .optImageSize(format.width(), format.height())
                    .optTimestampNanos(System.nanoTime()).build();
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public void moveZ(double targetUm) throws HardwareException {
        stage.moveZ(targetUm);
    }

    @Override
    public void moveXY(double targetXUm, double targetYUm) throws HardwareException {
        stage.moveXY(targetXUm, targetYUm);
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
        state.lock.lock();
        try {
            if (OBJECTIVE_GROUP.equals(group)) {
                state.objective = objectives.get(preset);
            } else {
                state.channel = preset;
            }
        } finally {
            state.lock.unlock();
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
        state.lock.lock();
        try {
            state.exposureMs = ms;
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public void setFrameIntervalMs(double ms) throws HardwareException {
        if (!(ms >= 0 && ms <= 3.6e6)) {
            throw new DeviceErrorException("Camera", "Frame interval " + ms + " ms is out of range [0, 3600000] "
                    + "(0 = as fast as the exposure allows)");
        }
        state.lock.lock();
        try {
            state.intervalMs = ms;
        } finally {
            state.lock.unlock();
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
            stage.checkZ(planes[i]);
        }
        if (request.kind() == AcquisitionRequest.Kind.Z_STACK) {
            stage.injectedFault(StageAxis.Z);
        }
        return camera.acquire(request, before, planes, exposure);
    }

    @Override
    public String toString() {
        return "VirtualMicroscope{" + scenario + ", clock=" + clock + ", frame=" + camera.maxFormat() + '}';
    }
}
