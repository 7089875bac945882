package org.reflexscope.core.support;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongUnaryOperator;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.core.source.FrameSourceException;

/**
 * A deterministic test {@link FrameSource}: frame {@code k} has image number {@code n = imageNumbers(k)}, pixels
 * {@link #expectedPixel(long, int) expectedPixel(n, i)} and metadata derived from {@code k}; optional faults (a wrong-size frame, a
 * failure, reported upstream loss) and pacing (a fixed gap between frames, or a permit per frame). Fill does not
 * allocate.
 */
public final class ScriptedFrameSource implements FrameSource {
    private final FrameFormat format;
    private final long frames;
    private LongUnaryOperator imageNumbers = k -> k;
    private long wrongSizeAt = -1;
    private long failAt = -1;
    private final java.util.Map<Long, Long> lossesAt = new java.util.HashMap<>();
    private long lossAtEnd;
    private long gapNanos;
    private double cameraIntervalMs = 10.0;
    private Semaphore permits;
    private final AtomicInteger started = new AtomicInteger();
    private volatile boolean stopped;
    private volatile long lost;
    private long next;
    private final AtomicInteger fillCalls = new AtomicInteger();

    /** {@code frames} frames of {@code format}; {@code Long.MAX_VALUE} for an endless source. */
    public ScriptedFrameSource(FrameFormat format, long frames) {
        this.format = format;
        this.frames = frames;
    }

    public static ScriptedFrameSource gray16(int width, int height, long frames) {
        return new ScriptedFrameSource(FrameFormat.of(width, height, PixelType.GRAY16), frames);
    }

    /** Image numbers written for frame k (default: k). */
    public ScriptedFrameSource withImageNumbers(LongUnaryOperator numbers) {
        this.imageNumbers = numbers;
        return this;
    }

    /** Frame {@code k} is one row taller than the slots: the slot rejects it. */
    public ScriptedFrameSource withWrongSizeAt(long k) {
        this.wrongSizeAt = k;
        return this;
    }

    /** Fill throws a {@link FrameSourceException} instead of delivering frame {@code k}. */
    public ScriptedFrameSource withFailureAt(long k) {
        this.failAt = k;
        return this;
    }

    /** Before delivering frame {@code k}, the source reports {@code count} frames lost upstream. */
    public ScriptedFrameSource withUpstreamLossAt(long k, long count) {
        lossesAt.merge(k, count, Long::sum);
        return this;
    }

    /** When the stream ends (after its last frame), the source reports {@code count} more frames lost upstream. */
    public ScriptedFrameSource withUpstreamLossAtEnd(long count) {
        this.lossAtEnd = count;
        return this;
    }

    /** Waits {@code nanos} before each frame (pacing, like a camera's frame interval). */
    public ScriptedFrameSource withFrameInterval(long nanos) {
        this.gapNanos = nanos;
        return this;
    }

    /** Frame {@code k}'s camera time is {@code k × ms} (default 10 ms). */
    public ScriptedFrameSource withCameraIntervalMs(double ms) {
        this.cameraIntervalMs = ms;
        return this;
    }

    /** Delivers a frame only when a permit is available (the first frame needs one too). */
    public ScriptedFrameSource withPermits(Semaphore s) {
        this.permits = s;
        return this;
    }

    public static int expectedPixel(long k, int i) {
        return (int) ((k * 131 + i * 7) & 0xFFFF);
    }

    @Override
    public FrameFormat maxFormat() {
        return format;
    }

    @Override
    public void start() {
        started.incrementAndGet();
    }

    public int startCount() {
        return started.get();
    }

    public boolean stopped() {
        return stopped;
    }

    /** Number of fill calls so far. */
    public int fillCalls() {
        return fillCalls.get();
    }

    /** Frames delivered so far. */
    public long delivered() {
        return next;
    }

    @Override
    public FillResult fill(FrameSlot slot, long timeout, TimeUnit unit) throws FrameSourceException,
            InterruptedException {
        fillCalls.incrementAndGet();
        if (stopped || next >= frames) {
            lost += lossAtEnd;
            lossAtEnd = 0;
            return FillResult.END_OF_STREAM;
        }
        if (permits != null && !permits.tryAcquire(timeout, unit)) {
            return FillResult.TIMEOUT;
        }
        if (gapNanos > 0) {
            LockSupport.parkNanos(gapNanos);
        }
        long k = next;
        if (k == failAt) {
            next++;
            throw new FrameSourceException("Scripted failure at frame " + k);
        }
        lost += lossesAt.getOrDefault(k, 0L);
        next++;
        long number = imageNumbers.applyAsLong(k);
        slot.setImageNumber(number);
        if (k == wrongSizeAt) {
            slot.setSize(format.width(), format.height() + 1);
        }
        slot.setSize(format.width(), format.height());
        fillPixels(slot, number);
        slot.setCameraNanos(System.nanoTime());
        slot.setCameraTimeMs(k * cameraIntervalMs);
        slot.setExposureMs(5.0);
        slot.setStage(k * 0.5, -k * 0.25, 100.0 + k);
        slot.setPixelSizeUm(0.65);
        slot.setBinning(1);
        slot.setRoiOffset(4, 8);
        slot.setChannel("GFP");
        slot.setObjective("20x");
        return FillResult.FRAME;
    }

    private static void fillPixels(FrameSlot slot, long k) {
        int n = slot.pixelCount();
        switch (slot.pixelType()) {
            case GRAY8: {
                byte[] p = slot.bytes();
                for (int i = 0; i < n; i++) {
                    p[i] = (byte) expectedPixel(k, i);
                }
                break;
            }
            case GRAY16: {
                short[] p = slot.shorts();
                for (int i = 0; i < n; i++) {
                    p[i] = (short) expectedPixel(k, i);
                }
                break;
            }
            default: {
                float[] p = slot.floats();
                for (int i = 0; i < n; i++) {
                    p[i] = expectedPixel(k, i);
                }
            }
        }
    }

    @Override
    public void stop() {
        stopped = true;
    }

    @Override
    public long framesLostUpstream() {
        return lost;
    }

    @Override
    public void close() {
        stopped = true;
    }
}
