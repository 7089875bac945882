package org.reflexscope.bench.sim;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.core.source.FrameSourceException;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.scenario.ClockMode;
import org.reflexscope.sim.scenario.Scenario;

/**
 * Simulated frames per second on the virtual clock: one {@code fill} renders a 16-bit frame (background, sprites,
 * shot and read noise) into a ring slot, on one thread. Scenarios: {@code drifting-focus-beads} (40 beads) and
 * {@code mixed} (beads, 30 moving cells with divisions, drift, bleaching), at 512² and 2048².
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SimulatedFrameRate} or this class's {@code main}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SimulatedFrameRateBenchmark {
    @Param({"512", "2048"})
    public int size;

    @Param({"drifting-focus-beads", "mixed"})
    public String scenario;

    private VirtualMicroscope scope;
    private FrameSlot slot;

    @Setup(Level.Trial)
    public void setUp() throws FrameSourceException {
        Scenario s = Scenario.builtIn(scenario).with("camera.width", size).with("camera.height", size)
                .with("specimen.areaUm", java.util.List.of(256.0, 256.0));
        scope = VirtualMicroscope.builder(s).optClock(ClockMode.VIRTUAL).optRecordTrace(false).build();
        scope.start();
        slot = new FrameSlot(scope.maxFormat());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scope.close();
    }

    @Benchmark
    public long fillOneFrame() throws Exception {
        if (scope.fill(slot, 1, TimeUnit.SECONDS) != FrameSource.FillResult.FRAME) {
            throw new IllegalStateException("The virtual camera stopped delivering frames");
        }
        return slot.imageNumber();
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(SimulatedFrameRateBenchmark.class.getSimpleName()).build()).run();
    }
}
