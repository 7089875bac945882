package org.reflexscope.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.analysis.FrameAnalyzer;
import org.reflexscope.core.support.CollectingRecorder;
import org.reflexscope.core.support.ScriptedFrameSource;

/**
 * Recording first: while the recorder is more than half a ring behind, the analyzer holds back (up to the set limit)
 * instead of taking the newest frame; with the option off it takes it at once.
 */
class RecordingPriorityTest {
    private static final int RING = 8;
    private static final int FRAMES = 40;

    /** Runs a pipeline whose recorder is blocked on frame 0 until released; returns the newest sequence analysed
     * while it was blocked (after waiting up to {@code waitMs} for the analyzer to reach the ring's newest frame). */
    private static long newestAnalysedWhileRecorderBlocked(long holdBackMs, long waitMs) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CollectingRecorder recorder = new CollectingRecorder().holdFirstFrameUntil(release);
        AtomicLong newest = new AtomicLong(-1);
        CountDownLatch reachedFullRing = new CountDownLatch(1);
        FrameAnalyzer analyzer = slot -> {
            newest.accumulateAndGet(slot.sequence(), Math::max);
            if (slot.sequence() >= RING - 1) {
                reachedFullRing.countDown();
            }
            return AnalysisResult.builder(slot.sequence(), slot.metadata()).build();
        };
        try (FramePipeline p = FramePipeline.builder(ScriptedFrameSource.gray16(32, 24, FRAMES)).optRingSize(RING)
                .addRecorder("blocked", recorder).optAnalyzer(analyzer, r -> { })
                .optRecordingPriority(holdBackMs, TimeUnit.MILLISECONDS).build()) {
            p.start();
            reachedFullRing.await(waitMs, TimeUnit.MILLISECONDS);
            long whileBlocked = newest.get();
            release.countDown();
            assertThat(p.awaitEndOfStream(60, TimeUnit.SECONDS)).isTrue();
            p.stop();
            assertThat(recorder.sequences()).hasSize(FRAMES);
            assertThat(p.metrics().analyzer().handled() + p.metrics().analyzer().skipped()
                    + p.metrics().analyzer().failed()).isEqualTo(FRAMES);
            return whileBlocked;
        }
    }

    @Test
    void withoutRecordingPriorityTheAnalyzerTakesTheNewestFrameAtOnce() throws Exception {
        assertThat(newestAnalysedWhileRecorderBlocked(0, 30_000)).isGreaterThanOrEqualTo(RING - 1);
    }

    @Test
    void theAnalyzerHoldsBackWhileTheRecorderIsMoreThanHalfARingBehind() throws Exception {
        long newest = newestAnalysedWhileRecorderBlocked(60_000, 1_000);
        assertThat(newest).as("frames analysed while the recorder was blocked on frame 0").isLessThanOrEqualTo(RING / 2);
    }

    @Test
    void aNegativeHoldBackIsRefused() {
        assertThatThrownBy(() -> FramePipeline.builder(ScriptedFrameSource.gray16(8, 8, 1))
                .optRecordingPriority(-1, TimeUnit.MILLISECONDS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(">= 0");
    }
}
