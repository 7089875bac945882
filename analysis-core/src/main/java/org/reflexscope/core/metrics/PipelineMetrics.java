package org.reflexscope.core.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of a frame pipeline's counters: an immutable value, taken at any time from any thread
 * (counters are read one by one while the pipeline runs, so a snapshot of a running pipeline may be a few frames
 * inconsistent between counters; once drained it is exact).
 *
 * <p>Once a run has drained: every recorder's {@code handled + failed == published} (lossless), and the
 * analyzer's {@code handled + skipped + failed == published} (newest-frame-wins).
 */
public final class PipelineMetrics {
    private final long published;
    private final long producerStalls;
    private final long producerStallNanos;
    private final long lostUpstreamReported;
    private final long missingImageNumbers;
    private final long framesRejected;
    private final List<ConsumerMetrics> recorders;
    private final ConsumerMetrics analyzer;
    private final long listenerFailures;
    private final List<ConsumerMetrics> observers;
    private final boolean producing;
    private final boolean drained;

    private PipelineMetrics(Builder b) {
        this.published = b.published;
        this.producerStalls = b.producerStalls;
        this.producerStallNanos = b.producerStallNanos;
        this.lostUpstreamReported = b.lostUpstreamReported;
        this.missingImageNumbers = b.missingImageNumbers;
        this.framesRejected = b.framesRejected;
        this.recorders = Collections.unmodifiableList(new ArrayList<>(b.recorders));
        this.analyzer = b.analyzer;
        this.listenerFailures = b.listenerFailures;
        this.observers = Collections.unmodifiableList(new ArrayList<>(b.observers));
        this.producing = b.producing;
        this.drained = b.drained;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Frames published into the ring. */
    public long published() {
        return published;
    }

    /** Times the producer had to wait for the slowest recorder (ring full), counted when a wait begins. */
    public long producerStalls() {
        return producerStalls;
    }

    /** Total time the producer waited for the slowest recorder, in ns. */
    public long producerStallNanos() {
        return producerStallNanos;
    }

    /** Frames the source reported lost before reaching Reflex ({@code FrameSource.framesLostUpstream()}). */
    public long lostUpstreamReported() {
        return lostUpstreamReported;
    }

    /** Image numbers skipped by the camera's sequence (gaps). */
    public long missingImageNumbers() {
        return missingImageNumbers;
    }

    /** Frames the source produced that the ring could not take (e.g. wrong size); never published. */
    public long framesRejected() {
        return framesRejected;
    }

    /** Whether any data loss was seen: reported upstream loss, image-number gaps or rejected frames. */
    public boolean dataLoss() {
        return lostUpstreamReported > 0 || missingImageNumbers > 0 || framesRejected > 0;
    }

    /** Per recorder, in the order they were added: handled = recorded. */
    public List<ConsumerMetrics> recorders() {
        return recorders;
    }

    /** The analyzer's counters: handled = analysed; all zero when there is no analyzer. */
    public ConsumerMetrics analyzer() {
        return analyzer;
    }

    /** Frames analysed successfully. */
    public long analysed() {
        return analyzer.handled();
    }

    /** Frames not analysed because a newer frame was waiting. */
    public long skipped() {
        return analyzer.skipped();
    }

    /** Analyses that threw. */
    public long analysisFailed() {
        return analyzer.failed();
    }

    /** Results whose {@code AnalysisListener} threw (the analysis itself counts as analysed). */
    public long listenerFailures() {
        return listenerFailures;
    }

    /** Per observer, in the order they were added: handled = shown. */
    public List<ConsumerMetrics> observers() {
        return observers;
    }

    /** Whether the producer is still running. */
    public boolean producing() {
        return producing;
    }

    /** Whether production ended and every consumer handled every published frame. */
    public boolean drained() {
        return drained;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PipelineMetrics)) {
            return false;
        }
        PipelineMetrics m = (PipelineMetrics) o;
        return published == m.published && producerStalls == m.producerStalls
                && producerStallNanos == m.producerStallNanos && lostUpstreamReported == m.lostUpstreamReported
                && missingImageNumbers == m.missingImageNumbers && framesRejected == m.framesRejected
                && recorders.equals(m.recorders) && analyzer.equals(m.analyzer)
                && listenerFailures == m.listenerFailures && observers.equals(m.observers)
                && producing == m.producing && drained == m.drained;
    }

    @Override
    public int hashCode() {
        return Objects.hash(published, producerStalls, producerStallNanos, lostUpstreamReported,
                missingImageNumbers, framesRejected, recorders, analyzer, listenerFailures, observers, producing,
                drained);
    }

    @Override
    public String toString() {
        return "PipelineMetrics{published=" + published + ", stalls=" + producerStalls + " ("
                + producerStallNanos / 1_000_000 + " ms), lostUpstream=" + lostUpstreamReported
                + ", missingImageNumbers=" + missingImageNumbers + ", rejected=" + framesRejected + ", recorders="
                + recorders + ", analyzer=" + analyzer + ", listenerFailures=" + listenerFailures + ", observers="
                + observers + ", producing=" + producing + ", drained=" + drained + '}';
    }

    /** Builder of {@link PipelineMetrics}; every field is optional (zero, empty, no analyzer). */
    public static final class Builder {
        private long published;
        private long producerStalls;
        private long producerStallNanos;
        private long lostUpstreamReported;
        private long missingImageNumbers;
        private long framesRejected;
        private final List<ConsumerMetrics> recorders = new ArrayList<>();
        private ConsumerMetrics analyzer = ConsumerMetrics.of("analyzer", 0, 0, 0);
        private long listenerFailures;
        private final List<ConsumerMetrics> observers = new ArrayList<>();
        private boolean producing;
        private boolean drained;

        private Builder() {
        }

        public Builder optPublished(long v) {
            published = v;
            return this;
        }

        public Builder optProducerStalls(long count, long nanos) {
            producerStalls = count;
            producerStallNanos = nanos;
            return this;
        }

        public Builder optLostUpstreamReported(long v) {
            lostUpstreamReported = v;
            return this;
        }

        public Builder optMissingImageNumbers(long v) {
            missingImageNumbers = v;
            return this;
        }

        public Builder optFramesRejected(long v) {
            framesRejected = v;
            return this;
        }

        public Builder addRecorder(ConsumerMetrics v) {
            recorders.add(Objects.requireNonNull(v, "recorder metrics"));
            return this;
        }

        public Builder optAnalyzer(ConsumerMetrics v) {
            analyzer = Objects.requireNonNull(v, "analyzer metrics");
            return this;
        }

        public Builder optListenerFailures(long v) {
            listenerFailures = v;
            return this;
        }

        public Builder addObserver(ConsumerMetrics v) {
            observers.add(Objects.requireNonNull(v, "observer metrics"));
            return this;
        }

        public Builder optState(boolean producingNow, boolean drainedNow) {
            producing = producingNow;
            drained = drainedNow;
            return this;
        }

        public PipelineMetrics build() {
            return new PipelineMetrics(this);
        }
    }
}
