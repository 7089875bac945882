package org.reflexscope.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void percentilesAndDeadlineMissesFollowRecordedValues() {
        LatencyRecorder r = new LatencyRecorder(TimeUnit.MILLISECONDS.toNanos(10));
        for (int i = 1; i <= 100; i++) {
            r.record("analysed", TimeUnit.MILLISECONDS.toNanos(i));
        }
        LatencySummary s = r.summary("analysed");
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.p50Nanos() / 1e6).isCloseTo(50, within(0.1));
        assertThat(s.p99Nanos() / 1e6).isCloseTo(99, within(0.1));
        assertThat(s.maxNanos() / 1e6).isCloseTo(100, within(0.1));
        assertThat(s.deadlineMisses()).isEqualTo(90);
    }

    @Test
    void hopsAreReportedInFirstSeenOrderAndUnknownHopsAreEmpty() {
        LatencyRecorder r = new LatencyRecorder(1_000_000);
        r.record("b", 5_000);
        r.record("a", 7_000);
        assertThat(r.summaries().keySet()).containsExactly("b", "a");
        assertThat(r.summary("none").count()).isZero();
    }
}
