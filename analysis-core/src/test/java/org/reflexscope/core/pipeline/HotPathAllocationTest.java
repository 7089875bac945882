package org.reflexscope.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.analysis.IngestingFrameAnalyzer;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.metrics.LatencyRecorder;
import org.reflexscope.core.source.FrameSource;

/**
 * Contract 3: in steady state the producer thread (source fill + claim + publish + loss checks + latency) and a
 * recorder thread (hand-off + latency) allocate nothing per frame. Measured with the JVM's per-thread allocation
 * counter from inside the threads themselves, between frame 2 000 and frame 6 000.
 */
class HotPathAllocationTest {
    private static final int WARM = 2_000;
    private static final int MEASURED = 4_000;

    private static long allocatedByThisThread() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return ((com.sun.management.ThreadMXBean) mx).getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** Fills a constant pattern and measures its own (producer) thread. */
    private static final class MeasuringSource implements FrameSource {
        final FrameFormat format = FrameFormat.of(64, 64, PixelType.GRAY16);
        long next;
        volatile long before = -1;
        volatile long after = -1;

        @Override
        public FrameFormat maxFormat() {
            return format;
        }

        @Override
        public void start() {
        }

        @Override
        public FillResult fill(FrameSlot slot, long timeout, TimeUnit unit) {
            if (next == WARM) {
                before = allocatedByThisThread();
            } else if (next == WARM + MEASURED) {
                after = allocatedByThisThread();
                return FillResult.END_OF_STREAM;
            }
            slot.setSize(64, 64);
            slot.shorts()[0] = (short) next;
            slot.setImageNumber(next);
            slot.setCameraNanos(System.nanoTime());
            next++;
            return FillResult.FRAME;
        }

        @Override
        public void stop() {
        }

        @Override
        public void close() {
        }
    }

    /** Touches each frame and measures its own (recorder) thread. */
    private static final class MeasuringRecorder implements Recorder {
        long sum;
        volatile long before = -1;
        volatile long after = -1;

        @Override
        public void record(FrameSlot slot) {
            if (slot.sequence() == WARM) {
                before = allocatedByThisThread();
            } else if (slot.sequence() == WARM + MEASURED - 1) {
                after = allocatedByThisThread();
            }
            sum += slot.shorts()[0];
        }
    }

    @Test
    void theProducerAndRecorderThreadsAllocateNothingPerFrameInSteadyState() throws Exception {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean
                && ((com.sun.management.ThreadMXBean) mx).isThreadAllocatedMemorySupported(),
                "this JVM does not count per-thread allocation");
        MeasuringSource source = new MeasuringSource();
        MeasuringRecorder recorder = new MeasuringRecorder();
        LatencyRecorder latency = new LatencyRecorder(TimeUnit.SECONDS.toNanos(1));
        try (FramePipeline p = FramePipeline.builder(source).optRingSize(64).addRecorder(recorder)
                .optLatencyRecorder(latency).build()) {
            p.start();
            assertThat(p.awaitEndOfStream(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.metrics().published()).isEqualTo(WARM + MEASURED);
        }
        assertThat(java.util.List.of(source.before, source.after, recorder.before, recorder.after))
                .as("all four measurements were taken").allMatch(v -> v > 0);
        System.out.printf("allocation per frame: producer %.3f B, recorder %.3f B%n",
                (source.after - source.before) / (double) MEASURED,
                (recorder.after - recorder.before) / (double) MEASURED);
        double producerPerFrame = (source.after - source.before) / (double) MEASURED;
        double recorderPerFrame = (recorder.after - recorder.before) / (double) MEASURED;
        // A few hundred bytes in total may come from JIT deoptimisation or lazily initialised JDK internals:
        // a per-frame allocation (a pixel array, a boxed value, an event object) would be >= 16 bytes per frame.
        assertThat(producerPerFrame).as("producer bytes per frame").isLessThan(4.0);
        assertThat(recorderPerFrame).as("recorder bytes per frame").isLessThan(4.0);
    }

    /** An in-place analyzer that measures its own (the analyzer) thread between two analysed-frame counts. */
    private static final class MeasuringInPlaceAnalyzer implements IngestingFrameAnalyzer {
        static final int FROM = 500;
        static final int TO = 2_500;
        final AnalysisResult result = AnalysisResult.builder(0, FrameMetadata.builder().build()).build();
        final EndlessSource source;
        long sum;
        int analysed;
        volatile long before = -1;
        volatile long after = -1;

        MeasuringInPlaceAnalyzer(EndlessSource source) {
            this.source = source;
        }

        @Override
        public void ingest(FrameSlot slot) {
            short[] p = slot.shorts();
            int n = slot.pixelCount();
            long s = 0;
            for (int i = 0; i < n; i++) {
                s += p[i];
            }
            sum = s;
        }

        @Override
        public AnalysisResult analyzeIngested() {
            analysed++;
            if (analysed == FROM) {
                before = allocatedByThisThread();
            } else if (analysed == TO) {
                after = allocatedByThisThread();
                source.end = true;
            }
            return result;
        }
    }

    /** Delivers 64x64 frames until told to end. */
    private static final class EndlessSource implements FrameSource {
        final FrameFormat format = FrameFormat.of(64, 64, PixelType.GRAY16);
        volatile boolean end;
        long next;

        @Override
        public FrameFormat maxFormat() {
            return format;
        }

        @Override
        public void start() {
        }

        @Override
        public FillResult fill(FrameSlot slot, long timeout, TimeUnit unit) {
            if (end) {
                return FillResult.END_OF_STREAM;
            }
            slot.setSize(64, 64);
            slot.shorts()[0] = (short) next;
            slot.setImageNumber(next++);
            return FillResult.FRAME;
        }

        @Override
        public void stop() {
            end = true;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void theAnalyzerThreadReadingInPlaceAllocatesNothingPerFrameBeyondTheAnalyzersOwn() throws Exception {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean
                && ((com.sun.management.ThreadMXBean) mx).isThreadAllocatedMemorySupported(),
                "this JVM does not count per-thread allocation");
        EndlessSource source = new EndlessSource();
        MeasuringInPlaceAnalyzer analyzer = new MeasuringInPlaceAnalyzer(source);
        LatencyRecorder latency = new LatencyRecorder(TimeUnit.SECONDS.toNanos(1));
        try (FramePipeline p = FramePipeline.builder(source).optRingSize(16).addRecorder(slot -> { })
                .optAnalyzer(analyzer, r -> { }).optLatencyRecorder(latency).build()) {
            p.start();
            assertThat(p.awaitEndOfStream(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(analyzer.after).as("measurement taken").isPositive();
        double perFrame = (analyzer.after - analyzer.before)
                / (double) (MeasuringInPlaceAnalyzer.TO - MeasuringInPlaceAnalyzer.FROM);
        System.out.printf("allocation per analysed frame (in place): %.3f B%n", perFrame);
        // The analyzer here allocates nothing itself: a copy of the frame (8 KB) or any per-frame object of the
        // hand-off (>= 16 B) would show.
        assertThat(perFrame).as("analyzer thread bytes per analysed frame").isLessThan(4.0);
    }
}
