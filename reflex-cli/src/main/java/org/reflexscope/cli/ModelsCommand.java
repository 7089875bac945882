package org.reflexscope.cli;

import java.io.PrintWriter;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.reflexscope.core.inference.InferenceRuntime;
import org.reflexscope.core.inference.ModelCatalog;
import org.reflexscope.core.inference.ModelLoadException;
import org.reflexscope.core.inference.ModelRunException;
import org.reflexscope.core.inference.ModelSource;
import org.reflexscope.core.inference.TensorModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code reflex models}: lists the embedded models, or checks a user model (loads, validates, times it). */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"List the embedded default models (name, output, SHA-256), or check a model with --check:",
            "load it on the chosen device (validating it against its test tensors when it has them), run it on",
            "random input and print its outputs' shapes and its latency."},
        footer = {"", "Examples:", "  reflex models", "  reflex models --check --model default",
            "  reflex models --check --model my-unet.onnx --model-output probability --model-tile 256"})
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions models;

    @Option(names = "--check", description = "Load, validate and time the model given by --model.")
    boolean check;

    @Option(names = "--size", paramLabel = "PX", defaultValue = "512",
            description = "Edge of the random test image for --check (default: ${DEFAULT-VALUE}; a fixed-tile model "
                + "uses its tile).")
    int size;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "50",
            description = "Timed runs for --check (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Override
    public Integer call() throws UserInputException {
        PrintWriter out = spec.commandLine().getOut();
        if (!check) {
            out.println("Embedded models (used by --model default):");
            for (ModelSource m : ModelCatalog.embedded()) {
                out.printf(Locale.ROOT, "  %-24s %-16s sha256 %s%n", m.name(), m.spec().outputKind(), m.sha256());
            }
            out.println("Check one with `reflex models --check --model default` or bring your own .onnx.");
            out.flush();
            return ExitCodes.OK;
        }
        if (size < 8 || repeat < 1) {
            throw new UserInputException("--size must be at least 8 and --repeat at least 1");
        }
        List<ModelSource> sources = models.sources();
        try (InferenceRuntime runtime = new InferenceRuntime(models.device(), 0)) {
            for (ModelSource source : sources) {
                checkOne(runtime, source, out);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void checkOne(InferenceRuntime runtime, ModelSource source, PrintWriter out) throws UserInputException {
        out.printf(Locale.ROOT, "%s (%s, sha256 %s)%n", source.name(), source.spec().outputKind(), source.sha256());
        try (TensorModel model = runtime.load(source)) {
            int edge = model.spec().tileSize() > 0 ? model.spec().tileSize() : size;
            java.util.Random rnd = new java.util.Random(1);
            long[] nanos = new long[repeat];
            for (int i = -3; i < repeat; i++) {
                FloatBuffer in = model.input(edge, edge);
                for (int p = 0; p < edge * edge; p++) {
                    in.put(p, (float) (100 + 20 * rnd.nextGaussian()));
                }
                long t0 = System.nanoTime();
                model.run();
                long dt = System.nanoTime() - t0;
                if (i >= 0) {
                    nanos[i] = dt;
                }
            }
            for (int o = 0; o < model.outputCount(); o++) {
                FloatBuffer b = model.output(o);
                boolean finite = true;
                for (int p = 0; p < b.remaining() && finite; p++) {
                    finite = Float.isFinite(b.get(b.position() + p));
                }
                out.printf(Locale.ROOT, "  output %d shape %s%s%n", o, Arrays.toString(model.outputShape(o)),
                        finite ? "" : "  (NOT FINITE: NaN/Inf values)");
            }
            Arrays.sort(nanos);
            out.printf(Locale.ROOT, "  loaded on %s; %d×%d input: p50 %.2f ms, p99 %.2f ms over %d runs%n",
                    model.device(), edge, edge, nanos[nanos.length / 2] / 1e6,
                    nanos[Math.min(nanos.length - 1, (int) Math.ceil(nanos.length * 0.99) - 1)] / 1e6, repeat);
            out.println("  OK");
        } catch (ModelLoadException | ModelRunException e) {
            throw new UserInputException("Model " + source.name() + " failed the check: " + e.getMessage(), e);
        }
    }
}
