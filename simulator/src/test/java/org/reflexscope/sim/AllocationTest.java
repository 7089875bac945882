package org.reflexscope.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.sim.scenario.Scenario;

/** Contract 3 on the source side: once warm, filling a slot allocates nothing (trace recording off). */
class AllocationTest {

    @Test
    void steadyStateFillAllocatesNothingPerFrame() throws Exception {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
                "needs com.sun.management.ThreadMXBean to count allocated bytes");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "thread allocation accounting is off in this JVM");
        Scenario s = Scenario.builtIn("mixed").with("camera.width", 32).with("camera.height", 32)
                .with("specimen.cells.overlap", true) // 24 cells do not fit side by side in 32 px
                .with("camera.exposureMs", 5.0).with("camera.frameIntervalMs", 10.0); // 33 s: inside the walks' horizon
        try (VirtualMicroscope scope = VirtualMicroscope.builder(s).optRecordTrace(false).build()) {
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            for (int i = 0; i < 3000; i++) {
                scope.fill(slot, 1, TimeUnit.SECONDS);
            }
            long id = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(id);
            int frames = 300;
            for (int i = 0; i < frames; i++) {
                scope.fill(slot, 1, TimeUnit.SECONDS);
            }
            long perFrame = (threads.getThreadAllocatedBytes(id) - before) / frames;
            assertThat(perFrame).as("bytes allocated per frame").isLessThan(16);
        }
    }
}
