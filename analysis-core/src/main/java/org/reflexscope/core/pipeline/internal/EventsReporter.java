package org.reflexscope.core.pipeline.internal;

import org.reflexscope.core.metrics.PipelineMetrics;
import org.reflexscope.core.pipeline.DataLossAlarm;
import org.reflexscope.core.pipeline.PipelineEvents;
import org.reflexscope.core.source.FrameSourceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers {@link PipelineEvents} and logs them, isolating the listener: an exception it throws is logged (with
 * its stack trace) and counted, never propagated into the pipeline's threads.
 */
public final class EventsReporter {
    private static final Logger LOG = LoggerFactory.getLogger("org.reflexscope.core.pipeline.FramePipeline");

    private final PipelineEvents listener;
    private final java.util.concurrent.atomic.AtomicLong listenerFailures = new java.util.concurrent.atomic.AtomicLong();

    public EventsReporter(PipelineEvents listener) {
        this.listener = listener;
    }

    /** Exceptions thrown by the events listener so far. */
    public long listenerFailures() {
        return listenerFailures.get();
    }

    public void consumerFailure(String consumer, long sequence, Throwable error) {
        LOG.warn("Consumer {} failed on frame {}; it goes on with the next frames", consumer, sequence, error);
        try {
            listener.onConsumerFailure(consumer, sequence, error);
        } catch (RuntimeException e) {
            listenerFailed("onConsumerFailure", e);
        }
    }

    public void dataLoss(DataLossAlarm alarm) {
        LOG.error("DATA LOSS: {}", alarm);
        try {
            listener.onDataLoss(alarm);
        } catch (RuntimeException e) {
            listenerFailed("onDataLoss", e);
        }
    }

    public void producerStall(long stallNanos, long totalStalls, long totalStallNanos) {
        try {
            listener.onProducerStall(stallNanos, totalStalls, totalStallNanos);
        } catch (RuntimeException e) {
            listenerFailed("onProducerStall", e);
        }
    }

    public void sourceFailure(FrameSourceException error) {
        LOG.error("The frame source failed; production ends and recorders drain what was published", error);
        try {
            listener.onSourceFailure(error);
        } catch (RuntimeException e) {
            listenerFailed("onSourceFailure", e);
        }
    }

    public void drained(PipelineMetrics metrics) {
        LOG.info("Pipeline drained: {}", metrics);
        try {
            listener.onDrained(metrics);
        } catch (RuntimeException e) {
            listenerFailed("onDrained", e);
        }
    }

    private void listenerFailed(String method, RuntimeException e) {
        listenerFailures.incrementAndGet();
        LOG.warn("PipelineEvents.{} threw; the pipeline ignores it and goes on", method, e);
    }
}
