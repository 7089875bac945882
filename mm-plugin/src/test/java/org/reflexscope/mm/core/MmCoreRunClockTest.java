package org.reflexscope.mm.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.source.FrameSource.FillResult;

/**
 * On a real core with the DemoCamera: a frame's camera time is when the camera took it, not when Reflex asked the
 * core to start the sequence. The first {@code startSequenceAcquisition} of a session takes over 100 ms on the
 * DemoCamera, and the camera's clock starts near its end; latencies measured from the frame (decision latency, the
 * report's camera-to-decision figures) would otherwise carry that call's duration.
 */
class MmCoreRunClockTest {
    private static MmCoreSession session;

    @BeforeAll
    static void loadDemoConfig() throws Exception {
        session = MmCoreSession.open(RealCore.homeOrSkip(), MicroManagerInstallation.DEMO_CONFIG);
        session.core().setProperty("Camera", "PixelType", "8bit");
        session.core().setExposure(10);
    }

    @AfterAll
    static void unload() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void theFirstSequenceOfASessionStampsFramesWhenTheyWereTakenNotWhenTheStartCallBegan() throws Exception {
        int n = 40;
        double[] lagMs = new double[n];
        long callNanos;
        try (MmCoreFrameSource source = session.frameSourceBuilder().optFrameCount(n).build()) {
            FrameSlot slot = new FrameSlot(source.maxFormat());
            long before = System.nanoTime();
            source.start();
            int i = 0;
            while (source.fill(slot, 10, TimeUnit.SECONDS) == FillResult.FRAME) {
                long popped = System.nanoTime();
                assertThat(slot.cameraNanos()).as("taken before it was popped").isLessThanOrEqualTo(popped);
                lagMs[i++] = (popped - slot.cameraNanos()) / 1e6;
            }
            assertThat(i).isEqualTo(n);
            callNanos = System.nanoTime() - before;
        }
        Arrays.sort(lagMs);
        double median = lagMs[n / 2];
        System.out.printf("camera-to-pop lag over %d frames: median %.1f ms, max %.1f ms%n", n, median, lagMs[n - 1]);
        // a frame waits in the core for at most about one 10 ms exposure before the source polls it
        assertThat(median).as("median camera-to-pop lag (ms)").isLessThan(30);
        assertThat(callNanos).isPositive();
    }
}
