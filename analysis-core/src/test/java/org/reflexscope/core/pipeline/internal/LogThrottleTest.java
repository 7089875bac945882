package org.reflexscope.core.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LogThrottleTest {
    private static final long MS = 1_000_000L;

    @Test
    void theFirstEventIsLoggedThenAtMostOnePerIntervalCountingTheRest() {
        LogThrottle t = new LogThrottle(1000, TimeUnit.MILLISECONDS);
        long start = 5_000 * MS;
        assertThat(t.admit(start)).isZero();
        for (int i = 1; i <= 99; i++) {
            assertThat(t.admit(start + i * 10 * MS)).as("event %d, within the second", i)
                    .isEqualTo(LogThrottle.SUPPRESS);
        }
        assertThat(t.admit(start + 1000 * MS)).as("the next second's line counts the 99 left out").isEqualTo(99);
        assertThat(t.admit(start + 1001 * MS)).isEqualTo(LogThrottle.SUPPRESS);
        assertThat(t.admit(start + 5000 * MS)).isEqualTo(1);
        assertThat(t.admit(start + 9000 * MS)).as("a lone event after a quiet spell").isZero();
    }

    @Test
    void worksAcrossTheSignOfNanoTime() {
        LogThrottle t = new LogThrottle(1, TimeUnit.SECONDS);
        assertThat(t.admit(Long.MAX_VALUE - 10 * MS)).isZero();
        assertThat(t.admit(Long.MAX_VALUE + 100 * MS)).isEqualTo(LogThrottle.SUPPRESS);
        assertThat(t.admit(Long.MAX_VALUE + 2000 * MS)).isEqualTo(1);
    }
}
