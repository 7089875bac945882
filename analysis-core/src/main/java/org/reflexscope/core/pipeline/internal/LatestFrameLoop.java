package org.reflexscope.core.pipeline.internal;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;

/**
 * The loop of one newest-frame-wins consumer (the analyzer, an observer). It is <b>not</b> a gating sequence of the
 * ring, so however slow its stage is, the producer never waits for it.
 *
 * <p>Each round it waits for a frame newer than the last one it took and lets its {@link Stage} read the newest
 * published slot in place ({@link Stage#read}: either a copy into a private slot, or an analyzer's own brief
 * ingest). Then it checks, sequence-lock style, that the producer could not have started rewriting that slot
 * during the read: the producer reuses the slot of sequence {@code s} only after publishing
 * {@code s + ringSize - 1}, and orders that publication before its first write into the reused slot (a store-store
 * fence after each claim); the loop orders its reads of the slot before its read of the ring cursor (a load-load
 * fence), so a read that saw any of the new writes also sees the cursor at {@code s + ringSize - 1} or later. A
 * read found possibly torn is discarded and counted as skipped (and {@link #torn()}); only a valid read reaches
 * {@link Stage#handle}. Every published frame is counted exactly once as handled, skipped or failed. At the
 * end-of-stream marker the last frame is handled if it was not yet.
 *
 * <p><b>Recording first.</b> While the recorders are more than half a ring behind, the loop holds back (parks, then
 * looks again) instead of taking a new frame, for at most {@link RingContext#recordingPriorityNanos()} since it last
 * took one: on a machine with few cores an always-busy analysis otherwise takes the CPU the recorders need, and
 * recording is what must not lose frames. The analysis then runs on fewer, still newest, frames; the frames it passes
 * over count as skipped, as always.
 */
public final class LatestFrameLoop implements Runnable {

    /** What the loop does with each frame it takes; both methods are called on the loop's thread only. */
    public interface Stage {
        /**
         * Reads the newest frame from the ring's slot, which the producer may be rewriting meanwhile: whatever this
         * does or throws is discarded unless the loop then finds the read valid.
         */
        void read(FrameSlot ringSlot) throws Exception;

        /**
         * Works on what the last valid {@link #read} took; an exception counts the frame as failed.
         *
         * @param sequence the frame's publish sequence
         * @param publishedNanos when it was published ({@link System#nanoTime()})
         */
        void handle(long sequence, long publishedNanos) throws Exception;
    }

    /** What a {@link #copying} loop does with its private copy of the newest frame. */
    @FunctionalInterface
    public interface Handler {
        /** Handles the private copy of the newest frame; an exception counts the frame as failed. */
        void handle(FrameSlot copy) throws Exception;
    }

    private final String name;
    private final Stage stage;
    private final RingContext ctx;
    private final SequenceBarrier barrier;
    private final long capacityPixels;
    private final Counter handled = new Counter();
    private final Counter skipped = new Counter();
    private final Counter failed = new Counter();
    private final Counter torn = new Counter();
    private final Counter heldBack = new Counter();
    private static final long HOLD_BACK_PARK_NANOS = 500_000;

    /** A loop whose stage reads the ring slot in place (e.g. an ingesting analyzer). */
    public LatestFrameLoop(String name, Stage stage, RingContext ctx, FrameFormat capacity) {
        this.name = name;
        this.stage = stage;
        this.ctx = ctx;
        this.barrier = ctx.ring().newBarrier();
        this.capacityPixels = capacity.pixelCount();
    }

    /**
     * A loop that copies each frame it takes (pixels, metadata, timestamps) into a private slot of {@code capacity}
     * and hands that copy to {@code handler}: one frame copy per handled frame.
     */
    public static LatestFrameLoop copying(String name, Handler handler, RingContext ctx, FrameFormat capacity) {
        FrameSlot copy = new FrameSlot(capacity);
        Stage stage = new Stage() {
            @Override
            public void read(FrameSlot ringSlot) {
                if (!SlotCopier.copy(ringSlot, copy)) {
                    throw new IllegalStateException("Frame " + copy.sequence() + " holds impossible metadata"
                            + " (null channel or objective) although the producer had not reused its slot");
                }
            }

            @Override
            public void handle(long sequence, long publishedNanos) throws Exception {
                handler.handle(copy);
            }
        };
        return new LatestFrameLoop(name, stage, ctx, capacity);
    }

    public String name() {
        return name;
    }

    public long handled() {
        return handled.get();
    }

    /** Frames not handled because a newer one was waiting, torn reads included. */
    public long skipped() {
        return skipped.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Reads discarded because the producer may have been rewriting the slot (also counted in skipped). */
    public long torn() {
        return torn.get();
    }

    /** Times the loop held back for the recorders (half a millisecond each; see the class comment). */
    public long heldBack() {
        return heldBack.get();
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
        long lastTakenNanos = System.nanoTime();
        long holdBackLimit = ctx.recordingPriorityNanos();
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
            if (newest > lastTaken && !atEnd && holdBackLimit > 0 && ctx.recordersBehind()
                    && System.nanoTime() - lastTakenNanos < holdBackLimit) {
                heldBack.increment();
                LockSupport.parkNanos(HOLD_BACK_PARK_NANOS);
                if (ctx.aborted()) {
                    return;
                }
                continue;
            }
            if (newest > lastTaken) {
                lastTakenNanos = System.nanoTime();
                skipped.add(newest - lastTaken - 1);
                lastTaken = newest;
                take(ring.get(newest).slot(), newest, ring, size);
            }
            if (atEnd || ctx.aborted()) {
                return;
            }
        }
    }

    private void take(FrameSlot slot, long s, RingBuffer<RingEntry> ring, int size) {
        int w = slot.width();
        int h = slot.height();
        long publishedNanos = slot.publishedNanos();
        boolean plausible = w > 0 && h > 0 && (long) w * h <= capacityPixels;
        Throwable readError = null;
        if (plausible) {
            try {
                stage.read(slot);
            } catch (Exception | LinkageError e) {
                // A slot being rewritten can look inconsistent mid-read; the check below decides whether it was.
                readError = e;
            }
        }
        VarHandle.loadLoadFence();
        if (ring.getCursor() >= s + size - 1) {
            torn.increment();
            skipped.increment();
            return;
        }
        if (!plausible) {
            failed.increment();
            ctx.events().consumerFailure(name, s, new IllegalStateException("Frame " + s + " holds an impossible"
                    + " frame size " + w + "x" + h + " although the producer had not reused its slot"));
            return;
        }
        if (readError != null) {
            failed.increment();
            ctx.events().consumerFailure(name, s, readError);
            return;
        }
        try {
            stage.handle(s, publishedNanos);
            handled.increment();
        } catch (Exception | LinkageError e) {
            failed.increment();
            ctx.events().consumerFailure(name, s, e);
        }
    }
}
