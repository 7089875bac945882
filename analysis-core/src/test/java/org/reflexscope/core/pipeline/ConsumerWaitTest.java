package org.reflexscope.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reflexscope.core.metrics.PipelineMetrics;
import org.reflexscope.core.support.CollectingRecorder;
import org.reflexscope.core.support.IngestingTestAnalyzer;
import org.reflexscope.core.support.ScriptedFrameSource;
import org.reflexscope.core.support.TestAnalyzer;

/** Every {@link ConsumerWait} keeps the contracts: lossless in-order recording, every frame accounted for. */
class ConsumerWaitTest {

    @ParameterizedTest
    @EnumSource(ConsumerWait.class)
    void everyWaitStrategyRecordsEveryFrameInOrderAndAccountsForEveryFrame(ConsumerWait wait) throws Exception {
        int n = 400;
        ScriptedFrameSource source = ScriptedFrameSource.gray16(32, 24, n);
        CollectingRecorder slow = new CollectingRecorder().withPerFrameDelay(TimeUnit.MICROSECONDS.toNanos(50));
        TestAnalyzer analyzer = new TestAnalyzer().withPerFrameDelay(TimeUnit.MICROSECONDS.toNanos(300));
        try (FramePipeline p = FramePipeline.builder(source).optRingSize(8).optConsumerWait(wait)
                .addRecorder(slow).optAnalyzer(new IngestingTestAnalyzer(analyzer), r -> { })
                .addObserver(slot -> { }).build()) {
            p.start();
            assertThat(p.awaitEndOfStream(60, TimeUnit.SECONDS)).isTrue();
            PipelineMetrics m = p.metrics();
            List<Long> all = LongStream.range(0, n).boxed().collect(Collectors.toList());
            assertThat(slow.sequences()).isEqualTo(all);
            assertThat(slow.finishCalls()).isEqualTo(1);
            assertThat(m.analyzer().accountedFor()).isEqualTo(n);
            assertThat(m.observers().get(0).accountedFor()).isEqualTo(n);
            assertThat(analyzer.badPixels()).isZero();
            assertThat(analyzer.seen()).endsWith((long) n - 1);
        }
    }
}
