package org.reflexscope.core.pipeline.internal;

import com.lmax.disruptor.RingBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.reflexscope.core.metrics.LatencyRecorder;

/**
 * What the producer and the consumer loops of one pipeline run share: the ring, the end-of-stream marker, the
 * latency recorder, the events reporter and the drain bookkeeping.
 */
public final class RingContext {
    /** No end marker published yet. */
    public static final long NO_END = Long.MAX_VALUE;

    private final RingBuffer<RingEntry> ring;
    private final LatencyRecorder latency;
    private final EventsReporter events;
    private final AtomicInteger running;
    private final CountDownLatch drained = new CountDownLatch(1);
    private final Runnable onDrained;
    private volatile long endSequence = NO_END;
    private volatile boolean aborted;
    private volatile boolean ended;
    private volatile Thread stalledProducer;
    private final long recordingPriorityNanos;

    /**
     * @param participants the producer plus every consumer loop: the run is drained when all have ended
     * @param latency where hop latencies go, or {@code null} for none
     * @param onDrained run once, by the last participant to end
     * @param recordingPriorityNanos how long newest-frame consumers may hold back while recorders are more than half
     *     a ring behind (0: never)
     */
    public RingContext(RingBuffer<RingEntry> ring, LatencyRecorder latency, EventsReporter events, int participants,
            Runnable onDrained, long recordingPriorityNanos) {
        this.recordingPriorityNanos = recordingPriorityNanos;
        this.ring = ring;
        this.latency = latency;
        this.events = events;
        this.running = new AtomicInteger(participants);
        this.onDrained = onDrained;
    }

    public RingBuffer<RingEntry> ring() {
        return ring;
    }

    /**
     * How long a newest-frame consumer may hold back since it last took a frame while the recorders are behind
     * ({@link #recordersBehind()}); 0 when it never holds back.
     */
    public long recordingPriorityNanos() {
        return recordingPriorityNanos;
    }

    /** Whether the slowest recorder is more than half a ring behind the newest published frame. */
    public boolean recordersBehind() {
        return ring.getCursor() - ring.getMinimumGatingSequence() > ring.getBufferSize() / 2;
    }

    public EventsReporter events() {
        return events;
    }

    /** Records one hop latency if a latency recorder is attached. */
    public void latency(String hop, long nanos) {
        if (latency != null) {
            latency.record(hop, nanos);
        }
    }

    /** The sequence of the end-of-stream marker, or {@link #NO_END}; set by the producer before publishing it. */
    public long endSequence() {
        return endSequence;
    }

    public void setEndSequence(long sequence) {
        endSequence = sequence;
    }

    /** The producer thread while it waits for a free slot, else {@code null}. */
    public void setStalledProducer(Thread producer) {
        stalledProducer = producer;
    }

    /** Wakes the producer if it waits for a free slot; called by recorders after releasing one. */
    public void wakeStalledProducer() {
        Thread t = stalledProducer;
        if (t != null) {
            java.util.concurrent.locks.LockSupport.unpark(t);
        }
    }

    /** Whether the run was forced down (drain timeout); loops exit without finishing. */
    public boolean aborted() {
        return aborted;
    }

    public void abort() {
        aborted = true;
    }

    /** Called once by each participant when it ends; the last one runs the drained callback. */
    public void participantEnded() {
        if (running.decrementAndGet() == 0) {
            ended = true;
            try {
                onDrained.run();
            } finally {
                drained.countDown();
            }
        }
    }

    /** Whether every participant has ended. */
    public boolean isDrained() {
        return ended;
    }

    /** Waits until every participant has ended. @return whether that happened within the timeout */
    public boolean awaitDrained(long timeout, TimeUnit unit) throws InterruptedException {
        return drained.await(timeout, unit);
    }
}
