package org.reflexscope.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.source.FrameSource.FillResult;
import org.reflexscope.core.source.FrameSourceException;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.sim.render.FrameRenderer;
import org.reflexscope.sim.render.RenderView;
import org.reflexscope.sim.scenario.CameraSettings;
import org.reflexscope.sim.scenario.ClockMode;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.score.HiResRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link VirtualMicroscope}'s camera: the live stream behind its {@code FrameSource} side (frame timing by the
 * clock mode, scripted and injected drops, a frozen camera, a finite buffer that overflows, bleaching by the dose)
 * and the bursts and z-stacks of its acquisitions. Live frames are rendered on the producer thread with one
 * renderer, acquisitions on the hardware thread with a copy of it; the shared {@link ScopeState} is read under its
 * lock, briefly.
 */
final class VirtualCamera {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualMicroscope.class);
    private static final long ACQUISITION_KEY_BASE = 1L << 48;

    private final ScopeState s;
    private final long frameLimit;
    /** Where live frames and acquisitions are recorded; {@code null}: live frames are not. */
    private final TraceRecorder liveTrace;
    private final TraceRecorder trace;
    private final FrameRenderer liveRenderer;
    private final FrameRenderer acquireRenderer;
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
    private final int bufferFrames;

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

    VirtualCamera(ScopeState state, Scenario scenario, FrameRenderer renderer, FaultInjector faults, long frameLimit,
            TraceRecorder trace, boolean recordLiveFrames) {
        this.s = state;
        this.frameLimit = frameLimit;
        this.trace = trace;
        this.liveTrace = recordLiveFrames ? trace : null;
        this.liveRenderer = renderer;
        this.acquireRenderer = renderer.copy();
        this.faults = faults;
        CameraSettings cam = scenario.camera();
        this.sensorWidth = cam.width();
        this.sensorHeight = cam.height();
        this.binning = cam.binning();
        List<Integer> roi = cam.roi();
        this.roiX = roi.isEmpty() ? 0 : roi.get(0);
        this.roiY = roi.isEmpty() ? 0 : roi.get(1);
        int roiW = roi.isEmpty() ? sensorWidth : roi.get(2);
        int roiH = roi.isEmpty() ? sensorHeight : roi.get(3);
        this.maxFormat = FrameFormat.of(roiW / binning, roiH / binning, renderer.pixelType());
        this.scriptedDrops = scenario.faults().dropImageNumbers().stream().mapToLong(Long::longValue).sorted()
                .toArray();
        this.freezeAt = scenario.faults().freezeAtImageNumber();
        this.halfDoseMs = scenario.bleaching().halfDoseMs();
        this.illumination = cam.illumination();
        this.bufferFrames = cam.bufferFrames();
    }

    FrameFormat maxFormat() {
        return maxFormat;
    }

    int binning() {
        return binning;
    }

    /** Simulated time (ms) of the next live frame (virtual clock) or since the start (real-time clock). */
    double timeMs() {
        s.lock.lock();
        try {
            return nowMsLocked();
        } finally {
            s.lock.unlock();
        }
    }

    long framesDelivered() {
        s.lock.lock();
        try {
            return framesDelivered;
        } finally {
            s.lock.unlock();
        }
    }

    long framesLost() {
        s.lock.lock();
        try {
            return framesLost;
        } finally {
            s.lock.unlock();
        }
    }

    void start() throws FrameSourceException {
        s.lock.lock();
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
            s.lock.unlock();
        }
    }

    FillResult fill(FrameSlot slot, long timeout, TimeUnit unit) throws FrameSourceException, InterruptedException {
        Objects.requireNonNull(slot, "slot");
        long timeoutNanos = unit.toNanos(timeout);
        long dueNanos;
        RenderView view = liveView;
        s.lock.lockInterruptibly();
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
                s.doseMs += s.exposureMs * illumination;
                nextImageNumber++;
                nextTimeMs = liveRenderer.nextFrameTimeMs(nextTimeMs, effectiveIntervalLocked());
                framesLost++;
            }
            if (nextImageNumber >= frameLimit) {
                return FillResult.END_OF_STREAM;
            }
            if (faults.cameraFrozen() || (freezeAt >= 0 && nextImageNumber >= freezeAt)) {
                s.wake.awaitNanos(timeoutNanos);
                return stopped ? FillResult.END_OF_STREAM : FillResult.TIMEOUT;
            }
            if (s.clock == ClockMode.REAL_TIME && cameraBusy) {
                s.wake.awaitNanos(timeoutNanos);
                return stopped ? FillResult.END_OF_STREAM : FillResult.TIMEOUT;
            }
            if (s.clock == ClockMode.REAL_TIME) {
                overwriteOverflowLocked();
                dueNanos = startNanos + (long) (nextTimeMs * 1e6);
                long wait = dueNanos - System.nanoTime();
                if (wait > timeoutNanos) {
                    s.wake.awaitNanos(timeoutNanos);
                    return stopped ? FillResult.END_OF_STREAM : FillResult.TIMEOUT;
                }
                while (wait > 0 && !stopped) {
                    wait = s.wake.awaitNanos(wait);
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
            fillViewLocked(view, nextTimeMs, s.zUm, s.exposureMs, nextImageNumber);
            s.doseMs += s.exposureMs * illumination;
            nextTimeMs = liveRenderer.nextFrameTimeMs(nextTimeMs, effectiveIntervalLocked());
            nextImageNumber++;
            framesDelivered++;
            slot.clearMetadata();
            slot.setImageNumber(view.frameKey).setCameraTimeMs(view.timeMs).setExposureMs(view.exposureMs)
                    .setStage(view.stageXUm, view.stageYUm, view.stageZUm).setPixelSizeUm(view.pixelSizeUm())
                    .setBinning(binning).setRoiOffset(roiX / binning, roiY / binning).setChannel(s.channel)
                    .setObjective(s.objective.name());
        } finally {
            s.lock.unlock();
        }
        slot.setSize(view.width, view.height);
        liveRenderer.render(view, slot.pixelArray());
        slot.setCameraNanos(s.clock == ClockMode.REAL_TIME ? dueNanos : System.nanoTime());
        if (liveTrace != null) {
            liveTrace.recordFrame(view);
        }
        return FillResult.FRAME;
    }

    /** Ends the stream: {@code fill} returns {@code END_OF_STREAM} until {@link #start} again. */
    void stop() {
        s.lock.lock();
        try {
            stopped = true;
            s.wake.signalAll();
        } finally {
            s.lock.unlock();
        }
    }

    /** Ends the stream for good. */
    void close() {
        s.lock.lock();
        try {
            closed = true;
            stopped = true;
            s.wake.signalAll();
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * Renders {@code request}'s frames at {@code planes} (already checked against the travel) at the current XY and
     * objective, one exposure apart from the simulated time now, sleeps for them with the real-time clock, and
     * records the acquisition with its field of view.
     *
     * @param exposure the request's exposure, or NaN for the camera's current one
     */
    AcquiredStack acquire(AcquisitionRequest request, MicroscopeState before, double[] planes, double exposure)
            throws HardwareException {
        int n = planes.length;
        RenderView view = new RenderView();
        double t0;
        String usedChannel;
        long key;
        s.lock.lock();
        try {
            if (Double.isNaN(exposure)) {
                exposure = s.exposureMs;
            }
            t0 = nowMsLocked();
            usedChannel = request.channel().isEmpty() ? s.channel : request.channel();
            key = ACQUISITION_KEY_BASE + (acquisitions++ << 16);
            fillViewLocked(view, t0, s.zUm, exposure, key);
            s.doseMs += n * exposure * illumination;
            cameraBusy = s.clock == ClockMode.REAL_TIME;
        } finally {
            s.lock.unlock();
        }
        try {
            return acquireFrames(request, before, view, planes, t0, exposure, usedChannel, key);
        } finally {
            s.lock.lock();
            try {
                if (cameraBusy) {
                    // the live frames due while the camera took the stack were never exposed
                    cameraBusy = false;
                    nextTimeMs = Math.max(nextTimeMs, nowMsLocked());
                    s.wake.signalAll();
                }
            } finally {
                s.lock.unlock();
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
        s.realTimeSleep(n * exposure, "Camera");
        double minX = view.originXUm();
        double minY = view.originYUm();
        trace.recordHiRes(new HiResRecord(t0, minX, minY, minX + view.width * view.pixelSizeUm(),
                minY + view.height * view.pixelSizeUm(), n, n * exposure * illumination, request.name()));
        LOG.debug("Acquired {} at t={} ms with {}", request, t0, view.objective.name());
        return new AcquiredStack(request, before, frames);
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
        s.doseMs += lost * s.exposureMs * illumination;
        LOG.warn("Virtual camera buffer of {} frames overflowed: {} frames lost (reader too slow)", bufferFrames,
                lost);
    }

    private void fillViewLocked(RenderView v, double tMs, double z, double exposure, long frameKey) {
        v.timeMs = tMs;
        v.stageXUm = s.xUm;
        v.stageYUm = s.yUm;
        v.stageZUm = z;
        v.objective = s.objective;
        v.exposureMs = exposure;
        v.illumination = illumination;
        v.bleachFactor = halfDoseMs > 0 ? Math.pow(2.0, -s.doseMs / halfDoseMs) : 1.0;
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
        return Math.max(s.intervalMs, s.exposureMs);
    }

    private double nowMsLocked() {
        if (s.clock == ClockMode.REAL_TIME && started) {
            return (System.nanoTime() - startNanos) / 1e6;
        }
        return nextTimeMs;
    }
}
