package org.reflexscope.core.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a model's spec from a JSON or YAML sidecar next to its ONNX file ({@code model.onnx.yaml},
 * {@code model.onnx.yml}, {@code model.onnx.json}, or the same names without {@code .onnx}). Keys:
 *
 * <pre>
 * output: probability_map        # denoised_image | blob_response | probability_map | label_mask | frame_score
 * axes: bcyx                     # default bcyx
 * tile: 256                      # or {min: 64, step: 16}; absent = any size
 * halo: 16
 * preprocessing:                 # bioimage.io vocabulary
 *   - {name: scale_range, kwargs: {min_percentile: 1, max_percentile: 99.8}}
 * postprocessing: []
 * threshold: 0.5
 * score: event                   # frame_score models
 * label: nucleus
 * </pre>
 */
public final class ModelSpecFiles {
    private static final String[] SUFFIXES = {".yaml", ".yml", ".json"};

    private ModelSpecFiles() {
    }

    /**
     * The ONNX file {@code onnx} with the spec of its sidecar.
     *
     * @throws ModelLoadException if no sidecar exists (naming the paths tried), or it is malformed
     */
    public static ModelSource withSidecar(Path onnx) throws ModelLoadException {
        for (Path p : sidecarCandidates(onnx)) {
            if (Files.isRegularFile(p)) {
                return ModelSource.onnx(onnx, read(p));
            }
        }
        throw new ModelLoadException("Model " + onnx + " has no spec sidecar; tried " + sidecarCandidates(onnx)
                + ". Write one (see docs/inference.md: output, axes, tile, preprocessing, threshold) or pass a "
                + "ModelSpec.");
    }

    /** Whether a spec sidecar exists next to {@code onnx} (any of the names {@link #withSidecar} tries). */
    public static boolean hasSidecar(Path onnx) {
        return sidecarCandidates(onnx).stream().anyMatch(Files::isRegularFile);
    }

    private static List<Path> sidecarCandidates(Path onnx) {
        List<Path> candidates = new ArrayList<>();
        String file = onnx.getFileName().toString();
        String stem = file.toLowerCase(Locale.ROOT).endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
        for (String base : new String[] {file, stem}) {
            for (String suffix : SUFFIXES) {
                candidates.add(onnx.resolveSibling(base + suffix));
            }
        }
        return candidates;
    }

    /**
     * Parses a sidecar file.
     *
     * @throws ModelLoadException if it is not valid YAML/JSON or a key has an unsupported value
     */
    public static ModelSpec read(Path sidecar) throws ModelLoadException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(sidecar));
        } catch (IOException e) {
            throw new ModelLoadException("Spec " + sidecar + " is not valid YAML/JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelLoadException("Spec " + sidecar + " must be a mapping with at least 'output'");
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("Spec " + sidecar + ": " + e.getMessage(), e);
        }
    }

    static ModelSpec parse(JsonNode root) {
        JsonNode out = root.get("output");
        if (out == null) {
            throw new IllegalArgumentException("missing 'output' (one of " + kinds() + ")");
        }
        ModelSpec.Builder b = ModelSpec.builder().setOutputKind(kind(out.asText()));
        if (root.has("axes")) {
            b.optAxes(root.get("axes").asText());
        }
        JsonNode tile = root.get("tile");
        if (tile != null) {
            if (tile.isObject()) {
                b.optTileShape(tile.path("min").asInt(0), tile.path("step").asInt(0));
            } else {
                b.optTileSize(tile.asInt());
            }
        }
        if (root.has("halo")) {
            b.optHalo(root.get("halo").asInt());
        }
        Processing.parse(root.get("preprocessing")).forEach(b::addPreprocessing);
        Processing.parse(root.get("postprocessing")).forEach(b::addPostprocessing);
        if (root.has("threshold")) {
            b.optThreshold(root.get("threshold").asDouble());
        }
        if (root.has("score")) {
            b.optScoreName(root.get("score").asText());
        }
        if (root.has("label")) {
            b.optLabel(root.get("label").asText());
        }
        return b.build();
    }

    static OutputKind kind(String text) {
        try {
            return OutputKind.valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown output '" + text + "': use one of " + kinds(), e);
        }
    }

    private static String kinds() {
        List<String> names = new ArrayList<>();
        for (OutputKind k : OutputKind.values()) {
            names.add(k.name().toLowerCase(Locale.ROOT));
        }
        return String.join(", ", names);
    }
}
