package org.reflexscope.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.source.FrameSource;

/**
 * A camera model for the end-to-end benchmark: frames leave the "sensor" at a fixed rate on the wall clock,
 * cycling through a bank of pre-rendered frames, into a camera buffer of limited depth.
 *
 * <p>If the consumer (the pipeline's producer thread) falls more than {@code bufferFrames} frame periods behind,
 * the oldest frames are overwritten, exactly as a camera's circular buffer overflows: they are counted in
 * {@link #framesLostUpstream()} and the image numbers jump, so the pipeline's data-loss alarm sees them. Pixels are
 * copied from the bank into the slot (one {@code System.arraycopy}, like MMCoreJ's {@code popNextImage}).
 *
 * <p>Threads as {@link FrameSource}.
 */
final class PacedCameraSource implements FrameSource {
    private final List<Frame> bank;
    private final FrameFormat format;
    private final long periodNanos;
    private final int bufferFrames;
    private long startNanos;
    private long next;
    private long lost;
    private volatile boolean running;

    PacedCameraSource(List<Frame> bank, double fps, int bufferFrames) {
        if (bank.isEmpty()) {
            throw new IllegalArgumentException("The frame bank is empty");
        }
        this.bank = new ArrayList<>(bank);
        this.format = bank.get(0).format();
        this.periodNanos = Math.round(1e9 / fps);
        this.bufferFrames = bufferFrames;
    }

    @Override
    public FrameFormat maxFormat() {
        return format;
    }

    @Override
    public void start() {
        startNanos = System.nanoTime();
        next = 0;
        running = true;
    }

    @Override
    public FillResult fill(FrameSlot slot, long timeout, TimeUnit unit) throws InterruptedException {
        if (!running) {
            return FillResult.END_OF_STREAM;
        }
        long now = System.nanoTime();
        long newest = (now - startNanos) / periodNanos;
        if (newest - next >= bufferFrames) {
            long skip = newest - next - bufferFrames + 1;
            lost += skip;
            next += skip;
        }
        long due = startNanos + next * periodNanos;
        long deadline = now + unit.toNanos(timeout);
        if (due > deadline) {
            LockSupport.parkNanos(deadline - now);
            return FillResult.TIMEOUT;
        }
        while (true) {
            long left = due - System.nanoTime();
            if (left <= 0) {
                break;
            }
            if (left > 200_000) {
                LockSupport.parkNanos(left - 100_000);
            } else {
                Thread.onSpinWait();
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("Interrupted while waiting for the next frame");
            }
        }
        Frame f = bank.get((int) (next % bank.size()));
        slot.clearMetadata();
        slot.copyPixelsFrom(f.pixels(), f.width(), f.height());
        slot.setMetadata(f.metadata());
        slot.setImageNumber(next).setCameraNanos(due).setCameraTimeMs((due - startNanos) / 1e6);
        next++;
        return FillResult.FRAME;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public long framesLostUpstream() {
        return lost;
    }

    @Override
    public void close() {
        running = false;
    }

    @Override
    public String toString() {
        return "PacedCameraSource{" + format + " at " + (1e9 / periodNanos) + " fps, bank " + bank.size()
                + " frames, buffer " + bufferFrames + '}';
    }
}
