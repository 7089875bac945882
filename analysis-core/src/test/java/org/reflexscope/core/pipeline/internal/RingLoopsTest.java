package org.reflexscope.core.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.pipeline.Recorder;
import org.reflexscope.core.support.RecordingEvents;
import org.reflexscope.core.support.ScriptedFrameSource;

/**
 * The ring loops' hand-over contracts, driven one step at a time on a bare ring (no {@code FramePipeline} around
 * them): a recorder loop's gating sequence, its wake-up of a stalled producer, its exits on {@link
 * RecorderLoop#alert()} and on an interrupt, a failing {@link Recorder#finish()}; the producer parking (not
 * spinning) while the ring is full, and giving up its wait when the run is aborted.
 */
class RingLoopsTest {
    private static final long TIMEOUT_MS = 30_000;
    private static final FrameFormat FORMAT = FrameFormat.of(8, 8, PixelType.GRAY16);

    private final RecordingEvents events = new RecordingEvents();
    private final CountDownLatch drained = new CountDownLatch(1);

    private RingContext context(int ringSize, int participants) {
        RingBuffer<RingEntry> ring = RingBuffer.createSingleProducer(() -> new RingEntry(FORMAT), ringSize,
                new BlockingWaitStrategy());
        return new RingContext(ring, null, new EventsReporter(events), participants, drained::countDown, 0);
    }

    private static Thread start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Publishes one frame with image number {@code n} (the test plays the producer). */
    private static void publishFrame(RingContext ctx, long n) {
        RingBuffer<RingEntry> ring = ctx.ring();
        long s = ring.next();
        FrameSlot slot = ring.get(s).slot();
        slot.setSize(FORMAT.width(), FORMAT.height());
        slot.setImageNumber(n);
        slot.setSequence(s);
        slot.setPublishedNanos(System.nanoTime());
        ring.publish(s);
    }

    private static void publishEnd(RingContext ctx) {
        long s = ctx.ring().next();
        ctx.setEndSequence(s);
        ctx.ring().publish(s);
    }

    /** A recorder keeping the image numbers it was handed, optionally failing in finish. */
    private static final class Keeper implements Recorder {
        final List<Long> numbers = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch finished = new CountDownLatch(1);
        private final RuntimeException finishFailure;

        Keeper(RuntimeException finishFailure) {
            this.finishFailure = finishFailure;
        }

        @Override
        public void record(FrameSlot slot) {
            numbers.add(slot.imageNumber());
        }

        @Override
        public void finish() {
            finished.countDown();
            if (finishFailure != null) {
                throw finishFailure;
            }
        }
    }

    private RecorderLoop recorderLoop(RingContext ctx, Keeper keeper) {
        RecorderLoop loop = new RecorderLoop("keeper", keeper, ctx, "hop");
        ctx.ring().addGatingSequences(loop.sequence());
        return loop;
    }

