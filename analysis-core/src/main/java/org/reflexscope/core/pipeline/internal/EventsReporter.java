package org.reflexscope.core.pipeline.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.reflexscope.core.metrics.PipelineMetrics;
import org.reflexscope.core.pipeline.DataLossAlarm;
import org.reflexscope.core.pipeline.PipelineEvents;
import org.reflexscope.core.source.FrameSourceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers {@link PipelineEvents} and logs them, isolating the listener: an exception it throws is logged (with
 * its stack trace) and counted, never propagated into the pipeline's threads. The listener gets every event; the
 * log gets the first data-loss alarm of each kind and the first failure of each consumer in full (an
 * {@link java.io.IOException} by its message alone: a full disk is not a bug), then at most one line per second for each, saying how many were not logged separately (the counters in {@code PipelineMetrics}
 * hold the exact totals).
 */
public final class EventsReporter {
    private static final Logger LOG = LoggerFactory.getLogger("org.reflexscope.core.pipeline.FramePipeline");

    private static final long LOG_INTERVAL_MS = 1000;

    private final PipelineEvents listener;
    private final AtomicLong listenerFailures = new AtomicLong();
    private final Map<DataLossAlarm.Kind, LogThrottle> lossLogs = new EnumMap<>(DataLossAlarm.Kind.class);
    private final ConcurrentHashMap<String, LogThrottle> failureLogs = new ConcurrentHashMap<>();

    public EventsReporter(PipelineEvents listener) {
        this.listener = listener;
        for (DataLossAlarm.Kind k : DataLossAlarm.Kind.values()) {
            lossLogs.put(k, new LogThrottle(LOG_INTERVAL_MS, TimeUnit.MILLISECONDS));
        }
    }

    /** Exceptions thrown by the events listener so far. */
    public long listenerFailures() {
        return listenerFailures.get();
    }

    public void consumerFailure(String consumer, long sequence, Throwable error) {
        long left = failureLogs.computeIfAbsent(consumer, c -> new LogThrottle(LOG_INTERVAL_MS, TimeUnit.MILLISECONDS))
                .admit(System.nanoTime());
        if (left == 0 && error instanceof java.io.IOException) {
            // An I/O failure (a full disk, a removed folder) is the environment, not a bug: its message says it all.
            LOG.warn("Consumer {} failed on frame {}: {}; it goes on with the next frames", consumer, sequence,
                    error.getMessage());
        } else if (left == 0) {
            LOG.warn("Consumer {} failed on frame {}; it goes on with the next frames", consumer, sequence, error);
        } else if (left > 0) {
            LOG.warn("Consumer {} failed on frame {} ({} more failure(s) since the last one logged): {}; it goes on "
                    + "with the next frames", consumer, sequence, left, error.toString());
        }
        try {
            listener.onConsumerFailure(consumer, sequence, error);
        } catch (RuntimeException e) {
            listenerFailed("onConsumerFailure", e);
        }
    }

    public void dataLoss(DataLossAlarm alarm) {
        long left = lossLogs.get(alarm.kind()).admit(System.nanoTime());
        if (left == 0) {
            LOG.error("DATA LOSS: {}", alarm);
        } else if (left > 0) {
            LOG.error("DATA LOSS: {} ({} more alarm(s) of this kind since the last one logged)", alarm, left);
        }
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
