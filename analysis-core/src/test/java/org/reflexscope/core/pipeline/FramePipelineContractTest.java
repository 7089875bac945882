package org.reflexscope.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.analysis.FrameAnalyzer;
import org.reflexscope.core.metrics.PipelineMetrics;
import org.reflexscope.core.support.CollectingRecorder;
import org.reflexscope.core.support.RecordingEvents;
import org.reflexscope.core.support.ScriptedFrameSource;
import org.reflexscope.core.support.TestAnalyzer;

class FramePipelineContractTest {
    private static final long TIMEOUT_S = 60;

    private static List<Long> range(long n) {
        return LongStream.range(0, n).boxed().collect(Collectors.toList());
    }

    @Test
    void aBlockedAnalyzerNeverHoldsTheProducerAndEveryFrameIsRecordedInOrder() throws Exception {
        int n = 200;
        ScriptedFrameSource source = ScriptedFrameSource.gray16(32, 24, n);
        CollectingRecorder recorder = new CollectingRecorder();
        CountDownLatch release = new CountDownLatch(1);
        TestAnalyzer analyzer = new TestAnalyzer().holdUntil(release);
        List<AnalysisResult> results = Collections.synchronizedList(new ArrayList<>());
        try (FramePipeline p = FramePipeline.builder(source).optRingSize(8).addRecorder(recorder)
                .optAnalyzer(analyzer, results::add).build()) {
            p.start();
            // The analyzer is stuck on its first frame: 200 frames through an 8-slot ring prove it gates nothing.
            CountDownLatch producedAll = new CountDownLatch(1);
            Thread watcher = new Thread(() -> {
                while (source.delivered() < n || recorder.sequences().size() < n) {
                    Thread.onSpinWait();
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                }
                producedAll.countDown();
            });
            watcher.start();
            boolean allThrough = producedAll.await(TIMEOUT_S, TimeUnit.SECONDS);
            watcher.interrupt();
            release.countDown();
            assertThat(allThrough).as("all frames recorded while the analyzer was blocked").isTrue();
            assertThat(p.awaitEndOfStream(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            PipelineMetrics m = p.metrics();
            assertThat(m.published()).isEqualTo(n);
            assertThat(recorder.sequences()).isEqualTo(range(n));
            assertThat(recorder.badPixels()).isZero();
            assertThat(recorder.finishCalls()).isEqualTo(1);
            assertThat(m.recorders().get(0).handled()).isEqualTo(n);
            assertThat(m.analysed() + m.skipped() + m.analysisFailed()).isEqualTo(n);
            assertThat(m.analysed()).isBetween(1L, (long) n - 1);
            assertThat(results).hasSize((int) m.analysed());
            assertThat(analyzer.badPixels()).isZero();
            assertThat(m.drained()).isTrue();
        }
    }

    @Test
    void anAnalyzerTenTimesSlowerThanTheCameraSkipsFramesButRecordingLosesNone() throws Exception {
        int n = 150;
        ScriptedFrameSource source = ScriptedFrameSource.gray16(64, 48, n)
                .withFrameInterval(TimeUnit.MICROSECONDS.toNanos(300));
        CollectingRecorder recorder = new CollectingRecorder();
        TestAnalyzer analyzer = new TestAnalyzer().withPerFrameDelay(TimeUnit.MICROSECONDS.toNanos(3000));
        try (FramePipeline p = FramePipeline.builder(source).optRingSize(8).addRecorder(recorder)
                .optAnalyzer(analyzer, r -> { }).build()) {
            p.start();
            assertThat(p.awaitEndOfStream(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            PipelineMetrics m = p.metrics();
            assertThat(recorder.sequences()).isEqualTo(range(n));
            assertThat(recorder.badPixels()).isZero();
            assertThat(m.published()).isEqualTo(n);
            assertThat(m.analysed() + m.skipped()).isEqualTo(n);
            assertThat(m.skipped()).isPositive();
            assertThat(analyzer.seen()).isSorted().doesNotHaveDuplicates().contains((long) n - 1);
            assertThat(analyzer.badPixels()).isZero();
        }
    }

    /** Polls {@code condition} until true or the timeout; fails the test on timeout. */
    private static void awaitCondition(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(1);
        }
    }

    @Test
    void aRecorderAWholeRingBehindMakesTheProducerWaitMeasuredAndNothingIsLost() throws Exception {
        int n = 60;
        ScriptedFrameSource source = ScriptedFrameSource.gray16(32, 24, n);
        CountDownLatch release = new CountDownLatch(1);
        CollectingRecorder slow = new CollectingRecorder().holdFirstFrameUntil(release);
        RecordingEvents events = new RecordingEvents();
        try (FramePipeline p = FramePipeline.builder(source).optRingSize(8).addRecorder(slow).optEvents(events)
                .build()) {
            p.start();
            // Frame 0 is held: the producer fills the 8 slots, then must wait for the recorder.
            awaitCondition(() -> p.metrics().producerStalls() >= 1, "the producer to stall");
            assertThat(p.metrics().published()).isEqualTo(8);
            release.countDown();
            assertThat(p.awaitEndOfStream(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            PipelineMetrics m = p.metrics();
            assertThat(slow.sequences()).isEqualTo(range(n));
            assertThat(slow.badPixels()).isZero();
            assertThat(m.producerStalls()).isGreaterThanOrEqualTo(1);
            assertThat(m.producerStallNanos()).isPositive();
            assertThat(events.stalls).hasSize((int) m.producerStalls());
            assertThat(events.stalls.stream().mapToLong(Long::longValue).sum()).isEqualTo(m.producerStallNanos());
            assertThat(m.dataLoss()).isFalse();
        }
    }

    @Test
    void anAnalyzerThrowingOnEverySeventhFrameLosesNoRecordingAndEachFailureIsCountedAndReported()
            throws Exception {
        int n = 70;
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(1);
        // One permit per frame, released by the analyzer: every frame gets analysed, so the failures are exact.
        ScriptedFrameSource source = ScriptedFrameSource.gray16(32, 24, n).withPermits(permits);
        CollectingRecorder recorder = new CollectingRecorder();
        TestAnalyzer analyzer = new TestAnalyzer().throwingOnImageNumbers(k -> k % 7 == 6)
                .releasingAfterEach(permits);
        RecordingEvents events = new RecordingEvents();
        List<AnalysisResult> results = Collections.synchronizedList(new ArrayList<>());
        try (FramePipeline p = FramePipeline.builder(source).optRingSize(8).addRecorder(recorder)
                .optAnalyzer(analyzer, results::add).optEvents(events).build()) {
            p.start();
            assertThat(p.awaitEndOfStream(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            PipelineMetrics m = p.metrics();
            assertThat(recorder.sequences()).isEqualTo(range(n));
            assertThat(m.recorders().get(0).failed()).isZero();
            assertThat(m.analysisFailed()).isEqualTo(10);
            assertThat(m.analysed()).isEqualTo(60);
            assertThat(m.skipped()).isZero();
            assertThat(results).hasSize(60);
            assertThat(events.failures).hasSize(10).allMatch(f -> f.startsWith("analyzer@"));
            assertThat(events.failures).contains("analyzer@6:scripted analyzer failure at image 6");
        }
    }

    @Test
    void aFailingRecorderOrListenerIsIsolatedCountedAndTheOthersGoOn() throws Exception {
        int n = 40;
        ScriptedFrameSource source = ScriptedFrameSource.gray16(16, 16, n);
        CollectingRecorder flaky = new CollectingRecorder().throwingOn(s -> s % 10 == 3);
        CollectingRecorder good = new CollectingRecorder();
        RecordingEvents events = new RecordingEvents();
        List<Long> shown = Collections.synchronizedList(new ArrayList<>());
        try (FramePipeline p = FramePipeline.builder(source).optRingSize(4).addRecorder("flaky", flaky)
                .addRecorder("good", good).optAnalyzer(new TestAnalyzer(), r -> {
                    throw new IllegalStateException("listener broke");
                }).addObserver("live", slot -> {
                    shown.add(slot.sequence());
                    throw new IllegalStateException("view broke");
                }).optEvents(events).build()) {
            p.start();
            assertThat(p.awaitEndOfStream(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            PipelineMetrics m = p.metrics();
            assertThat(good.sequences()).isEqualTo(range(n));
            assertThat(flaky.sequences()).isEqualTo(range(n));
            assertThat(m.recorders().get(0).failed()).isEqualTo(4);
            assertThat(m.recorders().get(0).handled()).isEqualTo(36);
            assertThat(m.recorders().get(1).handled()).isEqualTo(n);
            assertThat(m.listenerFailures()).isEqualTo(m.analysed()).isPositive();
            assertThat(m.observers().get(0).failed()).isEqualTo(shown.size()).isPositive();
            assertThat(m.observers().get(0).accountedFor()).isEqualTo(n);
            assertThat(events.failures.stream().filter(f -> f.startsWith("flaky@"))).hasSize(4);
            assertThat(events.failures.stream().filter(f -> f.startsWith("live@"))).hasSize(shown.size());
        }
    }

    @Test
    void stopDrainsEveryPublishedFrameIntoTheRecordersThenFinishesThem() throws Exception {
        ScriptedFrameSource endless = ScriptedFrameSource.gray16(32, 24, Long.MAX_VALUE);
        CountDownLatch release = new CountDownLatch(1);
        CollectingRecorder recorder = new CollectingRecorder().holdFirstFrameUntil(release);
        RecordingEvents events = new RecordingEvents();
        FramePipeline p = FramePipeline.builder(endless).optRingSize(16).addRecorder(recorder).optEvents(events)
                .build();
        p.start();
        awaitCondition(() -> p.metrics().published() >= 16, "the ring to fill");
        release.countDown();
        p.stop();
        PipelineMetrics m = p.metrics();
        assertThat(endless.stopped()).isTrue();
        assertThat(m.drained()).isTrue();
        assertThat(m.published()).isGreaterThanOrEqualTo(16);
        assertThat(recorder.sequences()).isEqualTo(range(m.published()));
        assertThat(recorder.finishCalls()).isEqualTo(1);
        assertThat(recorder.recordedAfterFinish()).isFalse();
        assertThat(events.drained).hasSize(1);
        assertThat(events.drained.get(0).published()).isEqualTo(m.published());
        assertThat(events.drained.get(0).drained()).isTrue();
        assertThat(events.drained.get(0).recorders().get(0).handled()).isEqualTo(m.published());
        p.close();
        p.close();
        assertThat(p.metrics()).isEqualTo(m);
    }

    @Test
    void gapsInImageNumbersAndUpstreamLossRaiseDataLossAlarmsWithCounts() throws Exception {
        int n = 20;
        // Image numbers 0..4, then 8.. (5, 6, 7 missing), then from frame 10 one more missing (12 frames in).
        ScriptedFrameSource source = ScriptedFrameSource.gray16(16, 16, n)
                .withImageNumbers(k -> k < 5 ? k : k < 10 ? k + 3 : k + 4).withUpstreamLossAt(15, 2);
        CollectingRecorder recorder = new CollectingRecorder();
        RecordingEvents events = new RecordingEvents();
        try (FramePipeline p = FramePipeline.builder(source).addRecorder(recorder).optEvents(events).build()) {
            p.start();
            assertThat(p.awaitEndOfStream(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            PipelineMetrics m = p.metrics();
            assertThat(m.missingImageNumbers()).isEqualTo(4);
            assertThat(m.lostUpstreamReported()).isEqualTo(2);
            assertThat(m.dataLoss()).isTrue();
            assertThat(events.alarms).extracting(DataLossAlarm::kind, DataLossAlarm::lostNow,
                    DataLossAlarm::lostTotal, DataLossAlarm::atSequence, DataLossAlarm::atImageNumber)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(DataLossAlarm.Kind.IMAGE_NUMBER_GAP, 3L, 3L, 5L, 8L),
                            org.assertj.core.groups.Tuple.tuple(DataLossAlarm.Kind.IMAGE_NUMBER_GAP, 1L, 4L, 10L,
                                    14L),
                            org.assertj.core.groups.Tuple.tuple(DataLossAlarm.Kind.REPORTED_BY_SOURCE, 2L, 2L, 15L,
                                    19L));
            assertThat(events.alarmThreads).containsOnly("reflex-producer");
            assertThat(events.alarms.get(0).detail()).contains("jumped from 4 to 8");
            assertThat(recorder.sequences()).isEqualTo(range(n));
        }
    }

    @Test
    void aFrameOfTheWrongSizeIsRejectedWithAClearErrorCountedAndTheRunGoesOn() throws Exception {
        int n = 12;
        ScriptedFrameSource source = ScriptedFrameSource.gray16(16, 16, n).withWrongSizeAt(4);
        CollectingRecorder recorder = new CollectingRecorder();
        RecordingEvents events = new RecordingEvents();
        try (FramePipeline p = FramePipeline.builder(source).addRecorder(recorder).optEvents(events).build()) {
            p.start();
            assertThat(p.awaitEndOfStream(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            PipelineMetrics m = p.metrics();
            assertThat(m.framesRejected()).isEqualTo(1);
            assertThat(m.published()).isEqualTo(n - 1);
            assertThat(m.missingImageNumbers()).as("the rejected frame is not counted twice").isZero();
            assertThat(m.dataLoss()).isTrue();
            assertThat(events.alarms).hasSize(1);
            DataLossAlarm a = events.alarms.get(0);
            assertThat(a.kind()).isEqualTo(DataLossAlarm.Kind.FRAME_REJECTED);
            assertThat(a.detail()).contains("16x17").contains("does not fit").contains("16x16");
            assertThat(recorder.sequences()).isEqualTo(range(n - 1));
            assertThat(recorder.imageNumbers()).containsExactly(0L, 1L, 2L, 3L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        }
    }

    @Test
    void aSourceFailureIsReportedAndEndsProductionWhileRecordersDrain() throws Exception {
        ScriptedFrameSource source = ScriptedFrameSource.gray16(16, 16, 100).withFailureAt(10);
        CollectingRecorder recorder = new CollectingRecorder();
        RecordingEvents events = new RecordingEvents();
        try (FramePipeline p = FramePipeline.builder(source).addRecorder(recorder).optEvents(events).build()) {
            p.start();
            assertThat(p.awaitEndOfStream(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(events.sourceFailures).hasSize(1);
            assertThat(events.sourceFailures.get(0)).hasMessageContaining("frame 10");
            assertThat(p.metrics().published()).isEqualTo(10);
            assertThat(recorder.sequences()).isEqualTo(range(10));
            assertThat(recorder.finishCalls()).isEqualTo(1);
        }
    }

    @Test
    void latencyHopsAreRecordedForEveryPublishedRecordedAndAnalysedFrame() throws Exception {
        int n = 30;
        org.reflexscope.core.metrics.LatencyRecorder latency =
                new org.reflexscope.core.metrics.LatencyRecorder(TimeUnit.SECONDS.toNanos(1));
        ScriptedFrameSource source = ScriptedFrameSource.gray16(16, 16, n);
        try (FramePipeline p = FramePipeline.builder(source).addRecorder(new CollectingRecorder())
                .optAnalyzer(new TestAnalyzer(), r -> { }).optLatencyRecorder(latency).build()) {
            p.start();
            assertThat(p.awaitEndOfStream(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(latency.summary(FramePipeline.HOP_CAMERA_TO_PUBLISHED).count()).isEqualTo(n);
            assertThat(latency.summary(FramePipeline.HOP_PUBLISHED_TO_RECORDED).count()).isEqualTo(n);
            assertThat(latency.summary(FramePipeline.HOP_PUBLISHED_TO_ANALYSED).count())
                    .isEqualTo(p.metrics().analysed());
        }
    }

    @Test
    void aPipelineRunsOnceAndRejectsABadRingSize() throws Exception {
        ScriptedFrameSource source = ScriptedFrameSource.gray16(8, 8, 3);
        FramePipeline p = FramePipeline.builder(source).build();
        p.start();
        assertThat(p.awaitEndOfStream(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(p::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("build a new one");
        p.close();
        assertThat(p.metrics().published()).isEqualTo(3);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FramePipeline.builder(source).optRingSize(12))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power of two");
    }

    @Test
    void aRecorderThatNeverDrainsIsForcedDownAfterTheDrainTimeoutAndTheShortfallIsVisible() throws Exception {
        ScriptedFrameSource endless = ScriptedFrameSource.gray16(16, 16, Long.MAX_VALUE);
        CountDownLatch never = new CountDownLatch(1);
        CollectingRecorder stuck = new CollectingRecorder().holdFirstFrameUntil(never);
        FramePipeline p = FramePipeline.builder(endless).optRingSize(4).addRecorder(stuck)
                .optDrainTimeout(200, TimeUnit.MILLISECONDS).build();
        p.start();
        awaitCondition(() -> p.metrics().producerStalls() >= 1, "the producer to stall");
        p.stop();
        PipelineMetrics m = p.metrics();
        assertThat(p.awaitEndOfStream(TIMEOUT_S, TimeUnit.SECONDS)).as("all threads ended").isTrue();
        assertThat(m.published()).isEqualTo(4);
        assertThat(m.recorders().get(0).handled()).isZero();
        assertThat(stuck.finishCalls()).as("an aborted recorder is not finished").isZero();
        p.close();
    }

    /** A source that stamps frame k into 3 pixels and its metadata only, so it laps any consumer copying 8 MB. */
    private static final class LappingSource implements org.reflexscope.core.source.FrameSource {
        final org.reflexscope.core.frame.FrameFormat format =
                org.reflexscope.core.frame.FrameFormat.of(2048, 2048, org.reflexscope.core.frame.PixelType.GRAY16);
        final long frames;
        long next;

        LappingSource(long frames) {
            this.frames = frames;
        }

        @Override
        public org.reflexscope.core.frame.FrameFormat maxFormat() {
            return format;
        }

        @Override
        public void start() {
        }

        @Override
        public FillResult fill(org.reflexscope.core.frame.FrameSlot slot, long timeout, TimeUnit unit) {
            if (next >= frames) {
                return FillResult.END_OF_STREAM;
            }
            long k = next++;
            slot.setSize(2048, 2048);
            short[] p = slot.shorts();
            p[0] = (short) k;
            p[p.length / 2] = (short) k;
            p[p.length - 1] = (short) k;
            slot.setImageNumber(k).setStage(0, 0, k);
            return FillResult.FRAME;
        }

        @Override
        public void stop() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void newestFrameConsumersNeverSeeATornFrameEvenWhenTheProducerLapsThem() throws Exception {
        // No recorder, so nothing holds the producer back; a 4-slot ring and a producer that writes a frame in
        // nanoseconds while each copy takes 8 MB of memcpy. The sequence-lock check must discard every copy the
        // producer overwrote, so whatever is handled is one whole, consistent frame. (A stress check: with the
        // check disabled, runs on the 2-core build machine handed a torn frame to an observer about 1 copy in 30.)
        int n = 40_000;
        LappingSource source = new LappingSource(n);
        java.util.concurrent.atomic.AtomicInteger torn = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger checked = new java.util.concurrent.atomic.AtomicInteger();
        FrameObserver verifier = slot -> {
            short[] p = slot.shorts();
            short k = (short) slot.imageNumber();
            if (p[0] != k || p[p.length / 2] != k || p[p.length - 1] != k || slot.sequence() != slot.imageNumber()
                    || slot.stageZUm() != slot.imageNumber()) {
                torn.incrementAndGet();
            }
            checked.incrementAndGet();
        };
        try (FramePipeline p = FramePipeline.builder(source).optRingSize(4).addObserver("a", verifier)
                .addObserver("b", verifier).build()) {
            p.start();
            assertThat(p.awaitEndOfStream(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            PipelineMetrics m = p.metrics();
            System.out.println("lapping: checked " + checked + ", torn " + torn + ", " + m.observers());
            assertThat(torn.get()).as("torn frames handed to observers").isZero();
            assertThat(checked.get()).isPositive();
            assertThat(m.observers()).allMatch(o -> o.accountedFor() == n && o.failed() == 0);
        }
    }

    @Test
    void aLinkageErrorInTheAnalyzerIsIsolatedLikeAnException() throws Exception {
        int n = 20;
        ScriptedFrameSource source = ScriptedFrameSource.gray16(8, 8, n);
        CollectingRecorder recorder = new CollectingRecorder();
        RecordingEvents events = new RecordingEvents();
        FrameAnalyzer missingNative = slot -> {
            throw new UnsatisfiedLinkError("no onnxruntime in java.library.path");
        };
        try (FramePipeline p = FramePipeline.builder(source).addRecorder(recorder)
                .optAnalyzer(missingNative, r -> { }).optEvents(events).build()) {
            p.start();
            assertThat(p.awaitEndOfStream(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            PipelineMetrics m = p.metrics();
            assertThat(recorder.sequences()).isEqualTo(range(n));
            assertThat(m.analysisFailed()).isPositive().isEqualTo(n - m.skipped());
            assertThat(events.failures).allMatch(f -> f.contains("onnxruntime"));
        }
    }
}
