package org.reflexscope.core.metrics;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Count, percentiles and deadline misses of one latency hop, in ns: an immutable value. */
public final class LatencySummary {
    private final String hop;
    private final long count;
    private final long p50Nanos;
    private final long p99Nanos;
    private final long maxNanos;
    private final double meanNanos;
    private final long deadlineMisses;

    private LatencySummary(String hop, long count, long p50, long p99, long max, double mean, long misses) {
        this.hop = hop;
        this.count = count;
        this.p50Nanos = p50;
        this.p99Nanos = p99;
        this.maxNanos = max;
        this.meanNanos = mean;
        this.deadlineMisses = misses;
    }

    static LatencySummary of(String hop, Histogram h, long misses) {
        if (h.getTotalCount() == 0) {
            return empty(hop);
        }
        return new LatencySummary(hop, h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                h.getMaxValue(), h.getMean(), misses);
    }

    static LatencySummary empty(String hop) {
        return new LatencySummary(hop, 0, 0, 0, 0, Double.NaN, 0);
    }

    public String hop() {
        return hop;
    }

    public long count() {
        return count;
    }

    public long p50Nanos() {
        return p50Nanos;
    }

    public long p99Nanos() {
        return p99Nanos;
    }

    public long maxNanos() {
        return maxNanos;
    }

    public double meanNanos() {
        return meanNanos;
    }

    /** Values above the recorder's deadline. */
    public long deadlineMisses() {
        return deadlineMisses;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: n=%d p50=%.3f ms p99=%.3f ms max=%.3f ms misses=%d", hop, count,
                p50Nanos / 1e6, p99Nanos / 1e6, maxNanos / 1e6, deadlineMisses);
    }
}
