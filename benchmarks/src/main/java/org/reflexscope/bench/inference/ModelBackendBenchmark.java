package org.reflexscope.bench.inference;

import java.nio.FloatBuffer;
import java.util.Random;
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
import org.reflexscope.core.inference.Device;
import org.reflexscope.core.inference.InferenceRuntime;
import org.reflexscope.core.inference.ModelCatalog;
import org.reflexscope.core.inference.ModelSource;
import org.reflexscope.core.inference.TensorModel;

/**
 * One embedded model alone (fill input, run, read one output value) on a raw ONNX Runtime session with pinned
 * outputs versus a DJL predictor: DJL's per-call overhead.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ModelBackendBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx3g"})
public class ModelBackendBenchmark {
    @Param({"denoiser", "detector", "fused"})
    public String model;

    @Param({"512"})
    public int edge;

    @Param({"ONNX_RUNTIME", "DJL"})
    public InferenceRuntime.Backend backend;

    private InferenceRuntime runtime;
    private TensorModel tensorModel;
    private float[] image;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        runtime = new InferenceRuntime(Device.CPU, 1, backend);
        ModelSource src = model.equals("denoiser") ? ModelCatalog.denoiser()
                : model.equals("fused") ? ModelCatalog.denoiseDetector() : ModelCatalog.detector();
        tensorModel = runtime.load(src);
        image = new float[edge * edge];
        Random rnd = new Random(3);
        for (int i = 0; i < image.length; i++) {
            image[i] = 20 + 5 * rnd.nextFloat();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        tensorModel.close();
        runtime.close();
    }

    @Benchmark
    public float run() throws Exception {
        FloatBuffer in = tensorModel.input(edge, edge);
        in.put(image);
        tensorModel.run();
        return tensorModel.output(0).get(edge * edge / 2);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(ModelBackendBenchmark.class.getSimpleName()).build()).run();
    }
}
