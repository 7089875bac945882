package org.reflexscope.core.pipeline.internal;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import java.lang.invoke.VarHandle;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;

/**
 * The loop of one newest-frame-wins consumer (the analyzer, an observer). It is <b>not</b> a gating sequence of the
 * ring, so however slow its handler is, the producer never waits for it.
 *
 * <p>Each round it waits for a frame newer than the last one it took, copies the newest published slot into its
 * private slot (one copy per handled frame, not per published frame), checks that the producer did not start
 * rewriting that slot during the copy (a sequence-lock check: the producer can reuse slot {@code s} only after
 * publishing {@code s + ringSize - 1}), and hands the private copy to the handler. A copy found torn is discarded
 * and counted as skipped; the next round takes the then-newest frame. Every published frame is counted exactly
 * once as handled, skipped or failed. At the end-of-stream marker the last frame is handled if it was not yet.
 */
public final class LatestFrameLoop implements Runnable {

    /** What the loop does with each frame it takes. */
    @FunctionalInterface
    public interface Handler {
        /** Handles the private copy of the newest frame; an exception counts the frame as failed. */
        void handle(FrameSlot copy) throws Exception;
    }

    private final String name;
    private final Handler handler;
    private final RingContext ctx;
    private final SequenceBarrier barrier;
    private final FrameSlot copy;
    private final Counter handled = new Counter();
    private final Counter skipped = new Counter();
    private final Counter failed = new Counter();
    private final Counter torn = new Counter();

    public LatestFrameLoop(String name, Handler handler, RingContext ctx, FrameFormat capacity) {
        this.name = name;
        this.handler = handler;
        this.ctx = ctx;
        this.barrier = ctx.ring().newBarrier();
        this.copy = new FrameSlot(capacity);
    }

    public String name() {
        return name;
    }

    public long handled() {
        return handled.get();
    }

    /** Frames not handled because a newer one was waiting, torn copies included. */
    public long skipped() {
        return skipped.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Copies discarded because the producer was already rewriting the slot (also counted in skipped). */
    public long torn() {
        return torn.get();
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
        int size = ring.getBufferSize();
        long lastTaken = RingBuffer.INITIAL_CURSOR_VALUE;
        while (true) {
            long available;
            try {
                available = barrier.waitFor(lastTaken + 1);
            } catch (AlertException | TimeoutException e) {
                if (ctx.aborted()) {
                    return;
                }
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long end = ctx.endSequence();
            boolean atEnd = available >= end;
            long newest = atEnd ? end - 1 : available;
            if (newest > lastTaken) {
                skipped.add(newest - lastTaken - 1);
                lastTaken = newest;
                int outcome = takeCopy(ring.get(newest).slot(), newest, ring, size);
                if (outcome == COPIED) {
                    handle(newest);
                } else if (outcome == TORN) {
                    torn.increment();
                    skipped.increment();
                } else {
                    failed.increment();
                    FrameSlot slot = ring.get(newest).slot();
                    ctx.events().consumerFailure(name, newest, new IllegalStateException("Frame " + newest
                            + " holds an impossible frame size " + slot.width() + "x" + slot.height()
                            + " although the producer had not reused its slot"));
                }
            }
            if (atEnd || ctx.aborted()) {
                return;
            }
        }
    }

    private static final int COPIED = 0;
    private static final int TORN = 1;
    private static final int BROKEN = 2;

    private int takeCopy(FrameSlot slot, long s, RingBuffer<RingEntry> ring, int size) {
        boolean complete;
        try {
            complete = SlotCopier.copy(slot, copy);
        } catch (RuntimeException raceWithProducer) {
            // A slot being rewritten can look inconsistent mid-copy; the check below decides whether it was.
            complete = false;
        }
        VarHandle.loadLoadFence();
        boolean untouched = ring.getCursor() < s + size - 1;
        if (!untouched) {
            return TORN;
        }
        return complete ? COPIED : BROKEN;
    }

    private void handle(long s) {
        try {
            handler.handle(copy);
            handled.increment();
        } catch (Exception | LinkageError e) {
            failed.increment();
            ctx.events().consumerFailure(name, s, e);
        }
    }
}
