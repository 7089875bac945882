package org.reflexscope.bench.pipeline;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.pipeline.ConsumerWait;
import org.reflexscope.core.analysis.FrameAnalyzer;
import org.reflexscope.core.analysis.IngestingFrameAnalyzer;
import org.reflexscope.core.pipeline.FramePipeline;
import org.reflexscope.core.pipeline.Recorder;

/**
 * Frame hand-off from a camera thread to one recorder and one analyzer, 16-bit frames of 512² and 2048²: the
 * Reflex ring ({@link FramePipeline}) side by side with the common alternative, an {@link ArrayBlockingQueue} to the
 * recorder (blocking, lossless) and one to the analyzer ({@code offer}, dropping when busy) with a new
 * {@code short[]} per frame, and with an upper bound without any hand-off.
 *
 * <p>Every side does the same per-frame work: the producer copies a camera frame into its buffer, the recorder
 * reads every cache line of it, the analyzer averages every 16th pixel (one per 32 bytes, so it too reads every
 * cache line) of the frames it takes. {@code analyzer}: {@code none}; {@code copy}, a plain {@link FrameAnalyzer}
 * to which the ring hands a private copy of each frame it takes (that copy is part of the ring's cost);
 * {@code inPlace}, an {@link IngestingFrameAnalyzer} that averages the ring slot in place (no copy). The queue's
 * analyzer always reads the frame's own array ({@code copy} and {@code inPlace} are the same work there).
 * {@code wait} chooses how the ring's consumers wait ({@link ConsumerWait}).
 *
 * <p>One operation is one frame through the recorder; the {@code bytes} counter gives the pixel bytes per second.
 * The ring's camera is kept one batch ahead of the recorder (granted frames it has not delivered yet), like a
 * streaming camera, so that no invocation ends with an idle producer. Run with {@code -prof gc} for the allocation
 * per frame ({@code gc.alloc.rate.norm}, all threads, JMH's own included).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@State(Scope.Benchmark)
public class RingHandoffBenchmark {
    /** Frames per benchmark invocation. */
    static final int BATCH = 64;

    @Param({"512", "2048"})
    int size;

    /** The analyzer attached: {@code none} (the hand-off to the recorder alone), {@code copy}, {@code inPlace}. */
    @Param({"none", "copy", "inPlace"})
    String analyzer;

    /** How the ring's consumers wait for frames. */
    @Param({"BLOCKING"})
    ConsumerWait wait;

    /** Bytes of pixels handed over, reported as a rate (bytes/s). */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Bytes {
        public long bytes;
    }

    // ---- the ring ----
    private CreditedFrameSource source;
    private FramePipeline pipeline;
    private final AtomicLong recorded = new AtomicLong();
    private volatile long target;
    private volatile Thread waiter;
    private long granted;

    // ---- the queues ----
    private ArrayBlockingQueue<short[]> recorderQueue;
    private ArrayBlockingQueue<short[]> analyzerQueue;
    private Thread queueRecorder;
    private Thread queueAnalyzer;
    private short[] pattern;
    private static final short[] POISON = new short[0];

    // ---- the one-thread bound ----
    private short[][] bound;
    private long boundCount;

    public volatile long sink;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        pattern = Patterns.pattern(size);
        int n = size * size;
        // Ring: a touching recorder and a sparse-mean analyzer returning one prebuilt result (the analyzer
        // itself is not what is measured here).
        source = new CreditedFrameSource(size);
        AnalysisResult result = AnalysisResult.builder(0, FrameMetadata.builder().build()).build();
        FrameAnalyzer sparseMean = slot -> {
            sink = (long) Patterns.sparseMean(slot.shorts(), slot.pixelCount());
            return result;
        };
        IngestingFrameAnalyzer sparseMeanInPlace = new IngestingFrameAnalyzer() {
            private double mean;

            @Override
            public void ingest(FrameSlot slot) {
                mean = Patterns.sparseMean(slot.shorts(), slot.pixelCount());
            }

            @Override
            public AnalysisResult analyzeIngested() {
                sink = (long) mean;
                return result;
            }
        };
        Recorder recorder = slot -> {
            sink = Patterns.touch(slot.shorts(), slot.pixelCount());
            if (recorded.incrementAndGet() >= target) {
                Thread w = waiter;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            }
        };
        FramePipeline.Builder b = FramePipeline.builder(source).optRingSize(16).optConsumerWait(wait)
                .addRecorder("touch", recorder);
        if (analyzer.equals("copy")) {
            b.optAnalyzer(sparseMean, r -> { });
        } else if (analyzer.equals("inPlace")) {
            b.optAnalyzer(sparseMeanInPlace, r -> { });
        } else if (!analyzer.equals("none")) {
            throw new IllegalArgumentException("analyzer must be none, copy or inPlace, got " + analyzer);
        }
        pipeline = b.build();
        pipeline.start();
        // The camera runs one batch ahead of what each invocation waits for.
        source.grant(BATCH);
        bound = new short[16][n];
        // Queues: same work, a new array per frame.
        recorderQueue = new ArrayBlockingQueue<>(16);
        analyzerQueue = new ArrayBlockingQueue<>(1);
        queueRecorder = new Thread(() -> {
            try {
                while (true) {
                    short[] f = recorderQueue.take();
                    if (f == POISON) {
                        return;
                    }
                    sink = Patterns.touch(f, n);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "abq-recorder");
        queueAnalyzer = new Thread(() -> {
            try {
                while (true) {
                    short[] f = analyzerQueue.take();
                    if (f == POISON) {
                        return;
                    }
                    sink = (long) Patterns.sparseMean(f, n);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "abq-analyzer");
        queueRecorder.start();
        queueAnalyzer.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        pipeline.close();
        source.close();
        recorderQueue.put(POISON);
        analyzerQueue.clear();
        analyzerQueue.put(POISON);
        queueRecorder.join();
        queueAnalyzer.join();
    }

    /**
     * {@code BATCH} frames through the Reflex ring: the camera thread is the pipeline's producer; this thread grants
     * the camera the next batch and sleeps until the recorder has taken this one (the recorder wakes it).
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void ring(Bytes bytes) {
        granted += BATCH;
        target = granted;
        waiter = Thread.currentThread();
        source.grant(BATCH);
        while (recorded.get() < granted) {
            LockSupport.parkNanos(this, 1_000_000);
        }
        bytes.bytes += (long) BATCH * size * size * 2;
    }

    /** {@code BATCH} frames through two {@link ArrayBlockingQueue}s; this thread is the camera thread. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void arrayBlockingQueue(Bytes bytes) throws InterruptedException {
        int n = size * size;
        for (int i = 0; i < BATCH; i++) {
            short[] frame = new short[n];
            System.arraycopy(pattern, 0, frame, 0, n);
            recorderQueue.put(frame);
            if (!analyzer.equals("none")) {
                analyzerQueue.offer(frame);
            }
        }
        // Wait for the recorder to take the last frame, so both sides count frames that reached the recorder.
        while (!recorderQueue.isEmpty()) {
            LockSupport.parkNanos(this, 100_000);
        }
        bytes.bytes += (long) BATCH * n * 2;
    }

    /**
     * The upper bound without hand-off: one thread copies {@code BATCH} camera frames into 16 rotating buffers (as
     * many as the ring has slots) and reads every cache line of each, the producer's and the recorder's work done
     * back to back (no analyzer). Its bandwidth is what one core of this machine gets for that work.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void oneThreadCopyAndRead(Bytes bytes) {
        int n = size * size;
        long s = 0;
        for (int i = 0; i < BATCH; i++) {
            short[] frame = bound[(int) (boundCount++ & 15)];
            System.arraycopy(pattern, 0, frame, 0, n);
            s += Patterns.touch(frame, n);
        }
        sink = s;
        bytes.bytes += (long) BATCH * n * 2;
    }

    /** Runs this benchmark with the gc profiler. */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(RingHandoffBenchmark.class.getSimpleName())
                .addProfiler("gc").build()).run();
    }
}
