package org.reflexscope.core.pipeline.internal;

import java.util.concurrent.TimeUnit;

/**
 * Decides which of a stream of like events gets its own log line: the first, then at most one per interval, each
 * logged one saying how many were left out since the previous. Keeps a log readable when a camera overflows or an
 * analyzer fails on every frame (100 lines a second otherwise), while listeners still see every event.
 *
 * <p>Thread-safe (events are rare enough for a lock).
 */
final class LogThrottle {
    /** Returned by {@link #admit} for an event that gets no line of its own. */
    static final long SUPPRESS = -1;

    private final long intervalNanos;
    private boolean logged;
    private long lastLoggedNanos;
    private long suppressed;

    LogThrottle(long interval, TimeUnit unit) {
        this.intervalNanos = unit.toNanos(interval);
    }

    /**
     * @param nowNanos {@link System#nanoTime()} of the event
     * @return {@link #SUPPRESS}, or (when the event is to be logged) how many events were suppressed since the last
     *     logged one
     */
    synchronized long admit(long nowNanos) {
        if (logged && nowNanos - lastLoggedNanos < intervalNanos) {
            suppressed++;
            return SUPPRESS;
        }
        logged = true;
        lastLoggedNanos = nowNanos;
        long left = suppressed;
        suppressed = 0;
        return left;
    }
}
