package org.reflexscope.bench.sim;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.scenario.ClockMode;
import org.reflexscope.sim.scenario.Scenario;

/**
 * End-to-end check of real-time pacing: streams {@code drifting-focus-beads} on the real-time clock for a few
 * seconds (after a 3 s warm-up on the virtual clock) at 512² / 200 fps and 2048² / 30 fps (16-bit) and reports the
 * frames delivered against the frames due and the lateness of each delivery after its due time (HdrHistogram
 * p50/p99/max). Pacing holds when every frame due was delivered and the lateness stays below one frame interval
 * (no accumulating backlog).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.reflexscope.bench.sim.RealTimePacingCheck [seconds]}.
 */
public final class RealTimePacingCheck {
    private RealTimePacingCheck() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5.0;
        run(512, 200, seconds);
        run(2048, 30, seconds);
    }

    /** Renders frames on the virtual clock for {@code seconds} so that the JIT has compiled the hot path. */
    private static void warmUp(Scenario s, double seconds) throws Exception {
        try (VirtualMicroscope scope = VirtualMicroscope.builder(s).optClock(ClockMode.VIRTUAL)
                .optRecordTrace(false).build()) {
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            scope.start();
            long until = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < until) {
                scope.fill(slot, 1, TimeUnit.SECONDS);
            }
        }
    }

    private static void run(int size, double fps, double seconds) throws Exception {
        double interval = 1000.0 / fps;
        Scenario s = Scenario.builtIn("drifting-focus-beads").with("camera.width", size).with("camera.height", size)
                .with("camera.exposureMs", Math.min(4.0, interval)).with("camera.frameIntervalMs", interval)
                .with("specimen.areaUm", java.util.List.of(256.0, 256.0));
        long frames = (long) Math.round(seconds * fps);
        warmUp(s, 3.0);
        Histogram lateness = new Histogram(3);
        long start;
        long end;
        long delivered = 0;
        long cpuStart;
        long cpuEnd;
        try (VirtualMicroscope scope = VirtualMicroscope.builder(s).optClock(ClockMode.REAL_TIME)
                .optRecordTrace(false).optFrameLimit(frames).build()) {
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            scope.start();
            cpuStart = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            start = System.nanoTime();
            while (scope.fill(slot, 2, TimeUnit.SECONDS) == FrameSource.FillResult.FRAME) {
                long late = System.nanoTime() - slot.cameraNanos();
                lateness.recordValue(Math.max(0, late));
                delivered++;
            }
            end = System.nanoTime();
            cpuEnd = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }
        double cpuMsPerFrame = (cpuEnd - cpuStart) / 1e6 / Math.max(1, delivered);
        double wall = (end - start) / 1e9;
        boolean holds = delivered == frames && lateness.getMaxValue() < interval * 1e6;
        System.out.printf(Locale.ROOT, "%dx%d @ %.0f fps: %d/%d frames in %.2f s (%.1f fps); lateness after due "
                + "p50 %.2f ms, p99 %.2f ms, max %.2f ms; render CPU %.2f ms/frame for an interval of %.2f ms "
                + "-> pacing %s%n",
                size, size, fps,
                delivered, frames, wall, delivered / wall, lateness.getValueAtPercentile(50) / 1e6,
                lateness.getValueAtPercentile(99) / 1e6, lateness.getMaxValue() / 1e6, cpuMsPerFrame, interval,
                holds ? "HOLDS" : "DOES NOT HOLD");
    }
}
