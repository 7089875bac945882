package org.reflexscope.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.support.CollectingRecorder;
import org.reflexscope.core.support.ScriptedFrameSource;

/**
 * The producer's own accounting: the time it waits on a recorder a whole ring behind is measured (never more than
 * the run took), every frame is stamped when published (after its camera time), and {@code producing} says whether
 * it still runs.
 */
class ProducerStallAndStampsTest {
    private static final long TIMEOUT_S = 60;

    @Test
    void waitsOnASlowRecorderAreCountedAndTimedWithinTheRunsWallTime() throws Exception {
        ScriptedFrameSource source = ScriptedFrameSource.gray16(16, 16, 40);
        CollectingRecorder slow = new CollectingRecorder().withPerFrameDelay(TimeUnit.MILLISECONDS.toNanos(2));
        long t0 = System.nanoTime();
        try (FramePipeline p = FramePipeline.builder(source).optRingSize(4).addRecorder(slow).build()) {
            p.start();
            assertThat(p.awaitEndOfStream(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            long wall = System.nanoTime() - t0;
            assertThat(p.metrics().producerStalls()).isBetween(1L, 40L);
            assertThat(p.metrics().producerStallNanos()).isPositive().isLessThanOrEqualTo(wall);
            assertThat(slow.sequences()).hasSize(40);
            assertThat(p.metrics().recorders()).singleElement().satisfies(r -> {
                assertThat(r.name()).isEqualTo("recorder-0");
                assertThat(r.handled()).isEqualTo(40);
            });
        }
    }

    @Test
    void everyFrameIsStampedWhenPublishedAfterItsCameraTime() throws Exception {
        List<long[]> stamps = java.util.Collections.synchronizedList(new ArrayList<>());
        Recorder keeper = (FrameSlot s) -> stamps.add(new long[] {s.cameraNanos(), s.publishedNanos()});
        ScriptedFrameSource source = ScriptedFrameSource.gray16(16, 16, 20);
        try (FramePipeline p = FramePipeline.builder(source).addRecorder(keeper).build()) {
            p.start();
            assertThat(p.awaitEndOfStream(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        }
        long end = System.nanoTime();
        assertThat(stamps).hasSize(20).allSatisfy(s -> {
            assertThat(s[1]).isGreaterThanOrEqualTo(s[0]).isLessThanOrEqualTo(end);
            assertThat(s[0]).isPositive();
        });
    }

    @Test
    void producingIsTrueWhileTheSourceMayStillDeliverAndFalseAtTheEnd() throws Exception {
        Semaphore permits = new Semaphore(0);
        ScriptedFrameSource source = ScriptedFrameSource.gray16(16, 16, 3).withPermits(permits);
        try (FramePipeline p = FramePipeline.builder(source).addRecorder(new CollectingRecorder()).build()) {
            p.start();
            assertThat(p.metrics().producing()).isTrue();
            permits.release(3);
            assertThat(p.awaitEndOfStream(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(p.metrics().producing()).isFalse();
            assertThat(p.metrics().published()).isEqualTo(3);
        }
    }
}
