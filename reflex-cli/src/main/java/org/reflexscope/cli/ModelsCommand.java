package org.reflexscope.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.reflexscope.cli.input.UserInputException;
import org.reflexscope.core.inference.ModelCheck;
import org.reflexscope.core.inference.ModelCatalog;
import org.reflexscope.core.inference.ModelLoadException;
import org.reflexscope.core.inference.ModelSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code reflex models}: lists the embedded models, or checks a user model (loads, validates, times it). */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"List the embedded default models (name, output, SHA-256), or check a model with --check: "
            + "load it on the chosen device, validate it against its test tensors (BioImage packages), run it on "
            + "seeded random input and print its outputs' shapes and latency."},
        footer = {"", "Examples:", "  reflex models", "  reflex models --check --model default",
            "  reflex models --check --model my-unet.onnx --model-output probability --model-tile 256",
            "  reflex models --check --model unet-package.zip"})
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions models;

    @Option(names = "--check", description = "Load, validate and time the model given by --model.")
    boolean check;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "50",
            description = "Timed runs for --check (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Override
    public Integer call() throws UserInputException {
        PrintWriter out = spec.commandLine().getOut();
        if (!check) {
            out.println("Embedded models (--model default runs the first: the other two fused in one session):");
            for (ModelSource m : ModelOptions.defaultModels()) {
                out.printf(Locale.ROOT, "  %-30s %-16s sha256 %s%n", m.name(), m.spec().outputKind(), m.sha256());
            }
            out.println("Check one with `reflex models --check --model default` or bring your own .onnx.");
            out.flush();
            return ExitCodes.OK;
        }
        if (repeat < 1) {
            throw new UserInputException("--repeat must be at least 1, got " + repeat);
        }
        for (ModelSource source : models.sources()) {
            try {
                ModelCheck.Report r = ModelCheck.check(source, models.device(), repeat);
                out.printf(Locale.ROOT, "%s (sha256 %s)%n", r.name(), r.sha256());
                out.printf(Locale.ROOT, "  spec: %s%n", source.spec());
                out.printf(Locale.ROOT, "  loaded on %s; test cases passed: %d%n", r.device(), r.testCasesPassed());
                out.printf(Locale.ROOT, "  outputs: %s%n", r.outputShapes());
                out.printf(Locale.ROOT, "  latency over %d runs: p50 %.2f ms, p99 %.2f ms%n", repeat, r.p50Ms(),
                        r.p99Ms());
                out.println("  OK");
            } catch (ModelLoadException e) {
                throw new UserInputException("Model " + source.name() + " failed the check: " + e.getMessage(), e);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
