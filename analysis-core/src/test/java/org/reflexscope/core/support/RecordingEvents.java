package org.reflexscope.core.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.reflexscope.core.metrics.PipelineMetrics;
import org.reflexscope.core.pipeline.DataLossAlarm;
import org.reflexscope.core.pipeline.PipelineEvents;
import org.reflexscope.core.source.FrameSourceException;

/** Test {@link PipelineEvents} keeping everything it is told, with the thread that told it. */
public final class RecordingEvents implements PipelineEvents {
    public final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    public final List<DataLossAlarm> alarms = Collections.synchronizedList(new ArrayList<>());
    public final List<String> alarmThreads = Collections.synchronizedList(new ArrayList<>());
    public final List<Long> stalls = Collections.synchronizedList(new ArrayList<>());
    public final List<FrameSourceException> sourceFailures = Collections.synchronizedList(new ArrayList<>());
    public final List<PipelineMetrics> drained = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onConsumerFailure(String consumer, long sequence, Throwable error) {
        failures.add(consumer + "@" + sequence + ":" + error.getMessage());
    }

    @Override
    public void onDataLoss(DataLossAlarm alarm) {
        alarms.add(alarm);
        alarmThreads.add(Thread.currentThread().getName());
    }

    @Override
    public void onProducerStall(long stallNanos, long totalStalls, long totalStallNanos) {
        stalls.add(stallNanos);
    }

    @Override
    public void onSourceFailure(FrameSourceException error) {
        sourceFailures.add(error);
    }

    @Override
    public void onDrained(PipelineMetrics metrics) {
        drained.add(metrics);
    }
}
