package org.reflexscope.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reflexscope.cli.input.UserInputException;
import org.reflexscope.core.inference.Device;
import org.reflexscope.core.inference.ModelCatalog;
import org.reflexscope.core.inference.ModelFiles;
import org.reflexscope.core.inference.ModelLoadException;
import org.reflexscope.core.inference.ModelSource;
import org.reflexscope.core.inference.ModelSpec;
import org.reflexscope.core.inference.ModelSpecFiles;
import org.reflexscope.core.inference.OutputKind;
import org.reflexscope.policy.recipe.RunRecipe;
import picocli.CommandLine.Option;

/**
 * The model options shared by {@code run}, {@code replay}, {@code acquire}, {@code survey} and {@code models --check}:
 * which model, its spec when it is a bare ONNX file, and the device.
 */
final class ModelOptions {
    @Option(names = "--model", paramLabel = "MODEL", defaultValue = RunRecipe.DEFAULT_MODEL,
            description = {"default (the embedded denoiser + detector), a BioImage Model Zoo package (folder or "
                + ".zip with rdf.yaml), or an ONNX file with a spec sidecar (model.onnx.yaml) or described by the "
                + "--model-* options below. Default: ${DEFAULT-VALUE}."})
    String model;

    @Option(names = "--model-output", paramLabel = "KIND", defaultValue = "probability",
            description = "What an ONNX model without a sidecar outputs: denoised, probability, labels, score or blobs "
                + "(default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--model-axes", paramLabel = "AXES", defaultValue = "bcyx",
            description = "Input axes of an ONNX model, from b, c, y, x (default: ${DEFAULT-VALUE}).")
    String axes;

    @Option(names = "--model-tile", paramLabel = "PX", defaultValue = "0",
            description = "Fixed input edge of an ONNX model in pixels; 0 = any size (default).")
    int tile;

    @Option(names = "--model-threshold", paramLabel = "T", defaultValue = "0.5",
            description = "Detection threshold on a probability map (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--model-label", paramLabel = "LABEL", defaultValue = "object",
            description = "Label of the detections an ONNX detector makes (default: ${DEFAULT-VALUE}).")
    String label;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = RunRecipe.DEFAULT_DEVICE,
            description = "auto (GPU when it works, else CPU), cpu or gpu (default: ${DEFAULT-VALUE}).")
    String device;

    /** The options of a user model, by recipe name ({@link RunRecipe#modelOptions()}). */
    private static final List<String> SPEC_OPTIONS = List.of("output", "axes", "tile", "threshold", "label");

    /** {@code b} with the model, its spec options (for a user model) and the device. */
    RunRecipe.Builder applyTo(RunRecipe.Builder b) {
        b.model(model).device(device);
        if (!isDefault()) {
            b.modelOption("output", output).modelOption("axes", axes).modelOption("tile", Integer.toString(tile))
                    .modelOption("threshold", Double.toString(threshold)).modelOption("label", label);
        }
        return b;
    }

    /**
     * Takes the model, device and spec options of {@code recipe} for each of them not on the command line
     * ({@code given}: whether an option name was given), so that a repeated run loads what the recipe says.
     */
    void takeFrom(RunRecipe recipe, java.util.function.Predicate<String> given) {
        if (!given.test("--model")) {
            model = recipe.model();
        }
        if (!given.test("--device")) {
            device = recipe.device();
        }
        Map<String, String> o = recipe.modelOptions();
        for (String k : SPEC_OPTIONS) {
            if (!o.containsKey(k) || given.test("--model-" + k)) {
                continue;
            }
            String v = o.get(k);
            switch (k) {
                case "output":
                    output = v;
                    break;
                case "axes":
                    axes = v;
                    break;
                case "tile":
                    tile = Integer.parseInt(v);
                    break;
                case "threshold":
                    threshold = Double.parseDouble(v);
                    break;
                default:
                    label = v;
                    break;
            }
        }
    }

    /** Whether the embedded default models are used. */
    boolean isDefault() {
        return model.equalsIgnoreCase("default");
    }

    /**
     * The embedded models: the fused denoise+detect model the default chain runs, then the standalone denoiser and
     * detector it combines (which a user can place or replace one by one).
     */
    static List<ModelSource> defaultModels() {
        List<ModelSource> all = new java.util.ArrayList<>();
        all.add(ModelCatalog.denoiseDetector());
        all.addAll(ModelCatalog.embedded());
        return all;
    }

    Device device() throws UserInputException {
        try {
            return Device.parse(device);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--device " + device + ": choose auto, cpu or gpu", e);
        }
    }

    /**
     * The models to load: the embedded ones for {@code default}; a BioImage Model Zoo package (a folder or zip
     * with {@code rdf.yaml}); an ONNX file with its spec from a sidecar ({@code model.onnx.yaml}, ...) or, without
     * one, from the {@code --model-*} options.
     */
    List<ModelSource> sources() throws UserInputException {
        if (isDefault()) {
            return defaultModels();
        }
        Path file = Paths.get(model);
        if (!Files.exists(file)) {
            throw new UserInputException("--model " + model + ": no such file or folder. Give an .onnx file, a "
                    + "BioImage Model Zoo package (folder or .zip with rdf.yaml), or 'default' for the embedded "
                    + "models (`reflex models` lists them)");
        }
        if (!ModelFiles.isPackage(file) && !ModelFiles.isOnnx(file)) {
            throw new UserInputException("--model " + model + ": expected an .onnx file, a package folder or a "
                    + ".zip");
        }
        try {
            if (ModelFiles.isOnnx(file) && !ModelSpecFiles.hasSidecar(file)) {
                return List.of(ModelSource.onnx(file, optionSpec()));
            }
            return List.of(ModelFiles.open(file));
        } catch (ModelLoadException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    private ModelSpec optionSpec() throws UserInputException {
        try {
            return ModelSpec.builder().setOutputKind(kind()).optAxes(axes).optTileSize(tile).optThreshold(threshold)
                    .optLabel(label).build();
        } catch (IllegalArgumentException e) {
            throw new UserInputException("The model spec given by --model-* options is not valid: " + e.getMessage(),
                    e);
        }
    }

    private OutputKind kind() throws UserInputException {
        switch (output.toLowerCase(Locale.ROOT)) {
            case "denoised":
                return OutputKind.DENOISED_IMAGE;
            case "probability":
                return OutputKind.PROBABILITY_MAP;
            case "labels":
                return OutputKind.LABEL_MASK;
            case "score":
                return OutputKind.FRAME_SCORE;
            case "blobs":
                return OutputKind.BLOB_RESPONSE;
            default:
                throw new UserInputException("--model-output " + output + ": choose denoised, probability, labels, "
                        + "score or blobs");
        }
    }
}
