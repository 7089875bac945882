package org.reflexscope.core.pipeline.internal;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.pipeline.Recorder;

/**
 * The loop of one lossless consumer: hands every published frame, in order, to its {@link Recorder}, then calls
 * {@link Recorder#finish()} at the end-of-stream marker. Its {@link #sequence()} gates the producer: a slot is
 * reused only after this loop has released it, so a recorder a whole ring behind makes the producer wait.
 */
public final class RecorderLoop implements Runnable {
    private final String name;
    private final Recorder recorder;
    private final RingContext ctx;
    private final SequenceBarrier barrier;
    private final Sequence sequence = new Sequence(RingBuffer.INITIAL_CURSOR_VALUE);
    private final String hop;
    private final Counter recorded = new Counter();
    private final Counter failed = new Counter();

    public RecorderLoop(String name, Recorder recorder, RingContext ctx, String hop) {
        this.name = name;
        this.recorder = recorder;
        this.ctx = ctx;
        this.hop = hop;
        this.barrier = ctx.ring().newBarrier();
    }

    public String name() {
        return name;
    }

    /** The gating sequence: the last frame this recorder is done with. */
    public Sequence sequence() {
        return sequence;
    }

    public long recorded() {
        return recorded.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Makes a blocked wait return so that the loop can exit (forced shutdown). */
    public void alert() {
        barrier.alert();
    }

    @Override
    public void run() {
        try {
            consume();
        } finally {
            ctx.participantEnded();
        }
    }

    private void consume() {
        RingBuffer<RingEntry> ring = ctx.ring();
        long next = sequence.get() + 1;
        while (true) {
            long available;
            try {
                available = barrier.waitFor(next);
            } catch (AlertException | TimeoutException e) {
                if (ctx.aborted()) {
                    return;
                }
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (available < next) {
                continue;
            }
            for (long s = next; s <= available; s++) {
                if (s == ctx.endSequence()) {
                    finish(s);
                    sequence.set(s);
                    return;
                }
                FrameSlot slot = ring.get(s).slot();
                try {
                    recorder.record(slot);
                    recorded.increment();
                    ctx.latency(hop, System.nanoTime() - slot.publishedNanos());
                } catch (Exception | LinkageError e) {
                    failed.increment();
                    ctx.events().consumerFailure(name, s, e);
                }
                // A full fence (not just a release), so that this store and the read of the stalled-producer flag
                // cannot pass each other: a producer that went to sleep is always woken.
                sequence.setVolatile(s);
                ctx.wakeStalledProducer();
                if (ctx.aborted()) {
                    return;
                }
            }
            next = available + 1;
        }
    }

    private void finish(long endSequence) {
        try {
            recorder.finish();
        } catch (Exception | LinkageError e) {
            ctx.events().consumerFailure(name + ".finish", endSequence, e);
        }
    }
}
