package org.reflexscope.policy.session;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.analysis.FrameAnalyzer;
import org.reflexscope.core.analysis.IngestingFrameAnalyzer;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.policy.engine.HardwareActivity;

/**
 * Keeps the frames taken while the engine's hardware carried out a plan (objective switch, Z and XY moves,
 * high-resolution acquisition; {@link HardwareActivity}) out of the analysis: {@link #wrap} gives an analyzer that
 * does not analyse such a frame but returns a result marked {@linkplain AnalysisResult#isLive() not live}, without
 * detections or focus, so that no tracker, focus history or event score inside the analyzer ever sees it and the
 * engine gates it. Counts them by reason ({@link #counts()}). The frames are still recorded (recorders do not go
 * through the analyzer).
 *
 * <p><b>Threads.</b> The wrappers run on the analyzer thread; {@link #counts()} may be called from any thread.
 */
final class AroundPlanFrames {
    private final HardwareActivity activity;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    AroundPlanFrames(HardwareActivity activity) {
        this.activity = activity;
    }

    /** {@code analyzer}, not called for frames taken during a plan; keeps its in-place reading if it has it. */
    FrameAnalyzer wrap(FrameAnalyzer analyzer) {
        if (analyzer instanceof IngestingFrameAnalyzer) {
            return new Ingesting((IngestingFrameAnalyzer) analyzer);
        }
        return new Plain(analyzer);
    }

    /** Frames not analysed, by what the hardware was doing when they were taken (sorted by reason). */
    Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** The reason the slot's frame is not live, or {@code ""}. */
    private String reasonFor(FrameSlot slot) {
        return activity.around(slot.cameraNanos());
    }

    private AnalysisResult notLive(long sequence, FrameMetadata m, int w, int h, long cameraNanos,
            long publishedNanos, String reason) {
        counts.computeIfAbsent(reason, k -> new LongAdder()).increment();
        return AnalysisResult.builder(sequence, m).optFrameSize(w, h)
                .optTimestamps(cameraNanos, publishedNanos, System.nanoTime()).optNotLive(reason).build();
    }

    private final class Plain implements FrameAnalyzer {
        private final FrameAnalyzer delegate;

        Plain(FrameAnalyzer delegate) {
            this.delegate = delegate;
        }

        @Override
        public AnalysisResult analyze(FrameSlot slot) throws Exception {
            String reason = reasonFor(slot);
            if (reason.isEmpty()) {
                return delegate.analyze(slot);
            }
            return notLive(slot.sequence(), slot.metadata(), slot.width(), slot.height(), slot.cameraNanos(),
                    slot.publishedNanos(), reason);
        }
    }

    /**
     * The in-place variant: the decision is taken in {@code ingest} from the slot's camera time, and the frame's
     * metadata copied then (the pipeline discards the whole read if the slot was rewritten meanwhile).
     */
    private final class Ingesting implements IngestingFrameAnalyzer {
        private final IngestingFrameAnalyzer delegate;
        private String reason = "";
        private long sequence;
        private FrameMetadata metadata;
        private int width;
        private int height;
        private long cameraNanos;
        private long publishedNanos;

        Ingesting(IngestingFrameAnalyzer delegate) {
            this.delegate = delegate;
        }

        @Override
        public void ingest(FrameSlot slot) throws Exception {
            reason = "";
            long camera = slot.cameraNanos();
            String r = activity.around(camera);
            if (r.isEmpty()) {
                delegate.ingest(slot);
                return;
            }
            sequence = slot.sequence();
            metadata = slot.metadata();
            width = slot.width();
            height = slot.height();
            cameraNanos = camera;
            publishedNanos = slot.publishedNanos();
            reason = r;
        }

        @Override
        public AnalysisResult analyzeIngested() throws Exception {
            if (reason.isEmpty()) {
                return delegate.analyzeIngested();
            }
            return notLive(sequence, metadata, width, height, cameraNanos, publishedNanos, reason);
        }
    }
}
