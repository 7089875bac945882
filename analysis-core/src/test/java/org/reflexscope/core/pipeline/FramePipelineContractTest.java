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
}
