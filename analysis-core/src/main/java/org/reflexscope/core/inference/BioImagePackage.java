package org.reflexscope.core.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads a BioImage Model Zoo package (a folder or a zip holding {@code bioimageio.yaml} (format 0.5) or
 * {@code rdf.yaml} (0.4), ONNX weights and {@code .npy} test tensors) into a {@link ModelSource} whose test case is
 * checked when it loads. Supports format 0.4 (axes as a string, {@code test_inputs}/{@code test_outputs}, halo on
 * the output) and 0.5 (axes as objects whose ids default as the spec says, {@code test_tensor}, halo on the output's
 * space axes), one input and one output, 2-D axes from b, c, y, x, and the processing steps of {@link Processing}.
 * Weight formats other than ONNX (PyTorch, TensorFlow, ...) are ignored; a package without ONNX weights is refused.
 *
 * <p>The output's meaning comes from {@code config.reflex.output} (see {@link OutputKind}), else from the tags
 * ({@code segmentation} → probability map, {@code denoising}/{@code restoration} → denoised image,
 * {@code classification} → frame score), else from {@link #load(Path, OutputKind)}.
 */
public final class BioImagePackage {
    /** Relative tolerance of the load-time test-tensor check. */
    public static final double RTOL = 1e-3;
    /** Absolute tolerance of the check, as a fraction of the expected output's largest magnitude (at least 1e-4). */
    public static final double ATOL_FRACTION = 1e-3;

    private BioImagePackage() {
    }

    /**
     * Reads the package at {@code path}, its output kind from the rdf.
     *
     * @throws ModelLoadException if the package is unreadable, lacks ONNX weights or test tensors, uses unsupported
     *     axes/processing, or does not say what its output means
     */
    public static ModelSource load(Path path) throws ModelLoadException {
        return load(path, null);
    }

    /** Reads the package at {@code path} with an explicit output kind ({@code null}: from the rdf). */
    public static ModelSource load(Path path, OutputKind kind) throws ModelLoadException {
        try (Files0 files = Files0.open(path)) {
            JsonNode rdf = new ObjectMapper(new YAMLFactory()).readTree(files.read(files.description()));
            return parse(path, rdf, files, kind);
        } catch (IOException e) {
            throw new ModelLoadException("BioImage.io package " + path + " could not be read: " + e.getMessage()
                    + ". Give a folder or .zip holding bioimageio.yaml (or rdf.yaml), the ONNX weights and the test "
                    + "tensors.", e);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("BioImage.io package " + path + ": " + e.getMessage(), e);
        }
    }

    private static ModelSource parse(Path path, JsonNode rdf, Files0 files, OutputKind kind)
            throws IOException, ModelLoadException {
        String name = rdf.path("name").asText(path.getFileName().toString());
        JsonNode inputs = rdf.path("inputs");
        JsonNode outputs = rdf.path("outputs");
        if (inputs.size() != 1 || outputs.size() != 1) {
            throw new IllegalArgumentException("has " + inputs.size() + " inputs and " + outputs.size()
                    + " outputs; Reflex runs models with one image input and one output");
        }
        JsonNode in = inputs.get(0);
        JsonNode out = outputs.get(0);
        String dtype = in.path("data_type").asText(in.path("data").path("type").asText("float32"));
        if (!dtype.equals("float32")) {
            throw new IllegalArgumentException("input data_type " + dtype + " is not supported: Reflex feeds "
                    + "float32");
        }
        String axes = axes(in.get("axes"));
        ModelSpec.Builder spec = ModelSpec.builder().setOutputKind(kind != null ? kind : kind(rdf)).optAxes(axes);
        tile(in, axes, spec);
        JsonNode halo = out.get("halo");
        if (halo != null && halo.isArray() && halo.size() == axes.length()) {
            spec.optHalo(halo.get(axes.indexOf('y')).asInt());
        } else if (out.path("axes").isArray()) {
            int h = 0;
            for (JsonNode a : out.get("axes")) {
                if (a.path("type").asText().equals("space")) {
                    h = Math.max(h, a.path("halo").asInt(0));
                }
            }
            if (h > 0) {
                spec.optHalo(h);
            }
        }
        Processing.parse(in.get("preprocessing")).forEach(spec::addPreprocessing);
        Processing.parse(out.get("postprocessing")).forEach(spec::addPostprocessing);
        JsonNode reflex = rdf.path("config").path("reflex");
        if (reflex.has("threshold")) {
            spec.optThreshold(reflex.get("threshold").asDouble());
        }
        if (reflex.has("label")) {
            spec.optLabel(reflex.get("label").asText());
        }
        JsonNode onnx = rdf.path("weights").path("onnx");
        if (onnx.isMissingNode()) {
            List<String> found = new ArrayList<>();
            rdf.path("weights").fieldNames().forEachRemaining(found::add);
            throw new IllegalArgumentException("has no ONNX weights (found " + found + "); Reflex runs ONNX only: "
                    + "convert the model to ONNX and add weights.onnx to rdf.yaml");
        }
        byte[] model = files.read(onnx.path("source").asText());
        String testIn = testTensor(rdf, in, "test_inputs");
        String testOut = testTensor(rdf, out, "test_outputs");
        Npy x = Npy.read(new ByteArrayInputStream(files.read(testIn)), testIn);
        Npy y = Npy.read(new ByteArrayInputStream(files.read(testOut)), testOut);
        long[] shape = x.shape();
        if (shape.length != axes.length()) {
            throw new IllegalArgumentException("test input " + testIn + " has shape " + java.util.Arrays.toString(
                    shape) + " but the input axes are '" + axes + "'");
        }
        int w = Math.toIntExact(shape[axes.indexOf('x')]);
        int h = Math.toIntExact(shape[axes.indexOf('y')]);
        float[] expected = y.data();
        double max = 0;
        for (float v : expected) {
            max = Math.max(max, Math.abs(v));
        }
        ModelSource.TestCase tc = new ModelSource.TestCase(testIn + " → " + testOut, x.data(), w, h, expected, RTOL,
                Math.max(1e-4, ATOL_FRACTION * max));
        return ModelSource.of(name, model, spec.build()).withTestCases(List.of(tc));
    }

    private static String testTensor(JsonNode rdf, JsonNode tensor, String listKey) {
        JsonNode v05 = tensor.path("test_tensor").path("source");
        if (v05.isTextual()) {
            return v05.asText();
        }
        JsonNode list = rdf.path(listKey);
        if (list.isArray() && list.size() == 1) {
            return list.get(0).asText();
        }
        throw new IllegalArgumentException("has no test tensor for " + tensor.path("name").asText(tensor.path("id")
                .asText()) + " (" + listKey + " or test_tensor.source): Reflex validates every package on its own"
                + " test tensors");
    }

    static String axes(JsonNode axes) {
        if (axes == null) {
            throw new IllegalArgumentException("input has no axes");
        }
        if (axes.isTextual()) {
            return ModelSpec.checkAxes(axes.asText());
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode a : axes) {
            String type = a.path("type").asText();
            switch (type) {
                case "batch":
                    sb.append('b');
                    break;
                case "channel":
                    sb.append('c');
                    break;
                case "space":
                    // format 0.5: a space axis without an id is "x" (SpaceInputAxis / SpaceOutputAxis default)
                    sb.append(a.path("id").asText("x"));
                    break;
                default:
                    sb.append(type.isEmpty() ? "?" : type.substring(0, 1));
                    break;
            }
        }
        return ModelSpec.checkAxes(sb.toString());
    }

    private static void tile(JsonNode in, String axes, ModelSpec.Builder spec) {
        int yi = axes.indexOf('y');
        int xi = axes.indexOf('x');
        JsonNode shape = in.get("shape");
        if (shape != null && shape.isArray()) {
            int ty = shape.get(yi).asInt();
            int tx = shape.get(xi).asInt();
            if (ty != tx) {
                throw new IllegalArgumentException("fixed input shape " + shape + " is not square; Reflex tiles "
                        + "with square tiles: use a parametrised shape (min/step) or a square one");
            }
            spec.optTileSize(ty);
        } else if (shape != null && shape.has("min")) {
            spec.optTileShape(shape.get("min").get(yi).asInt(), shape.path("step").path(yi).asInt(0));
        } else if (in.get("axes").isArray()) {
            JsonNode size = in.get("axes").get(yi).path("size");
            if (size.isInt()) {
                spec.optTileSize(size.asInt());
            } else if (size.has("min")) {
                spec.optTileShape(size.get("min").asInt(), size.path("step").asInt(0));
            }
        }
    }

    private static OutputKind kind(JsonNode rdf) {
        JsonNode configured = rdf.path("config").path("reflex").path("output");
        if (configured.isTextual()) {
            return ModelSpecFiles.kind(configured.asText());
        }
        for (JsonNode tag : rdf.path("tags")) {
            String t = tag.asText().toLowerCase(Locale.ROOT);
            if (t.contains("segmentation")) {
                return OutputKind.PROBABILITY_MAP;
            }
            if (t.contains("denois") || t.contains("restoration")) {
                return OutputKind.DENOISED_IMAGE;
            }
            if (t.contains("classification")) {
                return OutputKind.FRAME_SCORE;
            }
        }
        throw new IllegalArgumentException("does not say what its output means: add config: {reflex: {output: "
                + "probability_map}} (or denoised_image, label_mask, frame_score) to rdf.yaml, or pass the kind");
    }

    /** The files of a package folder or zip. */
    private abstract static class Files0 implements AutoCloseable {
        /** Names of the package description, newest format first. */
        static final String[] DESCRIPTIONS = {"bioimageio.yaml", "rdf.yaml"};

        abstract byte[] read(String relative) throws IOException;

        abstract boolean has(String relative);

        /** The package's description file: bioimageio.yaml, else rdf.yaml. */
        String description() throws IOException {
            for (String d : DESCRIPTIONS) {
                if (has(d)) {
                    return d;
                }
            }
            throw new IOException("the package has neither 'bioimageio.yaml' nor 'rdf.yaml'");
        }

        @Override
        public void close() throws IOException {
        }

        static Files0 open(Path path) throws IOException {
            if (Files.isDirectory(path)) {
                return new Files0() {
                    @Override
                    byte[] read(String relative) throws IOException {
                        Path p = path.resolve(relative).normalize();
                        if (!p.startsWith(path.normalize()) || !Files.isRegularFile(p)) {
                            throw new IOException("the package has no file '" + relative + "'");
                        }
                        return Files.readAllBytes(p);
                    }

                    @Override
                    boolean has(String relative) {
                        return Files.isRegularFile(path.resolve(relative));
                    }
                };
            }
            if (!Files.isRegularFile(path)) {
                throw new IOException("no such folder or zip");
            }
            ZipFile zip = new ZipFile(path.toFile());
            String prefix = "";
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String n = entries.nextElement().getName();
                for (String d : DESCRIPTIONS) {
                    if (n.endsWith(d) && (prefix.isEmpty() || n.length() < prefix.length() + d.length())) {
                        prefix = n.substring(0, n.length() - d.length());
                    }
                }
            }
            String root = prefix;
            return new Files0() {
                @Override
                byte[] read(String relative) throws IOException {
                    ZipEntry e = zip.getEntry(root + relative);
                    if (e == null) {
                        throw new IOException("the zip has no entry '" + root + relative + "'");
                    }
                    try (InputStream s = zip.getInputStream(e)) {
                        return s.readAllBytes();
                    }
                }

                @Override
                boolean has(String relative) {
                    return zip.getEntry(root + relative) != null;
                }

                @Override
                public void close() throws IOException {
                    zip.close();
                }
            };
        }
    }
}
