package org.reflexscope.bench.pipeline;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.source.FrameSource;

/**
 * A camera stand-in for benchmarks: delivers as many 16-bit frames as it has been granted, copying a fixed
 * pattern into the slot (the "DMA" every real source does) and stamping image number and camera time. Does not
 * allocate.
 */
class CreditedFrameSource implements FrameSource {
    private final FrameFormat format;
    private final short[] pattern;
    private final AtomicLong granted = new AtomicLong();
    private volatile Thread producer;
    private volatile boolean stopped;
    private volatile boolean finite;
    private long delivered;

    CreditedFrameSource(int size) {
        this.format = FrameFormat.of(size, size, PixelType.GRAY16);
        this.pattern = Patterns.pattern(size);
    }

    /** Allows {@code frames} more frames and wakes the producer. */
    void grant(long frames) {
        granted.addAndGet(frames);
        Thread t = producer;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Ends the stream once every frame granted so far has been delivered. */
    void stopWhenGrantedDelivered() {
        finite = true;
        grant(0);
    }

    @Override
    public FrameFormat maxFormat() {
        return format;
    }

    @Override
    public void start() {
    }

    @Override
    public FillResult fill(FrameSlot slot, long timeout, TimeUnit unit) {
        if (producer == null) {
            producer = Thread.currentThread();
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (delivered >= granted.get()) {
            if (stopped || finite) {
                return FillResult.END_OF_STREAM;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return FillResult.TIMEOUT;
            }
            LockSupport.parkNanos(this, left);
        }
        int n = pattern.length;
        slot.setSize(format.width(), format.height());
        System.arraycopy(pattern, 0, slot.shorts(), 0, n);
        slot.setImageNumber(delivered++);
        slot.setCameraNanos(System.nanoTime());
        return FillResult.FRAME;
    }

    @Override
    public void stop() {
        stopped = true;
        Thread t = producer;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
