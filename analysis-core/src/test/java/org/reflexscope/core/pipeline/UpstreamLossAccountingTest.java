package org.reflexscope.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.support.CollectingRecorder;
import org.reflexscope.core.support.RecordingEvents;
import org.reflexscope.core.support.ScriptedFrameSource;

/**
 * Frames the source reports lost upstream (its cumulative counter) are counted once each, as the difference from
 * the last report, however often the counter grows, and also when it grows after the last frame.
 */
class UpstreamLossAccountingTest {
    private static final long TIMEOUT_S = 60;

    @Test
    void eachGrowthOfTheSourcesLossCounterIsAlarmedWithItsOwnCount() throws Exception {
        ScriptedFrameSource source = ScriptedFrameSource.gray16(16, 16, 20).withUpstreamLossAt(3, 2)
                .withUpstreamLossAt(7, 3).withUpstreamLossAt(12, 4);
        RecordingEvents events = new RecordingEvents();
        try (FramePipeline p = FramePipeline.builder(source).addRecorder(new CollectingRecorder()).optEvents(events)
                .build()) {
            p.start();
            assertThat(p.awaitEndOfStream(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(p.metrics().lostUpstreamReported()).isEqualTo(9);
            assertThat(events.alarms).extracting(DataLossAlarm::kind, DataLossAlarm::lostNow,
                    DataLossAlarm::lostTotal, DataLossAlarm::atSequence).containsExactly(
                            tuple(DataLossAlarm.Kind.REPORTED_BY_SOURCE, 2L, 2L, 3L),
                            tuple(DataLossAlarm.Kind.REPORTED_BY_SOURCE, 3L, 5L, 7L),
                            tuple(DataLossAlarm.Kind.REPORTED_BY_SOURCE, 4L, 9L, 12L));
        }
    }

    @Test
    void lossesReportedAfterTheLastFrameAreCountedAndAlarmed() throws Exception {
        ScriptedFrameSource source = ScriptedFrameSource.gray16(16, 16, 5).withUpstreamLossAt(1, 1)
                .withUpstreamLossAtEnd(3);
        RecordingEvents events = new RecordingEvents();
        try (FramePipeline p = FramePipeline.builder(source).addRecorder(new CollectingRecorder()).optEvents(events)
                .build()) {
            p.start();
            assertThat(p.awaitEndOfStream(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(p.metrics().published()).isEqualTo(5);
            assertThat(p.metrics().lostUpstreamReported()).isEqualTo(4);
            assertThat(p.metrics().dataLoss()).isTrue();
            assertThat(events.alarms).extracting(DataLossAlarm::lostNow, DataLossAlarm::lostTotal,
                    DataLossAlarm::atSequence).containsExactly(tuple(1L, 1L, 1L), tuple(3L, 4L, 5L));
        }
    }
}
