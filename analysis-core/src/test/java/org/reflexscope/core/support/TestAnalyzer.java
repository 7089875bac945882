package org.reflexscope.core.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.analysis.FrameAnalyzer;

/**
 * A test analyzer: its score is the frame's mean pixel value; it checks the pixels are those the source wrote,
 * and can wait per frame, hold until released, throw on chosen image numbers, and release a permit per frame.
 */
public final class TestAnalyzer implements FrameAnalyzer {
    private final List<Long> seen = Collections.synchronizedList(new ArrayList<>());
    private volatile int badPixels;
    private long perFrameNanos;
    private CountDownLatch hold;
    private LongPredicate throwOn = n -> false;
    private Semaphore releaseAfterEach;

    public TestAnalyzer withPerFrameDelay(long nanos) {
        this.perFrameNanos = nanos;
        return this;
    }

    public TestAnalyzer holdUntil(CountDownLatch latch) {
        this.hold = latch;
        return this;
    }

    public TestAnalyzer throwingOnImageNumbers(LongPredicate numbers) {
        this.throwOn = numbers;
        return this;
    }

    public TestAnalyzer releasingAfterEach(Semaphore permits) {
        this.releaseAfterEach = permits;
        return this;
    }

    @Override
    public AnalysisResult analyze(FrameSlot slot) throws Exception {
        try {
            if (hold != null && !hold.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test latch never released");
            }
            if (perFrameNanos > 0) {
                LockSupport.parkNanos(perFrameNanos);
            }
            long n = slot.imageNumber();
            seen.add(n);
            short[] p = slot.shorts();
            double sum = 0;
            for (int i = 0; i < slot.pixelCount(); i++) {
                int v = p[i] & 0xFFFF;
                if (v != ScriptedFrameSource.expectedPixel(n, i)) {
                    badPixels++;
                    break;
                }
                sum += v;
            }
            if (throwOn.test(n)) {
                throw new IllegalStateException("scripted analyzer failure at image " + n);
            }
            return AnalysisResult.builder(slot.sequence(), slot.metadata()).optFrameSize(slot.width(),
                    slot.height()).optScore("mean", sum / slot.pixelCount())
                    .optTimestamps(slot.cameraNanos(), slot.publishedNanos(), System.nanoTime()).build();
        } finally {
            if (releaseAfterEach != null) {
                releaseAfterEach.release();
            }
        }
    }

    /** Image numbers of the frames analysed (throwing ones included), in order. */
    public List<Long> seen() {
        synchronized (seen) {
            return new ArrayList<>(seen);
        }
    }

    public int badPixels() {
        return badPixels;
    }
}
