package org.reflexscope.core.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.LiteBlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.reflexscope.core.analysis.AnalysisListener;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.analysis.FrameAnalyzer;
import org.reflexscope.core.analysis.IngestingFrameAnalyzer;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.metrics.ConsumerMetrics;
import org.reflexscope.core.metrics.LatencyRecorder;
import org.reflexscope.core.metrics.PipelineMetrics;
import org.reflexscope.core.pipeline.internal.Counter;
import org.reflexscope.core.pipeline.internal.EventsReporter;
import org.reflexscope.core.pipeline.internal.LatestFrameLoop;
import org.reflexscope.core.pipeline.internal.Producer;
import org.reflexscope.core.pipeline.internal.RecorderLoop;
import org.reflexscope.core.pipeline.internal.RingContext;
import org.reflexscope.core.pipeline.internal.RingEntry;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.core.source.FrameSourceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frame ring: one producer thread pulls frames from a {@link FrameSource} into a ring of preallocated slots
 * (LMAX Disruptor), from which recorders, one analyzer and optional observers consume.
 *
 * <pre>{@code
 * try (FramePipeline p = FramePipeline.builder(source)
 *         .addRecorder(ndtiff)                      // lossless, in order, own thread
 *         .optAnalyzer(analyzer, policyEngine::onResult) // newest frame wins, own thread
 *         .addObserver(liveView::show)              // newest frame wins, own thread
 *         .optEvents(alarms).optLatencyRecorder(latency)
 *         .build()) {
 *     p.start();
 *     p.awaitEndOfStream(10, TimeUnit.MINUTES);     // finite source; or p.stop() when the user says so
 *     PipelineMetrics m = p.metrics();
 * }
 * }</pre>
 *
 * <p><b>Back-pressure contract.</b>
 * <ul>
 *   <li><b>Recorders are lossless</b> (contract 1 in docs/architecture.md): each is a gating sequence of the
 *       ring, so a slot is reused only after every recorder has handled it. If the slowest recorder falls a whole
 *       ring behind, the producer waits (counted and timed as a stall, see {@link PipelineEvents#onProducerStall});
 *       the camera's own buffer absorbs the wait, and if it overflows the source reports lost frames, which raise a
 *       data-loss alarm.</li>
 *   <li><b>The analyzer and observers never hold the producer back</b> (contract 2 in docs/architecture.md):
 *       they are <em>not</em> gating sequences. Each, when ready, reads the newest published frame and verifies
 *       with a sequence-lock check that the producer did not reuse the slot during the read (else the read is
 *       discarded and counted as skipped), then works at its own pace: an {@link IngestingFrameAnalyzer} reads the
 *       ring slot in place into its own reduced buffers (no copy); any other analyzer, and each observer, gets a
 *       private copy of the frame (one copy per frame it handles, not per frame published). Frames published
 *       meanwhile are counted as skipped, so once drained {@code analysed + skipped + failed == published}.</li>
 *   <li><b>The producer</b> claims a slot, lets the source fill it in place and publishes it only if it holds a
 *       frame; after a fill timeout the same claim is filled again, so consumers never wait on an empty claim.</li>
 * </ul>
 *
 * <p><b>Threads.</b> {@code reflex-producer} calls {@link FrameSource#fill}; each recorder runs on
 * {@code reflex-recorder-<name>}, the analyzer (and its {@link AnalysisListener}) on {@code reflex-analyzer}, each
 * observer on {@code reflex-observer-<name>}. Events are delivered on the thread that detected them (see {@link
 * PipelineEvents}). Lifecycle methods may be called from any thread.
 *
 * <p><b>Failures.</b> An exception (or a {@link LinkageError}, e.g. a missing native library) from a recorder, the
 * analyzer, the listener or an observer is isolated: counted for that consumer, reported to {@link
 * PipelineEvents#onConsumerFailure}, and the consumer receives the next frames. A {@link FrameSourceException} (or
 * any other exception from the source) ends production (reported to {@link PipelineEvents#onSourceFailure});
 * recorders still drain what was published. Other errors (e.g. {@link OutOfMemoryError}) end the thread they hit,
 * logged at ERROR. A frame the ring cannot hold (e.g. larger than its slots) is rejected,
 * counted and raised as a {@link DataLossAlarm}; production goes on.
 *
 * <p><b>Ownership.</b> The pipeline owns its threads and slots only. It calls {@link FrameSource#start()} and
 * {@link FrameSource#stop()}, and {@link Recorder#finish()} at the end of a run, but never closes the source,
 * recorders or analyzer: their creator does. Allocation: none per frame on the producer, recorder hand-off and
 * analyzer hand-off paths in steady state (contract 3 in docs/architecture.md); latency recording allocates nothing
 * after the first frame.
 *
 * <p>A pipeline runs once: after {@link #stop()} or the end of the stream, build a new one to run again.
 */
public final class FramePipeline implements AutoCloseable {
    /** Latency hop from camera time ({@code FrameSlot.cameraNanos}) to publication in the ring. */
    public static final String HOP_CAMERA_TO_PUBLISHED = "camera\u2192published";
    /** Latency hop from publication to the end of the analysis (before the listener is called). */
    public static final String HOP_PUBLISHED_TO_ANALYSED = "published\u2192analysed";
    /** Latency hop from publication to the end of {@link Recorder#record} (every recorder). */
    public static final String HOP_PUBLISHED_TO_RECORDED = "published\u2192recorded";

    /** Default number of ring slots. */
    public static final int DEFAULT_RING_SIZE = 16;

    /** Whether {@code slots} can size the ring: a power of two, at least 4 ({@link Builder#optRingSize}'s rule). */
    public static boolean isValidRingSize(int slots) {
        return slots >= 4 && Integer.bitCount(slots) == 1;
    }
    /** Default time {@link #stop()} waits for the consumers to drain. */
    public static final long DEFAULT_DRAIN_TIMEOUT_MS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(FramePipeline.class);

    private enum State { NEW, RUNNING, STOPPED, CLOSED }

    private final FrameSource source;
    private final FrameFormat maxFormat;
    private final int ringSize;
    private final long drainTimeoutMs;
    private final EventsReporter events;
    private final RingContext ctx;
    private final Producer producer;
    private final List<RecorderLoop> recorders = new ArrayList<>();
    private final LatestFrameLoop analyzerLoop;
    private final boolean analyzerReadsInPlace;
    private final Counter listenerFailures = new Counter();
    private final List<LatestFrameLoop> observers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile State state = State.NEW;
    private volatile boolean started;

    private FramePipeline(Builder b) {
        this.source = b.source;
        this.maxFormat = Objects.requireNonNull(b.source.maxFormat(), "FrameSource.maxFormat() returned null");
        this.ringSize = b.ringSize;
        this.drainTimeoutMs = b.drainTimeoutMs;
        this.events = new EventsReporter(b.events);
        FrameFormat capacity = maxFormat;
        RingBuffer<RingEntry> ring = RingBuffer.createSingleProducer(() -> new RingEntry(capacity), ringSize,
                waitStrategy(b.consumerWait));
        int participants = 1 + b.recorders.size() + (b.analyzer == null ? 0 : 1) + b.observers.size();
        this.ctx = new RingContext(ring, b.latency, events, participants, () -> events.drained(metrics()),
                b.recordingPriorityNanos);
        this.producer = new Producer(source, ctx, HOP_CAMERA_TO_PUBLISHED);
        Sequence[] gating = new Sequence[b.recorders.size()];
        for (int i = 0; i < b.recorders.size(); i++) {
            RecorderLoop loop = new RecorderLoop(b.recorderNames.get(i), b.recorders.get(i), ctx,
                    HOP_PUBLISHED_TO_RECORDED);
            recorders.add(loop);
            gating[i] = loop.sequence();
        }
        ring.addGatingSequences(gating);
        this.analyzerLoop = b.analyzer == null ? null : newAnalyzerLoop(b.analyzer, b.listener, maxFormat);
        this.analyzerReadsInPlace = b.analyzer instanceof IngestingFrameAnalyzer;
        for (int i = 0; i < b.observers.size(); i++) {
            FrameObserver o = b.observers.get(i);
            observers.add(LatestFrameLoop.copying(b.observerNames.get(i), o::onFrame, ctx, maxFormat));
        }
    }

    private static WaitStrategy waitStrategy(ConsumerWait wait) {
        switch (wait) {
            case LITE_BLOCKING:
                return new LiteBlockingWaitStrategy();
            case SLEEPING:
                return new SleepingWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            default:
                return new BlockingWaitStrategy();
        }
    }

    /**
     * The analyzer's loop: an {@link IngestingFrameAnalyzer} reads the ring slot in place (no copy); any other
     * analyzer gets a private copy of each frame it takes.
     */
    private LatestFrameLoop newAnalyzerLoop(FrameAnalyzer analyzer, AnalysisListener listener, FrameFormat capacity) {
        if (analyzer instanceof IngestingFrameAnalyzer) {
            IngestingFrameAnalyzer ingesting = (IngestingFrameAnalyzer) analyzer;
            LatestFrameLoop.Stage stage = new LatestFrameLoop.Stage() {
                @Override
                public void read(FrameSlot ringSlot) throws Exception {
                    ingesting.ingest(ringSlot);
                }

                @Override
                public void handle(long sequence, long publishedNanos) throws Exception {
                    deliver(analyzer, ingesting.analyzeIngested(), sequence, publishedNanos, listener);
                }
            };
            return new LatestFrameLoop("analyzer", stage, ctx, capacity);
        }
        return LatestFrameLoop.copying("analyzer", copy -> deliver(analyzer, analyzer.analyze(copy),
                copy.sequence(), copy.publishedNanos(), listener), ctx, capacity);
    }

    private void deliver(FrameAnalyzer analyzer, AnalysisResult result, long sequence, long publishedNanos,
            AnalysisListener listener) {
        if (result == null) {
            throw new NullPointerException("FrameAnalyzer " + analyzer.getClass().getName()
                    + " returned null for frame " + sequence + "; it must return a result");
        }
        ctx.latency(HOP_PUBLISHED_TO_ANALYSED, System.nanoTime() - publishedNanos);
        try {
            listener.onResult(result);
        } catch (RuntimeException | LinkageError e) {
            listenerFailures.increment();
            events.consumerFailure("listener", sequence, e);
        }
    }

    /** A builder for a pipeline pulling frames from {@code source}. */
    public static Builder builder(FrameSource source) {
        return new Builder(source);
    }

    /**
     * Whether the analyzer reads the ring slot in place (it is an {@link IngestingFrameAnalyzer}) rather than
     * getting a private copy of each frame it takes; {@code false} when the pipeline has no analyzer.
     */
    public boolean analyzerReadsInPlace() {
        return analyzerReadsInPlace;
    }

    /** The format the ring's slots were sized for ({@link FrameSource#maxFormat()} at build time). */
    public FrameFormat maxFormat() {
        return maxFormat;
    }

    /** Number of ring slots. */
    public int ringSize() {
        return ringSize;
    }

    /**
     * Starts the source, then the consumer threads, then the producer thread.
     *
     * @throws FrameSourceException if the source refuses to start (nothing is left running)
     * @throws IllegalStateException if the pipeline was already started
     */
    public synchronized void start() throws FrameSourceException {
        if (state != State.NEW) {
            throw new IllegalStateException("This pipeline was already started (state " + state + "); a pipeline"
                    + " runs once: build a new one to run again.");
        }
        source.start();
        for (RecorderLoop r : recorders) {
            launch("reflex-recorder-" + r.name(), r);
        }
        if (analyzerLoop != null) {
            launch("reflex-analyzer", analyzerLoop);
        }
        for (LatestFrameLoop o : observers) {
            launch("reflex-observer-" + o.name(), o);
        }
        launch("reflex-producer", producer);
        started = true;
        state = State.RUNNING;
    }

    private void launch(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((thread, e) -> LOG.error("Pipeline thread {} died; the run cannot complete"
                + " normally (stop() will force it down after the drain timeout): {}", thread.getName(), metrics(),
                e));
        threads.add(t);
        t.start();
    }

    /**
     * Stops the source and the producer (the frame being filled is still published, then nothing more), waits up
     * to the drain timeout for every consumer to handle every published frame and for each recorder's
     * {@link Recorder#finish()}, and joins the threads. If the consumers do not drain in time they are forced
     * down (their remaining frames are not recorded), which is logged as an error. No-op unless running.
     */
    public synchronized void stop() {
        if (state != State.RUNNING) {
            return;
        }
        state = State.STOPPED;
        producer.requestStop();
        source.stop();
        boolean drained;
        try {
            drained = ctx.awaitDrained(drainTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = ctx.isDrained();
        }
        if (!drained) {
            LOG.error("The pipeline did not drain within {} ms; forcing its threads down. Frames not yet recorded"
                    + " are lost: {}", drainTimeoutMs, metrics());
            ctx.abort();
            recorders.forEach(RecorderLoop::alert);
            if (analyzerLoop != null) {
                analyzerLoop.alert();
            }
            observers.forEach(LatestFrameLoop::alert);
            threads.forEach(Thread::interrupt);
        }
        for (Thread t : threads) {
            try {
                t.join(drained ? drainTimeoutMs : 1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Waits until a finite source has delivered its last frame (or failed) and every consumer has handled every
     * published frame and finished.
     *
     * @return whether the run drained within the timeout
     */
    public boolean awaitEndOfStream(long timeout, TimeUnit unit) throws InterruptedException {
        if (!started) {
            throw new IllegalStateException("The pipeline was not started: call start() first");
        }
        return ctx.awaitDrained(timeout, unit);
    }

    /** A snapshot of the counters; any thread, any time. */
    public PipelineMetrics metrics() {
        PipelineMetrics.Builder b = PipelineMetrics.builder().optPublished(producer.published())
                .optProducerStalls(producer.stalls(), producer.stallNanos())
                .optLostUpstreamReported(producer.lostReported())
                .optMissingImageNumbers(producer.missingImageNumbers()).optFramesRejected(producer.rejected())
                .optListenerFailures(listenerFailures.get())
                .optState(producer.producing() && state == State.RUNNING, ctx.isDrained());
        for (RecorderLoop r : recorders) {
            b.addRecorder(ConsumerMetrics.of(r.name(), r.recorded(), 0, r.failed()));
        }
        if (analyzerLoop != null) {
            b.optAnalyzer(ConsumerMetrics.of("analyzer", analyzerLoop.handled(), analyzerLoop.skipped(),
                    analyzerLoop.failed()));
        }
        for (LatestFrameLoop o : observers) {
            b.addObserver(ConsumerMetrics.of(o.name(), o.handled(), o.skipped(), o.failed()));
        }
        return b.build();
    }

    /** Stops (see {@link #stop()}) if running; idempotent. Does not close the source, recorders or analyzer. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        stop();
        state = State.CLOSED;
    }

    /**
     * Builder of {@link FramePipeline}; the source is required, everything else optional.
     */
    public static final class Builder {
        private final FrameSource source;
        private int ringSize = DEFAULT_RING_SIZE;
        private long drainTimeoutMs = DEFAULT_DRAIN_TIMEOUT_MS;
        private final List<Recorder> recorders = new ArrayList<>();
        private final List<String> recorderNames = new ArrayList<>();
        private FrameAnalyzer analyzer;
        private AnalysisListener listener;
        private final List<FrameObserver> observers = new ArrayList<>();
        private final List<String> observerNames = new ArrayList<>();
        private PipelineEvents events = PipelineEvents.NONE;
        private LatencyRecorder latency;
        private ConsumerWait consumerWait = ConsumerWait.BLOCKING;
        private long recordingPriorityNanos = TimeUnit.MILLISECONDS.toNanos(100);

        private Builder(FrameSource source) {
            this.source = Objects.requireNonNull(source, "source");
        }

        /**
         * Number of ring slots: a power of two, at least 4 (default {@value #DEFAULT_RING_SIZE}). Memory is
         * {@code ringSize × maxFormat().byteCount()} plus one slot per analyzer/observer.
         */
        public Builder optRingSize(int slots) {
            if (!isValidRingSize(slots)) {
                throw new IllegalArgumentException("Ring size must be a power of two and at least 4, got " + slots
                        + "; e.g. 8, 16 or 32");
            }
            this.ringSize = slots;
            return this;
        }

        /** How long {@link FramePipeline#stop()} waits for consumers to drain before forcing them down. */
        public Builder optDrainTimeout(long timeout, TimeUnit unit) {
            if (timeout <= 0) {
                throw new IllegalArgumentException("Drain timeout must be > 0, got " + timeout + " " + unit);
            }
            this.drainTimeoutMs = unit.toMillis(timeout);
            return this;
        }

        /** Adds a lossless recorder named {@code recorder-<index>}. */
        public Builder addRecorder(Recorder recorder) {
            return addRecorder("recorder-" + recorders.size(), recorder);
        }

        /** Adds a lossless recorder; {@code name} appears in metrics, events and its thread's name. */
        public Builder addRecorder(String name, Recorder recorder) {
            checkName(name, recorderNames);
            recorders.add(Objects.requireNonNull(recorder, "recorder"));
            recorderNames.add(name);
            return this;
        }

        /** Sets the one analyzer and the listener that receives each of its results (on the analyzer thread). */
        public Builder optAnalyzer(FrameAnalyzer frameAnalyzer, AnalysisListener resultListener) {
            this.analyzer = Objects.requireNonNull(frameAnalyzer, "analyzer");
            this.listener = Objects.requireNonNull(resultListener, "listener");
            return this;
        }

        /** Adds a newest-frame-wins observer (e.g. a live view) named {@code observer-<index>}. */
        public Builder addObserver(FrameObserver observer) {
            return addObserver("observer-" + observers.size(), observer);
        }

        /** Adds a newest-frame-wins observer; {@code name} appears in metrics, events and its thread's name. */
        public Builder addObserver(String name, FrameObserver observer) {
            checkName(name, observerNames);
            observers.add(Objects.requireNonNull(observer, "observer"));
            observerNames.add(name);
            return this;
        }

        /** The listener for failures, stalls, data-loss alarms and the end of a run. */
        public Builder optEvents(PipelineEvents listener) {
            this.events = Objects.requireNonNull(listener, "events");
            return this;
        }

        /** Where hop latencies ({@code HOP_*}) are recorded; none by default. */
        public Builder optLatencyRecorder(LatencyRecorder recorder) {
            this.latency = Objects.requireNonNull(recorder, "latency recorder");
            return this;
        }

        /**
         * How consumer threads wait for the next frame (default {@link ConsumerWait#BLOCKING}, which leaves idle
         * cores to the producer; see {@code docs/benchmarks/pipeline.md} for measurements).
         */
        public Builder optConsumerWait(ConsumerWait wait) {
            this.consumerWait = Objects.requireNonNull(wait, "consumer wait");
            return this;
        }

        /**
         * Recording first: while the recorders are more than half a ring behind, the analyzer and observers hold back
         * for up to {@code maxHoldBack} since they last took a frame (default 100 ms), leaving the CPU to recording;
         * so analysis results are at most about that much older than they would be. {@code 0} turns it off (the
         * analyzer then competes with the recorders for the cores).
         */
        public Builder optRecordingPriority(long maxHoldBack, TimeUnit unit) {
            if (maxHoldBack < 0) {
                throw new IllegalArgumentException("The recording priority's hold-back must be >= 0, got "
                        + maxHoldBack + " " + unit);
            }
            this.recordingPriorityNanos = unit.toNanos(maxHoldBack);
            return this;
        }

        private static void checkName(String name, List<String> taken) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty() || taken.contains(name)) {
                throw new IllegalArgumentException("Consumer names must be non-empty and unique, got '" + name
                        + "' (taken: " + taken + ")");
            }
        }

        /** Allocates the ring (preallocating every slot); starts nothing. */
        public FramePipeline build() {
            return new FramePipeline(this);
        }
    }
}
