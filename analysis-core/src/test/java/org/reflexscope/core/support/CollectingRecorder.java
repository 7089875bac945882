package org.reflexscope.core.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.pipeline.Recorder;

/**
 * A test recorder (16-bit) that keeps each frame's sequence and image number and checks its pixels are those the
 * {@link ScriptedFrameSource} wrote for that image number;
 * optionally holds frame 0 until released, waits per frame, or throws on chosen sequences.
 */
public final class CollectingRecorder implements Recorder {
    private final List<Long> sequences = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> imageNumbers = Collections.synchronizedList(new ArrayList<>());
    private volatile int badPixels;
    private volatile int finishCalls;
    private volatile boolean recordAfterFinish;
    private CountDownLatch holdFirst;
    private long perFrameNanos;
    private LongPredicate throwOn = s -> false;

    public CollectingRecorder holdFirstFrameUntil(CountDownLatch latch) {
        this.holdFirst = latch;
        return this;
    }

    public CollectingRecorder withPerFrameDelay(long nanos) {
        this.perFrameNanos = nanos;
        return this;
    }

    public CollectingRecorder throwingOn(LongPredicate sequences) {
        this.throwOn = sequences;
        return this;
    }

    @Override
    public void record(FrameSlot slot) throws IOException {
        if (finishCalls > 0) {
            recordAfterFinish = true;
        }
        if (holdFirst != null && slot.sequence() == 0) {
            try {
                if (!holdFirst.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("test latch never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        if (perFrameNanos > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(perFrameNanos);
        }
        long k = slot.imageNumber();
        sequences.add(slot.sequence());
        imageNumbers.add(k);
        short[] p = slot.shorts();
        for (int i = 0; i < slot.pixelCount(); i++) {
            if ((p[i] & 0xFFFF) != ScriptedFrameSource.expectedPixel(k, i)) {
                badPixels++;
                break;
            }
        }
        if (throwOn.test(slot.sequence())) {
            throw new IOException("scripted recorder failure at " + slot.sequence());
        }
    }

    @Override
    public void finish() {
        finishCalls++;
    }

    public List<Long> sequences() {
        synchronized (sequences) {
            return new ArrayList<>(sequences);
        }
    }

    public List<Long> imageNumbers() {
        synchronized (imageNumbers) {
            return new ArrayList<>(imageNumbers);
        }
    }

    public int badPixels() {
        return badPixels;
    }

    public int finishCalls() {
        return finishCalls;
    }

    public boolean recordedAfterFinish() {
        return recordAfterFinish;
    }
}
