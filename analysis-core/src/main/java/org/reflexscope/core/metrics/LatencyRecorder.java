package org.reflexscope.core.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latency histograms per named hop (e.g. {@code camera→published}, {@code published→analysed},
 * {@code analysed→decided}, {@code decided→actuated}), readable while running (contract 4 in docs/architecture.md).
 *
 * <p><b>Threads.</b> {@link #record} may be called from any thread concurrently; it is wait-free and does not
 * allocate once a hop has been seen. {@link #summaries()} may be called from any thread at any time (it copies).
 *
 * <p>Values are kept with 3 significant digits from 1 µs up to 1 hour; larger values are clamped to the maximum.
 * A value above {@link #deadlineNanos()} counts as a deadline miss of its hop.
 */
public final class LatencyRecorder {
    private static final long LOWEST = TimeUnit.MICROSECONDS.toNanos(1);
    private static final long HIGHEST = TimeUnit.HOURS.toNanos(1);

    private final long deadlineNanos;
    private final Map<String, Hop> hops = new ConcurrentHashMap<>();
    private final Map<String, Boolean> order = Collections.synchronizedMap(new LinkedHashMap<>());

    /** A recorder counting values above {@code deadlineNanos} as deadline misses. */
    public LatencyRecorder(long deadlineNanos) {
        if (deadlineNanos <= 0) {
            throw new IllegalArgumentException("Deadline must be > 0 ns, got " + deadlineNanos);
        }
        this.deadlineNanos = deadlineNanos;
    }

    /** The deadline above which a value counts as a miss. */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /** Records one latency of {@code hop}; negative values are recorded as 0. */
    public void record(String hop, long nanos) {
        Hop h = hops.get(hop);
        if (h == null) {
            h = hops.computeIfAbsent(hop, k -> new Hop());
            order.put(hop, Boolean.TRUE);
        }
        long v = Math.max(LOWEST, Math.min(HIGHEST, nanos));
        h.histogram.recordValue(v);
        if (nanos > deadlineNanos) {
            h.misses.increment();
        }
    }

    /** Summary of one hop, or an empty summary if it has no values yet. */
    public LatencySummary summary(String hop) {
        Hop h = hops.get(hop);
        if (h == null) {
            return LatencySummary.empty(hop);
        }
        Histogram copy = h.histogram.copy();
        return LatencySummary.of(hop, copy, h.misses.sum());
    }

    /** Summaries of every hop, in the order hops were first recorded. */
    public Map<String, LatencySummary> summaries() {
        Map<String, LatencySummary> out = new LinkedHashMap<>();
        synchronized (order) {
            for (String hop : order.keySet()) {
                out.put(hop, summary(hop));
            }
        }
        return out;
    }

    /** A copy of the full histogram of {@code hop} (ns), for plots; empty if the hop has no values. */
    public Histogram histogram(String hop) {
        Hop h = hops.get(hop);
        return h == null ? new Histogram(LOWEST, HIGHEST, 3) : h.histogram.copy();
    }

    private static final class Hop {
        final ConcurrentHistogram histogram = new ConcurrentHistogram(LOWEST, HIGHEST, 3);
        final LongAdder misses = new LongAdder();
    }
}
