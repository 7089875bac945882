package org.reflexscope.core.pipeline.internal;

import com.lmax.disruptor.RingBuffer;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.pipeline.DataLossAlarm;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.core.source.FrameSourceException;

/**
 * The pipeline's one producer: claims a slot, lets the {@link FrameSource} fill it in place, publishes it only if it
 * holds a frame, and checks for frames lost upstream.
 *
 * <p>A claimed slot whose fill timed out stays claimed and is filled again by the next call: a sequence is
 * published exactly once, only with a frame in it, so consumers never wait on an empty claim for longer than the
 * camera itself is silent. At the end (end of stream, source failure or stop) the claimed slot becomes the
 * end-of-stream marker, which tells every consumer to finish.
 */
public final class Producer implements Runnable {
    private static final long POLL_MS = 100;
    private static final long STALL_PARK_NANOS = 1_000_000;

    private final FrameSource source;
    private final RingContext ctx;
    private final String hop;
    private final Counter published = new Counter();
    private final Counter stalls = new Counter();
    private final Counter stallNanos = new Counter();
    private final Counter lostReported = new Counter();
    private final Counter missingNumbers = new Counter();
    private final Counter rejected = new Counter();
    private volatile boolean stopRequested;
    private volatile boolean producing = true;
    private long lastLostUpstream;
    private long lastImageNumber;
    private boolean haveImageNumber;

    public Producer(FrameSource source, RingContext ctx, String cameraToPublishedHop) {
        this.source = source;
        this.ctx = ctx;
        this.hop = cameraToPublishedHop;
    }

    /** Asks the producer to publish nothing more; the frame being filled now is still published. */
    public void requestStop() {
        stopRequested = true;
    }

    public boolean producing() {
        return producing;
    }

    public long published() {
        return published.get();
    }

    public long stalls() {
        return stalls.get();
    }

    public long stallNanos() {
        return stallNanos.get();
    }

    public long lostReported() {
        return lostReported.get();
    }

    public long missingImageNumbers() {
        return missingNumbers.get();
    }

    public long rejected() {
        return rejected.get();
    }

    @Override
    public void run() {
        try {
            produce();
        } finally {
            producing = false;
            ctx.participantEnded();
        }
    }

    private void produce() {
        RingBuffer<RingEntry> ring = ctx.ring();
        lastLostUpstream = source.framesLostUpstream();
        long claimed = -1;
        while (!stopRequested && !ctx.aborted()) {
            if (claimed < 0) {
                claimed = claim(ring);
                if (claimed < 0) {
                    return;
                }
            }
            FrameSlot slot = ring.get(claimed).slot();
            slot.clearMetadata();
            FrameSource.FillResult result;
            try {
                result = source.fill(slot, POLL_MS, TimeUnit.MILLISECONDS);
            } catch (FrameSourceException e) {
                ctx.events().sourceFailure(e);
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (IllegalArgumentException e) {
                reject(slot, claimed, e);
                continue;
            } catch (RuntimeException | LinkageError e) {
                ctx.events().sourceFailure(new FrameSourceException("The frame source threw " + e
                        + " while filling a frame; production ends. This is a bug in the source.", e));
                break;
            }
            if (result == FrameSource.FillResult.END_OF_STREAM) {
                break;
            }
            if (result != FrameSource.FillResult.FRAME) {
                continue;
            }
            checkReportedLoss(claimed, slot.imageNumber());
            checkImageNumbers(slot, claimed);
            slot.setSequence(claimed);
            long now = System.nanoTime();
            slot.setPublishedNanos(now);
            if (slot.cameraNanos() != 0) {
                ctx.latency(hop, now - slot.cameraNanos());
            }
            ring.publish(claimed);
            published.increment();
            claimed = -1;
        }
        // Losses the source reports after its last delivered frame are still data loss.
        checkReportedLoss(published.get(), lastImageNumber);
        if (claimed < 0) {
            claimed = claim(ring);
            if (claimed < 0) {
                return;
            }
        }
        ctx.setEndSequence(claimed);
        ring.publish(claimed);
    }

    /**
     * Claims the next sequence, waiting (and measuring the wait) while the slowest recorder is a whole ring behind.
     *
     * @return the claimed sequence, or -1 if the run was aborted while waiting
     */
    private long claim(RingBuffer<RingEntry> ring) {
        if (!ring.hasAvailableCapacity(1)) {
            long start = System.nanoTime();
            stalls.increment();
            int tries = 0;
            while (!ring.hasAvailableCapacity(1)) {
                if (ctx.aborted()) {
                    return -1;
                }
                // Back off: a short spin catches a recorder about to release a slot; then sleep until a recorder
                // releases one (it unparks this thread), with a timed park as a safety net.
                if (tries < 100) {
                    Thread.onSpinWait();
                    tries++;
                } else {
                    ctx.setStalledProducer(Thread.currentThread());
                    if (!ring.hasAvailableCapacity(1)) {
                        LockSupport.parkNanos(this, STALL_PARK_NANOS);
                    }
                    ctx.setStalledProducer(null);
                }
            }
            long waited = System.nanoTime() - start;
            stallNanos.add(waited);
            ctx.events().producerStall(waited, stalls.get(), stallNanos.get());
        }
        long s = ring.next();
        // Order the publication of the previous sequence before any write into this slot: the newest-frame
        // consumers, which do not gate the ring, rely on it to detect a slot being rewritten under them.
        VarHandle.storeStoreFence();
        return s;
    }

    private void checkReportedLoss(long sequence, long imageNumber) {
        long lost = source.framesLostUpstream();
        if (lost > lastLostUpstream) {
            long delta = lost - lastLostUpstream;
            lastLostUpstream = lost;
            lostReported.add(delta);
            ctx.events().dataLoss(new DataLossAlarm(DataLossAlarm.Kind.REPORTED_BY_SOURCE, delta,
                    lostReported.get(), sequence, imageNumber, "The frame source reports " + delta
                    + " frame(s) lost before reaching Reflex (camera buffer overflow?). Reduce the frame rate or"
                    + " the ROI, enlarge the camera's circular buffer, or speed up the slowest recorder."));
        }
    }

    private void checkImageNumbers(FrameSlot slot, long sequence) {
        long image = slot.imageNumber();
        if (haveImageNumber && image > lastImageNumber + 1) {
            long gap = image - lastImageNumber - 1;
            missingNumbers.add(gap);
            ctx.events().dataLoss(new DataLossAlarm(DataLossAlarm.Kind.IMAGE_NUMBER_GAP, gap,
                    missingNumbers.get(), sequence, image, "Camera image numbers jumped from " + lastImageNumber
                    + " to " + image + ": " + gap + " frame(s) never arrived. Reduce the frame rate or the ROI,"
                    + " or enlarge the camera's circular buffer."));
        }
        lastImageNumber = image;
        haveImageNumber = true;
    }

    private void reject(FrameSlot slot, long sequence, IllegalArgumentException e) {
        rejected.increment();
        if (haveImageNumber && slot.imageNumber() == lastImageNumber + 1) {
            // The source numbered the rejected frame before failing: do not count it again as a gap.
            lastImageNumber = slot.imageNumber();
        }
        ctx.events().dataLoss(new DataLossAlarm(DataLossAlarm.Kind.FRAME_REJECTED, 1, rejected.get(), sequence,
                slot.imageNumber(), "A frame from the source was rejected and not recorded: " + e.getMessage()));
    }
}
