package org.reflexscope.policy.session;

import java.util.concurrent.TimeUnit;

/**
 * Holds the producer of a virtually paced run until the previous frame has been fully handled (analysed, decided,
 * executed), so that a closed loop on a virtual clock is deterministic: the same seed gives the same frames, the
 * same results and the same decisions, however the threads are scheduled.
 *
 * <p><b>Threads.</b> {@link #awaitSettled} is called by the producer; {@link #settle} by whichever thread finishes
 * a frame's handling (the analyzer when analysis failed, the policy engine's decision or hardware thread
 * otherwise). Waiting is bounded: a frame not settled within the timeout is released and counted in
 * {@link #timeouts()}, so a stuck consumer can never stall recording for good.
 */
final class LockstepGate {
    private final long timeoutNanos;
    private long settledThrough = -1;
    private long timeouts;
    private boolean open;

    LockstepGate(long timeout, TimeUnit unit) {
        this.timeoutNanos = unit.toNanos(timeout);
    }

    /** Marks every frame up to and including {@code sequence} as handled. */
    synchronized void settle(long sequence) {
        if (sequence > settledThrough) {
            settledThrough = sequence;
            notifyAll();
        }
    }

    /**
     * Waits until frame {@code sequence} is handled (immediately for {@code sequence < 0}), at most the timeout.
     *
     * @return {@code true} if it was handled, {@code false} if the wait timed out (counted)
     */
    synchronized boolean awaitSettled(long sequence) throws InterruptedException {
        return await(sequence, false);
    }

    /**
     * Waits until frame {@code sequence} is handled even after {@link #open()} (the end of a run waits for its last
     * decision this way), at most the timeout.
     *
     * @return {@code true} if it was handled, {@code false} if the wait timed out (counted)
     */
    synchronized boolean awaitHandled(long sequence) throws InterruptedException {
        return await(sequence, true);
    }

    private boolean await(long sequence, boolean evenIfOpen) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while ((evenIfOpen || !open) && settledThrough < sequence) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                timeouts++;
                settledThrough = sequence;
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Releases every present and future wait (the run is stopping). */
    synchronized void open() {
        open = true;
        notifyAll();
    }

    /** Frames released because their handling took longer than the timeout. */
    synchronized long timeouts() {
        return timeouts;
    }
}
