package org.reflexscope.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reflexscope.core.analysis.IngestingFrameAnalyzer;
import org.reflexscope.core.metrics.ConsumerMetrics;
import org.reflexscope.core.metrics.PipelineMetrics;
import org.reflexscope.core.support.CollectingRecorder;
import org.reflexscope.core.support.IngestingTestAnalyzer;
import org.reflexscope.core.support.ScriptedFrameSource;
import org.reflexscope.core.support.TestAnalyzer;

/**
 * Whatever the ring size, run length, consumer speeds and failures: every recorder sees every frame in order,
 * and every newest-frame consumer accounts for every frame exactly once, whether the analyzer gets a copy or reads
 * the ring in place ({@link IngestingFrameAnalyzer}). 25 seeded random configurations (jqwik
 * 1.9.3 pulls a JUnit Platform 1.13 that clashes with the reactor's JUnit 5.14, so the cases are generated here).
 */
class FramePipelineAccountingTest {

    static Stream<Arguments> configurations() {
        SplittableRandom r = new SplittableRandom(20261125);
        return IntStream.range(0, 25).mapToObj(i -> Arguments.of(r.nextInt(2, 6), i == 0 ? 0 : r.nextInt(1, 301),
                r.nextInt(0, 301), r.nextInt(0, 2001), r.nextInt(2, 12), r.nextInt(0, 3), i % 2 == 1));
    }

    @ParameterizedTest(name = "ring 2^{0}, {1} frames, recorder {2} µs, analyzer {3} µs fails every {4}, {5} obs,"
            + " in place {6}")
    @MethodSource("configurations")
    void everyFrameIsRecordedInOrderAndAccountedForByEveryConsumer(int ringSizeLog2, int frames,
            int recorderDelayMicros, int analyzerDelayMicros, int analyzerFailsEvery, int observers,
            boolean inPlace) throws Exception {
        ScriptedFrameSource source = ScriptedFrameSource.gray16(24, 16, frames);
        CollectingRecorder slow = new CollectingRecorder()
                .withPerFrameDelay(TimeUnit.MICROSECONDS.toNanos(recorderDelayMicros));
        CollectingRecorder fast = new CollectingRecorder();
        TestAnalyzer analyzer = new TestAnalyzer()
                .withPerFrameDelay(TimeUnit.MICROSECONDS.toNanos(analyzerDelayMicros))
                .throwingOnImageNumbers(k -> k % analyzerFailsEvery == 0);
        FramePipeline.Builder b = FramePipeline.builder(source).optRingSize(1 << ringSizeLog2)
                .addRecorder("slow", slow).addRecorder("fast", fast)
                .optAnalyzer(inPlace ? new IngestingTestAnalyzer(analyzer) : analyzer, r -> { });
        for (int i = 0; i < observers; i++) {
            b.addObserver(slot -> { });
        }
        try (FramePipeline p = b.build()) {
            p.start();
            assertThat(p.awaitEndOfStream(60, TimeUnit.SECONDS)).isTrue();
            PipelineMetrics m = p.metrics();
            List<Long> all = LongStream.range(0, frames).boxed().collect(Collectors.toList());
            assertThat(m.published()).isEqualTo(frames);
            assertThat(slow.sequences()).isEqualTo(all);
            assertThat(fast.sequences()).isEqualTo(all);
            assertThat(slow.badPixels() + fast.badPixels() + analyzer.badPixels()).isZero();
            assertThat(slow.finishCalls()).isEqualTo(1);
            assertThat(m.analyzer().accountedFor()).isEqualTo(frames);
            assertThat(m.analysisFailed()).isEqualTo(analyzer.seen().stream()
                    .filter(k -> k % analyzerFailsEvery == 0).count());
            for (ConsumerMetrics o : m.observers()) {
                assertThat(o.accountedFor()).isEqualTo(frames);
            }
            if (frames > 0) {
                assertThat(analyzer.seen()).as("the last frame is always analysed").endsWith((long) frames - 1);
            }
        }
    }
}
