package org.reflexscope.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.metrics.LatencyRecorder;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.core.source.FrameSourceException;
import org.reflexscope.core.support.CollectingRecorder;
import org.reflexscope.core.support.RecordingEvents;
import org.reflexscope.core.support.ScriptedFrameSource;

/**
 * Every way the producer's run can end publishes exactly the frames the source delivered, in order, and then one
 * end marker (or, when the run is forced down, nothing more): a fill that times out before the first frame, a stop
 * before any frame, a source that throws or is interrupted, a forced shutdown while the producer waits for a slot.
 * Also the camera→published and published→recorded latencies, one per frame, each within the run's wall time.
 */
class ProducerEndingsTest {
    private static final long TIMEOUT_S = 30;

    @Test
    void aFirstFillThatTimesOutIsRetriedOnTheSameSequence() throws Exception {
        Semaphore permits = new Semaphore(0);
        ScriptedFrameSource source = ScriptedFrameSource.gray16(16, 16, 5).withPermits(permits);
        CollectingRecorder recorder = new CollectingRecorder();
        try (FramePipeline p = FramePipeline.builder(source).addRecorder(recorder).build()) {
            p.start();
            // the producer polls the source every 100 ms: let at least two polls time out before the first frame
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
            while (source.fillCalls() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(source.fillCalls()).as("fills that timed out").isGreaterThanOrEqualTo(3);
            permits.release(5);
            assertThat(p.awaitEndOfStream(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(recorder.sequences()).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(recorder.imageNumbers()).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(recorder.badPixels()).isZero();
            assertThat(p.metrics().published()).isEqualTo(5);
        }
    }

    @Test
    void aStopBeforeAnyFrameEndsTheRunWithNothingRecordedAndTheRecorderFinished() throws Exception {
        Semaphore permits = new Semaphore(0);
        ScriptedFrameSource source = ScriptedFrameSource.gray16(16, 16, Long.MAX_VALUE).withPermits(permits);
        CollectingRecorder recorder = new CollectingRecorder();
        RecordingEvents events = new RecordingEvents();
        try (FramePipeline p = FramePipeline.builder(source).addRecorder(recorder).optEvents(events)
                .optDrainTimeout(TIMEOUT_S, TimeUnit.SECONDS).build()) {
            p.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
            while (source.fillCalls() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            p.stop();
            assertThat(p.metrics().drained()).isTrue();
            assertThat(p.metrics().published()).isZero();
            assertThat(recorder.sequences()).as("frames recorded").isEmpty();
            assertThat(recorder.finishCalls()).isEqualTo(1);
            assertThat(events.drained).hasSize(1);
        }
    }

    @Test
    void aSourceThatThrowsEndsProductionWithOneFailureAndTheFramesBeforeItRecorded() throws Exception {
        FaultyAt source = new FaultyAt(ScriptedFrameSource.gray16(16, 16, 10), 4,
                new IllegalStateException("driver state corrupt"));
        CollectingRecorder recorder = new CollectingRecorder();
        RecordingEvents events = new RecordingEvents();
        try (FramePipeline p = FramePipeline.builder(source).addRecorder(recorder).optEvents(events).build()) {
            p.start();
            assertThat(p.awaitEndOfStream(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(recorder.sequences()).containsExactly(0L, 1L, 2L, 3L);
            assertThat(recorder.finishCalls()).isEqualTo(1);
            assertThat(events.sourceFailures).singleElement().satisfies(e -> assertThat(e.getMessage())
                    .contains("IllegalStateException: driver state corrupt").contains("production ends"));
        }
    }

    @Test
    void aSourceThatIsInterruptedEndsProductionCleanlyAndKeepsTheInterrupt() throws Exception {
        FaultyAt source = new FaultyAt(ScriptedFrameSource.gray16(16, 16, 10), 3, new InterruptedException());
        CollectingRecorder recorder = new CollectingRecorder();
        RecordingEvents events = new RecordingEvents();
        try (FramePipeline p = FramePipeline.builder(source).addRecorder(recorder).optEvents(events).build()) {
            p.start();
            assertThat(p.awaitEndOfStream(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(recorder.sequences()).containsExactly(0L, 1L, 2L);
            assertThat(recorder.finishCalls()).isEqualTo(1);
            assertThat(events.sourceFailures).as("an interrupt is an ending, not a source failure").isEmpty();
            assertThat(source.interruptSeenAfterFault.get())
                    .as("the producer thread's interrupt status, seen by the source after the fault").isTrue();
        }
    }

    @Test
    void aForcedShutdownWhileTheProducerWaitsForASlotPublishesNothingMore() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        CollectingRecorder stuck = new CollectingRecorder().holdFirstFrameUntil(hold);
        ScriptedFrameSource source = ScriptedFrameSource.gray16(16, 16, Long.MAX_VALUE);
        try (FramePipeline p = FramePipeline.builder(source).optRingSize(4).addRecorder(stuck)
                .optDrainTimeout(200, TimeUnit.MILLISECONDS).build()) {
            p.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
            while (p.metrics().producerStalls() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(p.metrics().producerStalls()).as("the producer waits for the stuck recorder").isOne();
            long t0 = System.nanoTime();
            p.stop();
            assertThat((System.nanoTime() - t0) / 1e9).as("seconds to force the run down").isLessThan(10);
            hold.countDown();
            assertThat(p.metrics().producing()).isFalse();
            assertThat(p.metrics().published()).as("frames published: the ring's 4, then nothing").isEqualTo(4);
            assertThat(stuck.finishCalls()).as("a forced-down recorder is not finished").isZero();
        }
    }

    @Test
    void eachFrameHasOneCameraToPublishedAndOnePublishedToRecordedLatencyWithinTheRunsWallTime()
            throws Exception {
        LatencyRecorder latency = new LatencyRecorder(TimeUnit.SECONDS.toNanos(10));
        ScriptedFrameSource source = ScriptedFrameSource.gray16(16, 16, 30);
        long t0 = System.nanoTime();
        try (FramePipeline p = FramePipeline.builder(source).addRecorder(new CollectingRecorder())
                .optLatencyRecorder(latency).build()) {
            p.start();
            assertThat(p.awaitEndOfStream(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        }
        long wall = System.nanoTime() - t0;
        for (String hop : new String[] {FramePipeline.HOP_CAMERA_TO_PUBLISHED,
            FramePipeline.HOP_PUBLISHED_TO_RECORDED}) {
            assertThat(latency.summary(hop).count()).as(hop + " values").isEqualTo(30);
            assertThat(latency.summary(hop).maxNanos()).as(hop + " max").isLessThanOrEqualTo(wall);
        }
    }

    /** A scripted source whose fill throws {@code fault} instead of delivering frame {@code k}. */
    private static final class FaultyAt implements FrameSource {
        private final ScriptedFrameSource frames;
        private final long k;
        private final Exception fault;
        private boolean faulted;
        final AtomicBoolean interruptSeenAfterFault = new AtomicBoolean();

        FaultyAt(ScriptedFrameSource frames, long k, Exception fault) {
            this.frames = frames;
            this.k = k;
            this.fault = fault;
        }

        @Override
        public FrameFormat maxFormat() {
            return frames.maxFormat();
        }

        @Override
        public void start() {
            frames.start();
        }

        @Override
        public FillResult fill(FrameSlot slot, long timeout, TimeUnit unit) throws FrameSourceException,
                InterruptedException {
            if (frames.delivered() == k && !faulted) {
                faulted = true;
                if (fault instanceof InterruptedException) {
                    throw (InterruptedException) fault;
                }
                throw (RuntimeException) fault;
            }
            return frames.fill(slot, timeout, unit);
        }

        @Override
        public void stop() {
            frames.stop();
        }

        @Override
        public long framesLostUpstream() {
            if (faulted && Thread.currentThread().isInterrupted()) {
                interruptSeenAfterFault.set(true);
            }
            return frames.framesLostUpstream();
        }

        @Override
        public void close() {
            frames.close();
        }
    }
}
