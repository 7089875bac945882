package org.reflexscope.mm.core;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import mmcorej.CMMCore;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.core.source.FrameSourceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames from Micro-Manager's core camera, popped from the core's circular buffer into ring slots.
 *
 * <p><b>Modes.</b> {@link Mode#SEQUENCE} (the default, for science runs) runs
 * {@code startSequenceAcquisition(n, interval, stopOnOverflow=true)}; an open-ended run chains sequences, and the
 * next one starts only once the previous one has been drained completely (starting a sequence clears the core's
 * buffer, so starting early would silently drop frames). {@link Mode#CONTINUOUS_LOSSY} runs
 * {@code startContinuousSequenceAcquisition}, in which the core silently overwrites unread frames when its buffer
 * is full: for previews only. In both modes gaps in the camera's {@code ImageNumber} are counted as lost.
 *
 * <p><b>Threads.</b> {@link #fill} is called by the pipeline's producer thread only, and is the only caller of the
 * buffer-draining calls ({@code getRemainingImageCount}, {@code popNext*}). {@link #start()}, {@link #stop()},
 * {@link #close()} may be called from any thread. The core has no blocking pop, so {@code fill} polls it every
 * {@link Builder#optPollMicros poll interval} (default 200 µs) until a frame arrives or the timeout passes.
 *
 * <p><b>Pixels.</b> {@code byte[]}, {@code short[]} and {@code float[]} are copied as they are into the slot
 * (no allocation by Reflex per frame); integer pixels are unsigned ({@link PixelType}). Colour cameras are
 * refused with a message telling the user to choose a monochrome pixel type.
 *
 * <p><b>Metadata.</b> {@code ImageNumber} and {@code ElapsedTime-ms} come with each frame; positions, pixel size,
 * exposure, binning, ROI offset, channel and objective come from a cache refreshed when they change (see
 * {@code MmCoreStateCache}), never from a per-frame query of the devices: the state that held at the frame's camera
 * time, so a frame popped after an objective switch that followed its exposure keeps the objective it was taken with.
 *
 * <p><b>Frame interval.</b> With no interval (0, the default) the camera free-runs in sequences of
 * {@link Builder#optSequenceLength} frames. With an interval, the source runs a time-lapse: one single-frame sequence
 * per interval, started when it is due, so that the core's auto-shutter closes the light between frames and every
 * camera follows the interval (many, the DemoCamera among them, ignore the interval a sequence asks for, and a
 * sequence's interval cannot change once it runs). {@link #setIntervalMs} takes effect at once: the running sequence
 * is stopped (its frames are all delivered) and the next starts at the new interval. {@link #exposureTakenMs()} sums
 * the exposure of the frames taken: the light dose.
 *
 * <p><b>Run clock.</b> The core restarts {@code ImageNumber} and {@code ElapsedTime-ms} at every sequence (after
 * every snap, z-stack or objective switch, which pause the stream). The source turns them into one run: image
 * numbers continue from the previous sequence, and {@link FrameSlot#cameraTimeMs() camera time} is the camera's
 * time within its sequence offset by when that sequence started on the run's clock (monotonic; the frame's
 * {@code cameraNanos} is the same instant, never after the pop): run limits, policies, metrics and the report all
 * read it.
 *
 * <p><b>Loss.</b> Lost frames are frames the camera produced that did not reach Reflex: gaps in the camera's image
 * numbers within a sequence, and the frame the camera could not insert when the core's buffer overflowed. Both are
 * counted in {@link #framesLostUpstream()} and logged as errors; {@link #bufferOverflows()} counts overflows. Frames
 * the camera never produced (the unused rest of a requested sequence) are not loss.
 *
 * <p><b>A sequence Reflex did not end.</b> When the camera stops before its sequence is complete and Reflex did not
 * stop it (someone else stopped it: Studio's Stop, another client of the core, the camera itself) or the core's
 * buffer overflowed (sequences run with stop-on-overflow), the stream ends after the frames already acquired, with
 * {@link #endedOutsideReflex()} saying why. Reflex does not restart the camera behind whoever stopped it: the run
 * ends cleanly, nothing acquired is lost, and the user decides whether to start again.
 *
 * <p><b>Ownership.</b> The source does not own the core: {@link #close()} stops streaming and leaves the core
 * loaded.
 *
 * <p><b>Why one class.</b> Sequence chaining, the run clock, loss counting and the time-lapse schedule all read and
 * change the same per-sequence state (when the sequence started, its image-number base, the frames it still owes),
 * which only the producer thread changes while {@link #stop()} and {@link #setIntervalMs} may come from any thread;
 * keeping that state in one class keeps the threading contract above checkable in one place. The camera state cache
 * ({@code MmCoreStateCache}) is already apart; about a sixth of the file is the builder documenting each option.
 *
 * <pre>{@code
 * try (MmCoreFrameSource source = MmCoreFrameSource.builder().setCore(core).optFrameCount(1000).build()) {
 *     FrameSlot slot = new FrameSlot(source.maxFormat());
 *     source.start();
 *     while (source.fill(slot, 1, TimeUnit.SECONDS) != FrameSource.FillResult.END_OF_STREAM) { ... }
 * }
 * }</pre>
 */
public final class MmCoreFrameSource implements FrameSource {
    private static final Logger LOG = LoggerFactory.getLogger(MmCoreFrameSource.class);

    /** How frames are requested from the camera. */
    public enum Mode {
        /** Finite sequences with stop-on-overflow, drained fully: nothing is lost silently. */
        SEQUENCE,
        /** Continuous acquisition: the core overwrites unread frames when its buffer is full. Previews only. */
        CONTINUOUS_LOSSY
    }

    private final MmCoreApi core;
    private final MmCoreStateCache stateCache;
    private final Mode mode;
    private final long frameCount;
    private final int sequenceLength;
    private final long pollNanos;
    private final FrameFormat maxFormat;
    private final MmCoreApi.RawFrameTags tags = new MmCoreApi.RawFrameTags();
    private final Object suspendLock = new Object();

    private volatile double intervalMs;
    private volatile boolean started;
    private volatile boolean stopRequested;
    private volatile boolean suspendRequested;
    private volatile boolean drained;
    private volatile boolean stoppedByUs;
    private volatile long lost;
    private volatile long overflows;
    private volatile long delivered;
    private volatile String endedOutsideReflex = "";
    private volatile boolean intervalChanged;
    private volatile double exposureTakenMs;

    // Producer-side sequence state (written by start() before `started` is set, then by the producer only).
    private boolean sequenceActive;
    private int width;
    private int height;
    private PixelType cameraType;
    private long sequenceBase;
    private int requestedInSequence;
    private long receivedInSequence;
    private long gapsInSequence;
    private long firstCameraNumber;
    private long lastCameraNumber;
    /** When the call that started the current sequence was made: the camera's clock cannot start before it. */
    private long sequenceStartNanos;
    /**
     * When the current sequence's camera clock started, as far as the frames tell: at first when the start call
     * returned, then the earliest pop time less the camera's elapsed time seen so far, never before the call.
     */
    private long sequenceClockNanos;
    private long consumed;
    private long runStartNanos;
    private double lastRunMs;

    private MmCoreFrameSource(Builder b, MmCoreApi core, FrameFormat maxFormat) {
        this.core = core;
        this.stateCache = b.stateCache != null ? b.stateCache : new MmCoreStateCache(core);
        this.mode = b.mode;
        this.frameCount = b.frameCount;
        this.sequenceLength = b.sequenceLength;
        this.pollNanos = TimeUnit.MICROSECONDS.toNanos(b.pollMicros);
        this.intervalMs = b.intervalMs;
        this.maxFormat = maxFormat;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public FrameFormat maxFormat() {
        return maxFormat;
    }

    /** The metadata cache this source stamps on frames (shared with a microscope built on it). */
    MmCoreStateCache stateCache() {
        return stateCache;
    }

    /** The acquisition mode. */
    public Mode mode() {
        return mode;
    }

    /**
     * Starts the first sequence. Refreshes the metadata cache on the calling thread first.
     *
     * @throws FrameSourceException if the camera is colour, already capturing, or refuses to start
     */
    @Override
    public synchronized void start() throws FrameSourceException {
        if (started) {
            throw new FrameSourceException("The Micro-Manager frame source is already started; stop it first.");
        }
        if (stopRequested) {
            throw new FrameSourceException("This Micro-Manager frame source was stopped; build a new one to "
                    + "stream again.");
        }
        stateCache.refresh();
        runStartNanos = System.nanoTime();
        lastRunMs = 0;
        startSequence();
        started = true;
    }

    @Override
    public FillResult fill(FrameSlot slot, long timeout, TimeUnit unit)
            throws FrameSourceException, InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("Interrupted while waiting for a Micro-Manager frame");
            }
            if (!started) {
                if (stopRequested) {
                    return FillResult.END_OF_STREAM;
                }
            } else {
                boolean running = core.isSequenceRunning();
                if (intervalChanged && running && sequenceActive && mode == Mode.SEQUENCE) {
                    intervalChanged = false;
                    stopCamera();   // drained as usual; the next sequence starts at the new interval
                }
                if (core.remainingImageCount() > 0) {
                    pop(slot);
                    return FillResult.FRAME;
                }
                if (!running) {
                    // Running was read before the count: the camera has inserted everything, the buffer is empty.
                    if (sequenceActive) {
                        finishSequence();
                    }
                    if (stopRequested || !endedOutsideReflex.isEmpty()) {
                        return FillResult.END_OF_STREAM;
                    }
                    if (suspendRequested) {
                        FillResult r = waitWhileSuspended(deadline);
                        if (r != null) {
                            return r;
                        }
                        continue;
                    }
                    if (mode == Mode.SEQUENCE && frameCount > 0 && consumed >= frameCount) {
                        return FillResult.END_OF_STREAM;
                    }
                    if (mode == Mode.CONTINUOUS_LOSSY && !sequenceActive && consumed > 0 && !stoppedByUs) {
                        throw new FrameSourceException("The camera stopped a continuous acquisition by itself; "
                                + "check the camera in Micro-Manager and start again.");
                    }
                    long due = nextFrameDueNanos();
                    if (System.nanoTime() - due < 0) {
                        if (System.nanoTime() - deadline >= 0) {
                            return FillResult.TIMEOUT;
                        }
                        LockSupport.parkNanos(Math.min(pollNanos * 10, due - System.nanoTime()));
                        continue;
                    }
                    startSequence();
                    continue;
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                return FillResult.TIMEOUT;
            }
            LockSupport.parkNanos(pollNanos);
        }
    }

    private FillResult waitWhileSuspended(long deadline) throws InterruptedException {
        synchronized (suspendLock) {
            drained = true;
            suspendLock.notifyAll();
            while (suspendRequested && !stopRequested) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return FillResult.TIMEOUT;
                }
                TimeUnit.NANOSECONDS.timedWait(suspendLock, left);
            }
        }
        return stopRequested ? FillResult.END_OF_STREAM : null;
    }

    /** When the next time-lapse frame is due (now, when free-running). */
    private long nextFrameDueNanos() {
        double interval = intervalMs;
        if (mode != Mode.SEQUENCE || interval <= 0 || consumed == 0) {
            return System.nanoTime();
        }
        return sequenceStartNanos + Math.round(interval * 1e6);
    }

    private void startSequence() throws FrameSourceException {
        readCameraGeometry();
        stoppedByUs = false;
        intervalChanged = false;
        // the camera's clock starts inside the call, which can take over 100 ms (the first of a session)
        long startNanos = System.nanoTime();
        try {
            if (mode == Mode.CONTINUOUS_LOSSY) {
                requestedInSequence = Integer.MAX_VALUE;
                core.startContinuousSequenceAcquisition(intervalMs);
            } else {
                long left = frameCount > 0 ? frameCount - consumed : Long.MAX_VALUE;
                requestedInSequence = intervalMs > 0 ? 1 : (int) Math.min(sequenceLength, left);
                core.startSequenceAcquisition(requestedInSequence, 0, true);
            }
        } catch (Exception e) {
            throw new FrameSourceException("Micro-Manager refused to start a sequence acquisition on camera '"
                    + core.cameraDevice() + "': " + e.getMessage() + ". Stop live mode or any running acquisition "
                    + "in Micro-Manager, then start again.", e);
        }
        sequenceActive = true;
        sequenceBase = consumed;
        receivedInSequence = 0;
        gapsInSequence = 0;
        firstCameraNumber = -1;
        lastCameraNumber = -1;
        sequenceStartNanos = startNanos;
        sequenceClockNanos = System.nanoTime();
    }

    private void readCameraGeometry() throws FrameSourceException {
        if (core.cameraDevice().isEmpty()) {
            throw new FrameSourceException("Micro-Manager has no camera: load a hardware configuration with a "
                    + "camera (e.g. MMConfig_demo.cfg) and set it as the core camera.");
        }
        if (core.numberOfComponents() != 1) {
            throw new FrameSourceException(rgbMessage(core.cameraDevice()));
        }
        width = (int) core.imageWidth();
        height = (int) core.imageHeight();
        cameraType = pixelType(core.bytesPerPixel(), core.cameraDevice());
        FrameFormat now = FrameFormat.of(width, height, cameraType);
        if (!maxFormat.fits(now)) {
            throw new FrameSourceException("The camera now delivers " + now + " frames but the ring was sized for "
                    + maxFormat + ": the camera's pixel type, ROI or binning changed since the run was set up. "
                    + "Stop the run and start it again.");
        }
    }

    private void pop(FrameSlot slot) throws FrameSourceException {
        Object pixels;
        try {
            pixels = core.popNextImage(tags);
        } catch (Exception e) {
            throw new FrameSourceException("Popping a frame from Micro-Manager's buffer failed: " + e.getMessage(), e);
        }
        long now = System.nanoTime();
        copyPixels(pixels, slot);
        long cameraNumber = MmCoreTags.parseImageNumber(tags.imageNumber);
        long offset;
        if (cameraNumber >= 0 && (lastCameraNumber < 0 || cameraNumber > lastCameraNumber)) {
            if (firstCameraNumber < 0) {
                firstCameraNumber = cameraNumber;
            } else if (cameraNumber > lastCameraNumber + 1) {
                long gap = cameraNumber - lastCameraNumber - 1;
                gapsInSequence += gap;
                addLost(gap, "the camera's image numbers jumped from " + lastCameraNumber + " to " + cameraNumber);
            }
            lastCameraNumber = cameraNumber;
            offset = cameraNumber - firstCameraNumber;
        } else {
            offset = receivedInSequence + gapsInSequence;
        }
        receivedInSequence++;
        delivered++;
        slot.clearMetadata();
        slot.setImageNumber(sequenceBase + offset);
        double runMs = runClockMs(MmCoreTags.parseDouble(tags.elapsedTimeMs), now);
        slot.setCameraTimeMs(runMs);
        long cameraNanos = Math.min(now, runStartNanos + Math.round(runMs * 1e6));
        slot.setCameraNanos(cameraNanos);
        // the state when the frame was taken: it may be popped after an objective switch or move that followed it
        MmCoreStateCache.Snapshot s = stateCache.at(cameraNanos);
        if (s.exposureMs > 0) {
            exposureTakenMs += s.exposureMs;
        }
        slot.setExposureMs(s.exposureMs).setStage(s.xUm, s.yUm, s.zUm).setPixelSizeUm(s.pixelSizeUm)
                .setBinning(s.binning).setRoiOffset(s.roiX, s.roiY).setChannel(s.channel).setObjective(s.objective);
    }

    /**
     * The run clock for a frame the camera stamped {@code elapsedMs} into its sequence (negative: unknown), popped
     * at {@code nowNanos}: the sequence's camera clock start on the run clock plus the camera's time, never before
     * the previous frame and never after the pop. The start is known only to lie within the start call; each pop
     * bounds it from above (a frame cannot be popped before it was taken), so the estimate is the earliest such
     * bound, within the call: it is late by at most the quickest pop's delay.
     */
    private double runClockMs(double elapsedMs, long nowNanos) {
        if (elapsedMs < 0) {
            lastRunMs = Math.max(lastRunMs, (nowNanos - runStartNanos) / 1e6);
            return lastRunMs;
        }
        long impliedStart = nowNanos - Math.round(elapsedMs * 1e6);
        if (impliedStart < sequenceClockNanos) {
            sequenceClockNanos = Math.max(sequenceStartNanos, impliedStart);
        }
        double ms = (sequenceClockNanos - runStartNanos) / 1e6 + elapsedMs;
        lastRunMs = Math.max(lastRunMs, ms);
        return lastRunMs;
    }

    private void copyPixels(Object pixels, FrameSlot slot) throws FrameSourceException {
        PixelType delivered = pixelTypeOf(pixels);
        int n = java.lang.reflect.Array.getLength(pixels);
        if (n == width * height * 4) {
            throw new FrameSourceException(rgbMessage(core.cameraDevice()));
        }
        if (delivered != slot.pixelType()) {
            throw new FrameSourceException("Camera '" + core.cameraDevice() + "' delivered " + delivered
                    + " pixels but the run was set up for " + slot.pixelType() + ": its pixel type changed during "
                    + "the run. Stop the run and start it again.");
        }
        if (n != width * height) {
            throw new FrameSourceException("A frame from camera '" + core.cameraDevice() + "' holds " + n
                    + " pixels, expected " + width + "x" + height + ": the ROI or binning changed while a sequence "
                    + "was running. Change them only between runs (or through Reflex, which pauses the stream).");
        }
        slot.copyPixelsFrom(pixels, width, height);
    }

    private void finishSequence() {
        sequenceActive = false;
        boolean overflowed = core.isBufferOverflowed();
        if (overflowed) {
            overflows++;
            addLost(1, "Micro-Manager's circular buffer overflowed after " + receivedInSequence + " frames of this "
                    + "sequence and the camera stopped; enlarge the buffer (Tools > Options > Sequence buffer size) "
                    + "or lower the frame rate");
        }
        consumed = sequenceBase + receivedInSequence + gapsInSequence;
        boolean incomplete = receivedInSequence + gapsInSequence < requestedInSequence;
        if (mode == Mode.SEQUENCE && !stoppedByUs && !stopRequested && (incomplete || overflowed)) {
            endedOutsideReflex = overflowed
                    ? "the camera stopped when Micro-Manager's circular buffer overflowed (stop-on-overflow), after "
                        + consumed + " frames"
                    : "the camera's sequence was stopped outside Reflex (Micro-Manager, another program using the "
                        + "core, or the camera itself) after " + consumed + " frames";
            LOG.warn("The run ends: {}. Frames acquired until then are all delivered; Reflex does not restart the "
                    + "camera behind whoever stopped it.", endedOutsideReflex);
        } else if (mode == Mode.SEQUENCE && !stoppedByUs && !stopRequested && frameCount <= 0) {
            LOG.debug("Sequence of {} frames drained; starting the next", requestedInSequence);
        }
    }

    private void addLost(long n, String why) {
        lost += n;
        LOG.error("DATA LOSS: {} frame(s) lost before reaching Reflex on camera '{}': {} ({} lost in total)", n,
                core.cameraDevice(), why, lost);
    }

    /**
     * Stops the sequence this source started; a source that never started leaves the camera alone (inside Studio
     * the running sequence may be Studio's own live mode).
     */
    @Override
    public void stop() {
        stopRequested = true;
        if (started) {
            stopCamera();
        }
        synchronized (suspendLock) {
            suspendLock.notifyAll();
        }
    }

    private void stopCamera() {
        stoppedByUs = true;
        try {
            if (core.isSequenceRunning()) {
                core.stopSequenceAcquisition();
            }
        } catch (Exception e) {
            LOG.error("Stopping the sequence acquisition on camera '{}' failed: {}", core.cameraDevice(),
                    e.getMessage());
        }
    }

    /**
     * Stops the camera's sequence and waits until the producer has drained every frame, so that the hardware
     * thread may snap (a core camera cannot snap while streaming). Frames acquired so far are all delivered.
     * Returns at once when the source is not streaming.
     *
     * @return {@code false} if the producer did not drain within {@code timeoutMs} (the stream stays suspended)
     */
    boolean suspendStreaming(long timeoutMs) throws InterruptedException {
        if (!started || stopRequested) {
            return true;
        }
        synchronized (suspendLock) {
            drained = false;
            suspendRequested = true;
        }
        stopCamera();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (suspendLock) {
            while (!drained && !stopRequested) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(suspendLock, left);
            }
        }
        return true;
    }

    /** Lets the producer start the next sequence after {@link #suspendStreaming}. */
    void resumeStreaming() {
        synchronized (suspendLock) {
            suspendRequested = false;
            drained = false;
            suspendLock.notifyAll();
        }
    }

    /**
     * Sets the interval between frames (ms, 0 = free run). While streaming, the running sequence is stopped and
     * drained and the next frame is taken at the new interval.
     */
    public void setIntervalMs(double ms) {
        if (!(ms >= 0)) {
            throw new IllegalArgumentException("Frame interval must be >= 0 ms, got " + ms);
        }
        if (ms != intervalMs) {
            intervalMs = ms;
            intervalChanged = true;
        }
    }

    /** The interval between frames (ms, 0 = free run). */
    public double intervalMs() {
        return intervalMs;
    }

    /** The summed exposure of the frames delivered (ms): how long the sample was lit for them. */
    public double exposureTakenMs() {
        return exposureTakenMs;
    }

    @Override
    public long framesLostUpstream() {
        return lost;
    }

    /**
     * Why the stream ended before Reflex or the run's limit ended it ("" while it did not): the camera's sequence
     * was stopped by someone else, or stopped on a buffer overflow. One clause, for the user.
     */
    public String endedOutsideReflex() {
        return endedOutsideReflex;
    }

    /** How many times the core's circular buffer overflowed during this run. */
    public long bufferOverflows() {
        return overflows;
    }

    /** Frames delivered into slots so far. */
    public long framesDelivered() {
        return delivered;
    }

    @Override
    public void close() {
        if (!stopRequested) {
            stop();
        }
    }

    private static PixelType pixelTypeOf(Object pixels) throws FrameSourceException {
        if (pixels instanceof byte[]) {
            return PixelType.GRAY8;
        }
        if (pixels instanceof short[]) {
            return PixelType.GRAY16;
        }
        if (pixels instanceof float[]) {
            return PixelType.GRAY32F;
        }
        throw new FrameSourceException("Micro-Manager returned pixels of an unsupported kind ("
                + (pixels == null ? "null" : pixels.getClass().getSimpleName()) + "); Reflex reads 8-bit, 16-bit "
                + "and 32-bit float monochrome frames.");
    }

    static PixelType pixelType(long bytesPerPixel, String camera) throws FrameSourceException {
        switch ((int) bytesPerPixel) {
            case 1:
                return PixelType.GRAY8;
            case 2:
                return PixelType.GRAY16;
            case 4:
                return PixelType.GRAY32F;
            default:
                throw new FrameSourceException("Camera '" + camera + "' uses " + bytesPerPixel + " bytes per pixel, "
                        + "which Reflex does not read; set its PixelType to 8bit, 16bit or 32bit.");
        }
    }

    static String rgbMessage(String camera) {
        return "Camera '" + camera + "' delivers colour (RGB) frames, which Reflex does not analyse or record (raw "
                + "data stays raw, and a silent conversion to grey would not be raw). Set the camera's PixelType "
                + "property to a monochrome type (8bit, 16bit or 32bit) in Micro-Manager's Device Property Browser.";
    }

    /** Builder of {@link MmCoreFrameSource}: {@code setCore} is required, the rest optional. */
    public static final class Builder {
        private MmCoreApi coreApi;
        private MmCoreStateCache stateCache;
        private Mode mode = Mode.SEQUENCE;
        private long frameCount;
        private int sequenceLength = 100_000;
        private long pollMicros = 200;
        private double intervalMs;
        private FrameFormat maxFormat;

        private Builder() {
        }

        /** The core whose current camera streams (required). */
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

        /** {@link Mode#SEQUENCE} (default) or the lossy {@link Mode#CONTINUOUS_LOSSY} preview mode. */
        public Builder optMode(Mode m) {
            this.mode = Objects.requireNonNull(m, "mode");
            return this;
        }

        /** Frames to acquire, then end of stream; 0 (default) = until stopped. Sequence mode only. */
        public Builder optFrameCount(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("Frame count must be >= 0 (0 = until stopped), got " + n);
            }
            this.frameCount = n;
            return this;
        }

        /** Frames per core sequence in an open-ended run (default 100 000): each restart costs a drain. */
        public Builder optSequenceLength(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("Sequence length must be >= 1, got " + n);
            }
            this.sequenceLength = n;
            return this;
        }

        /** Interval requested between frames in ms (default 0, free run). */
        public Builder optIntervalMs(double ms) {
            if (!(ms >= 0)) {
                throw new IllegalArgumentException("Frame interval must be >= 0 ms, got " + ms);
            }
            this.intervalMs = ms;
            return this;
        }

        /** How often {@code fill} polls the core while waiting (default 200 µs). */
        public Builder optPollMicros(long micros) {
            if (micros < 1) {
                throw new IllegalArgumentException("Poll interval must be >= 1 µs, got " + micros);
            }
            this.pollMicros = micros;
            return this;
        }

        /**
         * Ring slot size, when the run may switch to a larger ROI than the current one (default: the camera's
         * current size and pixel type).
         */
        public Builder optMaxFormat(FrameFormat format) {
            this.maxFormat = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * Reads the camera's current geometry and builds the source.
         *
         * @throws FrameSourceException if there is no camera, or it is colour or of an unreadable pixel type
         */
        public MmCoreFrameSource build() throws FrameSourceException {
            if (coreApi == null) {
                throw new IllegalStateException("MmCoreFrameSource needs a core: call setCore(core) first.");
            }
            String camera = coreApi.cameraDevice();
            if (camera.isEmpty()) {
                throw new FrameSourceException("Micro-Manager has no camera: load a hardware configuration with a "
                        + "camera (e.g. MMConfig_demo.cfg) and set it as the core camera.");
            }
            if (coreApi.numberOfComponents() != 1) {
                throw new FrameSourceException(rgbMessage(camera));
            }
            FrameFormat current = FrameFormat.of((int) coreApi.imageWidth(), (int) coreApi.imageHeight(),
                    pixelType(coreApi.bytesPerPixel(), camera));
            FrameFormat format = maxFormat != null ? maxFormat : current;
            if (!format.fits(current)) {
                throw new FrameSourceException("The camera delivers " + current + " frames, which do not fit the "
                        + "requested maximum format " + format + ".");
            }
            return new MmCoreFrameSource(this, coreApi, format);
        }
    }
}
