package org.reflexscope.core.support;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.analysis.IngestingFrameAnalyzer;

/**
 * A {@link TestAnalyzer} behind the two-phase API: {@link #ingest} copies the ring slot (size read once, pixels,
 * metadata, timestamps) into its own slot, {@link #analyzeIngested} runs the wrapped analyzer on that copy. Can
 * throw from {@code ingest} on chosen image numbers.
 */
public final class IngestingTestAnalyzer implements IngestingFrameAnalyzer {
    private final TestAnalyzer delegate;
    private final AtomicInteger ingests = new AtomicInteger();
    private LongPredicate ingestThrowsOn = n -> false;
    private FrameSlot own;

    public IngestingTestAnalyzer(TestAnalyzer delegate) {
        this.delegate = delegate;
    }

    public IngestingTestAnalyzer throwingFromIngestOn(LongPredicate imageNumbers) {
        this.ingestThrowsOn = imageNumbers;
        return this;
    }

    @Override
    public void ingest(FrameSlot slot) {
        ingests.incrementAndGet();
        if (own == null) {
            own = new FrameSlot(slot.capacity());
        }
        int w = slot.width();
        int h = slot.height();
        own.copyPixelsFrom(slot.shorts(), w, h);
        own.setMetadata(slot.metadata());
        own.setSequence(slot.sequence());
        own.setCameraNanos(slot.cameraNanos());
        own.setPublishedNanos(slot.publishedNanos());
        if (ingestThrowsOn.test(own.imageNumber())) {
            throw new IllegalStateException("scripted ingest failure at image " + own.imageNumber());
        }
    }

    @Override
    public AnalysisResult analyzeIngested() throws Exception {
        return delegate.analyze(own);
    }

    /** Calls of {@link #ingest} so far, torn ones included. */
    public int ingests() {
        return ingests.get();
    }
}
