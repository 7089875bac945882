package org.reflexscope.bench.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.metrics.PipelineMetrics;
import org.reflexscope.core.pipeline.ConsumerWait;
import org.reflexscope.core.analysis.FrameAnalyzer;
import org.reflexscope.core.pipeline.FramePipeline;
import org.reflexscope.core.analysis.IngestingFrameAnalyzer;
import org.reflexscope.core.pipeline.Recorder;

/**
 * The CPU time each ring thread spends per frame, the {@link RingHandoffBenchmark} shape (camera copy in, touching
 * recorder, sparse-mean analyzer; 16 slots unless {@code ring=} says otherwise) run once per analyzer kind.
 * Wall-clock rates on a machine shared with other builds measure mostly the scheduler's share; CPU time per frame
 * measures the work each thread does, so copy-vs-in-place and wait-strategy comparisons hold on a loaded machine
 * (memory stalls count as CPU time, so a cache thrashed by other processes still inflates them).
 *
 * <p>Each thread reads its own CPU clock between the {@code warm}-th frame and the end. Printed per kind: wall
 * frames/s, producer and recorder CPU µs per frame, analyzer CPU µs per analysed frame and the share of frames it
 * took, and {@code 2-core bound} = 2 s of CPU / (CPU per published frame of all threads together): the frame rate
 * two otherwise idle cores could sustain if memory bandwidth did not drop with both cores busy.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar org.reflexscope.bench.pipeline.RingCpuCost
 * [size=2048] [frames=3000] [wait=BLOCKING] [rounds=2] [ring=16]}
 */
public final class RingCpuCost {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private RingCpuCost() {
    }

    /** CPU time of the calling thread between two marks. */
    private static final class CpuSpan {
        volatile long from = -1;
        volatile long to = -1;

        void mark(boolean start) {
            long t = MX.getCurrentThreadCpuTime();
            if (start) {
                from = t;
            } else {
                to = t;
            }
        }

        long nanos() {
            return from < 0 || to < 0 ? 0 : to - from;
        }
    }