    @Test
    void theRecorderLoopsSequenceIsTheLastSequenceItIsDoneWithUpToTheEndMarker() throws Exception {
        RingContext ctx = context(8, 1);
        Keeper keeper = new Keeper(null);
        RecorderLoop loop = recorderLoop(ctx, keeper);
        Thread t = start(loop, "recorder");
        for (int n = 0; n < 3; n++) {
            publishFrame(ctx, 100 + n);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (loop.sequence().get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(loop.sequence().get()).isEqualTo(2);
        assertThat(keeper.numbers).containsExactly(100L, 101L, 102L);
        publishEnd(ctx);
        t.join(TIMEOUT_MS);
        assertThat(t.isAlive()).isFalse();
        assertThat(loop.sequence().get()).as("done with the end marker too").isEqualTo(3);
        assertThat(loop.recorded()).isEqualTo(3);
        assertThat(drained.getCount()).isZero();
    }

    @Test
    void aRecorderWhoseFinishFailsIsReportedWithTheEndSequenceAndTheLoopStillEnds() throws Exception {
        RingContext ctx = context(8, 1);
        Keeper keeper = new Keeper(new IllegalStateException("index not written"));
        Thread t = start(recorderLoop(ctx, keeper), "recorder");
        publishFrame(ctx, 7);
        publishEnd(ctx);
        t.join(TIMEOUT_MS);
        assertThat(t.isAlive()).isFalse();
        assertThat(drained.await(TIMEOUT_MS, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(events.failures).containsExactly("keeper.finish@1:index not written");
    }

    @Test
    void releasingASlotWakesTheProducerParkedWaitingForOne() throws Exception {
        RingContext ctx = context(8, 1);
        Thread t = start(recorderLoop(ctx, new Keeper(null)), "recorder");
        AtomicBoolean woken = new AtomicBoolean();
        CountDownLatch parked = new CountDownLatch(1);
        Thread producer = start(() -> {
            ctx.setStalledProducer(Thread.currentThread());
            parked.countDown();
            LockSupport.park(this); // no timeout: only an unpark ends it (or, rarely, a spurious wake-up)
            woken.set(true);
        }, "stalled-producer");
        assertThat(parked.await(TIMEOUT_MS, TimeUnit.MILLISECONDS)).isTrue();
        waitUntilParked(producer);
        publishFrame(ctx, 1);
        producer.join(TIMEOUT_MS);
        assertThat(woken).as("the stalled producer was woken when the recorder released its slot").isTrue();
        ctx.setStalledProducer(null);
        publishEnd(ctx);
        t.join(TIMEOUT_MS);
    }

    @Test
    void alertMakesARecorderLoopWaitingForAFrameExitWithoutFinishingWhenTheRunIsAborted() throws Exception {
        RingContext ctx = context(8, 1);
        Keeper keeper = new Keeper(null);
        RecorderLoop loop = recorderLoop(ctx, keeper);
        Thread t = start(loop, "recorder");
        waitUntilParked(t);
        ctx.abort();
        loop.alert();
        t.join(TIMEOUT_MS);
        assertThat(t.isAlive()).isFalse();
        assertThat(keeper.finished.getCount()).as("an aborted recorder is not finished").isOne();
        assertThat(drained.getCount()).isZero();
    }

    @Test
    void aRecorderLoopInterruptedWhileWaitingEndsAndKeepsTheInterrupt() throws Exception {
        RingContext ctx = context(8, 1);
        RecorderLoop loop = recorderLoop(ctx, new Keeper(null));
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread t = start(() -> {
            loop.run();
            interruptKept.set(Thread.currentThread().isInterrupted());
        }, "recorder");
        waitUntilParked(t);
        t.interrupt();
        t.join(TIMEOUT_MS);
        assertThat(t.isAlive()).isFalse();
        assertThat(interruptKept).isTrue();
        assertThat(drained.getCount()).isZero();
    }

    @Test
    void aProducerFacingAFullRingParksInsteadOfSpinningAndGivesUpWhenTheRunIsAborted() throws Exception {
        RingContext ctx = context(4, 1);
        Sequence stuckRecorder = new Sequence(RingBuffer.INITIAL_CURSOR_VALUE);
        ctx.ring().addGatingSequences(stuckRecorder);
        ScriptedFrameSource source = ScriptedFrameSource.gray16(8, 8, Long.MAX_VALUE);
        Producer producer = new Producer(source, ctx, "hop");
        Thread t = start(producer, "producer");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (producer.stalls() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(producer.published()).isEqualTo(4);
        // it spins a little, then parks in short naps until a recorder wakes it: catch it in a nap
        while (LockSupport.getBlocker(t) != producer && System.nanoTime() < deadline + 1_000_000_000L) {
            Thread.onSpinWait();
        }
        assertThat(LockSupport.getBlocker(t)).as("parked by the producer's stall wait").isSameAs(producer);
        ctx.abort();
        t.join(TIMEOUT_MS);
        assertThat(t.isAlive()).isFalse();
        assertThat(producer.published()).as("nothing published after the abort").isEqualTo(4);
        assertThat(ctx.ring().getCursor()).as("no end marker claimed or published").isEqualTo(3);
        assertThat(ctx.endSequence()).isEqualTo(RingContext.NO_END);
        assertThat(producer.producing()).isFalse();
        assertThat(drained.getCount()).isZero();
    }

    @Test
    void aProducerStoppedBeforeItsFirstFramePublishesTheEndMarkerAtSequenceZero() throws Exception {
        RingContext ctx = context(4, 1);
        ScriptedFrameSource source = ScriptedFrameSource.gray16(8, 8, Long.MAX_VALUE);
        Producer producer = new Producer(source, ctx, "hop");
        producer.requestStop();
        Thread t = start(producer, "producer");
        t.join(TIMEOUT_MS);
        assertThat(t.isAlive()).isFalse();
        assertThat(source.fillCalls()).isZero();
        assertThat(producer.published()).isZero();
        assertThat(ctx.endSequence()).isZero();
        assertThat(ctx.ring().getCursor()).as("the end marker, published").isZero();
    }

    @Test
    void aProducerStoppedAsTheRingFillsUpAndThenAbortedPublishesNoEndMarker() throws Exception {
        RingContext ctx = context(4, 1);
        Sequence stuckRecorder = new Sequence(RingBuffer.INITIAL_CURSOR_VALUE);
        ctx.ring().addGatingSequences(stuckRecorder);
        ScriptedFrameSource frames = ScriptedFrameSource.gray16(8, 8, Long.MAX_VALUE);
        Producer[] producer = new Producer[1];
        // the stop comes while the source fills the frame that fills the ring: that frame is still published, and
        // the end marker then waits for a slot the stuck recorder never releases
        org.reflexscope.core.source.FrameSource source = new org.reflexscope.core.source.FrameSource() {
            @Override
            public FrameFormat maxFormat() {
                return frames.maxFormat();
            }

            @Override
            public void start() {
            }

            @Override
            public FillResult fill(FrameSlot slot, long timeout, TimeUnit unit) throws
                    org.reflexscope.core.source.FrameSourceException, InterruptedException {
                if (frames.delivered() == 3) {
                    producer[0].requestStop();
                }
                return frames.fill(slot, timeout, unit);
            }

            @Override
            public void stop() {
            }

            @Override
            public void close() {
            }
        };
        producer[0] = new Producer(source, ctx, "hop");
        Thread t = start(producer[0], "producer");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (producer[0].stalls() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(producer[0].stalls()).as("the end marker waits for a slot").isOne();
        assertThat(producer[0].published()).isEqualTo(4);
        ctx.abort();
        t.join(TIMEOUT_MS);
        assertThat(t.isAlive()).isFalse();
        assertThat(ctx.endSequence()).as("no end marker after the abort").isEqualTo(RingContext.NO_END);
        assertThat(ctx.ring().getCursor()).isEqualTo(3);
        assertThat(frames.delivered()).isEqualTo(4);
    }

    /** Waits until {@code t} is parked (waiting or timed waiting), failing after the test's timeout. */
    private static void waitUntilParked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            Thread.State s = t.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
                return;
            }
            Thread.sleep(1);
        }
        throw new AssertionError(t.getName() + " never parked; it is " + t.getState());
    }
}
