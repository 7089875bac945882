package org.reflexscope.core.metrics;

import java.util.Objects;

/** Counters of one pipeline consumer (a recorder, the analyzer or an observer): an immutable value. */
public final class ConsumerMetrics {
    private final String name;
    private final long handled;
    private final long skipped;
    private final long failed;

    private ConsumerMetrics(String name, long handled, long skipped, long failed) {
        this.name = Objects.requireNonNull(name, "name");
        this.handled = handled;
        this.skipped = skipped;
        this.failed = failed;
    }

    /**
     * @param name the consumer's name
     * @param handled frames handled successfully (recorded, analysed, shown)
     * @param skipped frames deliberately not handled (newest-frame-wins consumers only; 0 for recorders)
     * @param failed frames whose handling threw
     */
    public static ConsumerMetrics of(String name, long handled, long skipped, long failed) {
        return new ConsumerMetrics(name, handled, skipped, failed);
    }

    public String name() {
        return name;
    }

    /** Frames handled successfully (recorded, analysed, shown). */
    public long handled() {
        return handled;
    }

    /** Frames deliberately not handled because a newer one was waiting (0 for recorders). */
    public long skipped() {
        return skipped;
    }

    /** Frames whose handling threw. */
    public long failed() {
        return failed;
    }

    /** {@code handled + skipped + failed}: equals the published count once a run has drained. */
    public long accountedFor() {
        return handled + skipped + failed;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ConsumerMetrics)) {
            return false;
        }
        ConsumerMetrics c = (ConsumerMetrics) o;
        return name.equals(c.name) && handled == c.handled && skipped == c.skipped && failed == c.failed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, handled, skipped, failed);
    }

    @Override
    public String toString() {
        return name + "{handled=" + handled + ", skipped=" + skipped + ", failed=" + failed + '}';
    }
}