    public static void main(String[] args) throws Exception {
        int size = 2048;
        int frames = 3000;
        ConsumerWait wait = ConsumerWait.BLOCKING;
        int rounds = 2;
        int ring = 16;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("Arguments are key=value (size, frames, wait, rounds), got " + a);
            }
            switch (kv[0]) {
                case "size":
                    size = Integer.parseInt(kv[1]);
                    break;
                case "frames":
                    frames = Integer.parseInt(kv[1]);
                    break;
                case "wait":
                    wait = ConsumerWait.valueOf(kv[1]);
                    break;
                case "rounds":
                    rounds = Integer.parseInt(kv[1]);
                    break;
                case "ring":
                    ring = Integer.parseInt(kv[1]);
                    break;
                default:
                    throw new IllegalArgumentException("Unknown argument " + kv[0]
                            + "; use size, frames, wait, rounds, ring");
            }
        }
        System.out.printf(Locale.ROOT, "%dx%d 16-bit, %d frames, %d slots, wait %s%n", size, size, frames, ring,
                wait);
        System.out.printf(Locale.ROOT, "%-8s %9s %9s %12s %12s %9s %10s %13s%n", "analyzer", "fps", "GB/s",
                "producer µs", "recorder µs", "analysed", "analyzer µs", "2-core bound");
        for (int r = 0; r < rounds; r++) {
            for (String kind : new String[] {"none", "copy", "inPlace"}) {
                run(size, frames, ring, wait, kind);
            }
        }
    }

    private static void run(int size, int frames, int ring, ConsumerWait wait, String kind) throws Exception {
        int warm = frames / 5;
        long measured = frames - warm;
        CpuSpan producer = new CpuSpan();
        CpuSpan recorderCpu = new CpuSpan();
        CpuSpan analyzerCpu = new CpuSpan();
        long[] wall = new long[2];
        CreditedFrameSource source = new CreditedFrameSource(size) {
            private long filled;

            @Override
            public FillResult fill(FrameSlot slot, long timeout, TimeUnit unit) {
                FillResult f = super.fill(slot, timeout, unit);
                if (f == FillResult.FRAME) {
                    filled++;
                    if (filled == warm) {
                        producer.mark(true);
                    } else if (filled == frames) {
                        producer.mark(false);
                    }
                }
                return f;
            }
        };
        long[] sink = new long[1];
        Recorder recorder = slot -> {
            sink[0] += Patterns.touch(slot.shorts(), slot.pixelCount());
            if (slot.sequence() == warm) {
                recorderCpu.mark(true);
                wall[0] = System.nanoTime();
            } else if (slot.sequence() == frames - 1) {
                recorderCpu.mark(false);
                wall[1] = System.nanoTime();
            }
        };
        AnalysisResult result = AnalysisResult.builder(0, FrameMetadata.builder().build()).build();
        long[] analysedAfterWarm = new long[1];
        FrameAnalyzer copying = slot -> {
            sink[0] += (long) Patterns.sparseMean(slot.shorts(), slot.pixelCount());
            mark(slot.sequence(), warm, frames, analyzerCpu, analysedAfterWarm);
            return result;
        };
        IngestingFrameAnalyzer inPlace = new IngestingFrameAnalyzer() {
            private double mean;
            private long sequence;

            @Override
            public void ingest(FrameSlot slot) {
                sequence = slot.sequence();
                mean = Patterns.sparseMean(slot.shorts(), slot.pixelCount());
            }

            @Override
            public AnalysisResult analyzeIngested() {
                sink[0] += (long) mean;
                mark(sequence, warm, frames, analyzerCpu, analysedAfterWarm);
                return result;
            }
        };
        FramePipeline.Builder b = FramePipeline.builder(source).optRingSize(ring).optConsumerWait(wait)
                .addRecorder("touch", recorder);
        if (kind.equals("copy")) {
            b.optAnalyzer(copying, x -> { });
        } else if (kind.equals("inPlace")) {
            b.optAnalyzer(inPlace, x -> { });
        }
        PipelineMetrics m;
        try (FramePipeline p = b.build()) {
            p.start();
            source.grant(frames);
            source.stopWhenGrantedDelivered();
            if (!p.awaitEndOfStream(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("The run did not end within 10 minutes: " + p.metrics());
            }
            m = p.metrics();
        }
        double seconds = (wall[1] - wall[0]) / 1e9;
        double fps = (frames - 1 - warm) / seconds;
        double gbs = fps * size * size * 2 / 1e9;
        double prodUs = producer.nanos() / 1e3 / measured;
        double recUs = recorderCpu.nanos() / 1e3 / measured;
        long analysed = analysedAfterWarm[0];
        double anaPerAnalysedUs = analysed == 0 ? 0 : analyzerCpu.nanos() / 1e3 / analysed;
        double anaPerFrameUs = analyzerCpu.nanos() / 1e3 / measured;
        double bound = 2e6 / (prodUs + recUs + anaPerFrameUs);
        System.out.printf(Locale.ROOT, "%-8s %9.0f %9.2f %12.0f %12.0f %8.0f%% %10.0f %9.0f fps (%.1f GB/s)%n", kind,
                fps, gbs, prodUs, recUs, kind.equals("none") ? 0.0 : 100.0 * analysed / measured, anaPerAnalysedUs,
                bound, bound * size * size * 2 / 1e9);
        if (m.published() != frames || m.recorders().get(0).handled() != frames) {
            throw new IllegalStateException("Not every frame was recorded: " + m);
        }
        if (sink[0] == 42) {
            // Keeps the JIT from discarding the recorder's and analyzer's reads.
            System.out.println("(sink)");
        }
    }

    private static void mark(long sequence, int warm, int frames, CpuSpan span, long[] analysed) {
        if (sequence >= warm) {
            if (span.from < 0) {
                span.mark(true);
            } else {
                analysed[0]++;
                span.mark(false);
            }
        }
    }
}
