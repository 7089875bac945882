package org.reflexscope.core.inference;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.reflexscope.core.inference.internal.DefaultModels;

/**
 * A model to load: its ONNX bytes, its {@link ModelSpec}, its identity (name and SHA-256, recorded in run folders)
 * and optional test cases checked at load time. Immutable; obtained from {@link ModelCatalog}, {@link #onnx},
 * {@link ModelSpecFiles#withSidecar(Path)} or {@link BioImagePackage#load(Path)}.
 */
public final class ModelSource {
    private final String name;
    private final byte[] bytes;
    private final String sha256;
    private final ModelSpec spec;
    private final List<TestCase> testCases;
    private final boolean embedded;

    private ModelSource(String name, byte[] bytes, ModelSpec spec, List<TestCase> testCases) {
        this(name, bytes, spec, testCases, false);
    }

    private ModelSource(String name, byte[] bytes, ModelSpec spec, List<TestCase> testCases, boolean embedded) {
        this.embedded = embedded;
        this.name = Objects.requireNonNull(name, "name");
        this.bytes = bytes.clone();
        this.spec = Objects.requireNonNull(spec, "spec");
        this.testCases = Collections.unmodifiableList(new ArrayList<>(testCases));
        this.sha256 = sha256(bytes);
    }

    /** A model from ONNX bytes (copied) with a spec. */
    public static ModelSource of(String name, byte[] onnxBytes, ModelSpec spec) {
        return new ModelSource(name, onnxBytes, spec, List.of());
    }

    /**
     * An ONNX file with a programmatic spec.
     *
     * @throws ModelLoadException if the file cannot be read
     */
    public static ModelSource onnx(Path file, ModelSpec spec) throws ModelLoadException {
        return of(file.getFileName().toString(), readFile(file), spec);
    }

    /** This source with test cases that must reproduce when it loads. */
    public ModelSource withTestCases(List<TestCase> cases) {
        List<TestCase> all = new ArrayList<>(testCases);
        all.addAll(cases);
        return new ModelSource(name, bytes, spec, all, embedded);
    }

    /** This source with another spec (e.g. a changed threshold). */
    public ModelSource withSpec(ModelSpec newSpec) {
        return new ModelSource(name, bytes, newSpec, testCases, embedded);
    }

    /** The embedded default model {@code name} (see {@link ModelCatalog#embedded()}). */
    static ModelSource embedded(String name, ModelSpec spec) {
        String resource = DefaultModels.RESOURCE_DIR + name + ".onnx";
        try (InputStream in = ModelSource.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Embedded model " + resource + " is missing from the classpath: the"
                        + " build writes it at process-classes (mvn -pl analysis-core -am process-classes)");
            }
            return new ModelSource(name, in.readAllBytes(), spec, List.of(), true);
        } catch (IOException e) {
            throw new IllegalStateException("Embedded model " + resource + " could not be read: " + e.getMessage(),
                    e);
        }
    }

    static byte[] readFile(Path file) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("Model file " + file + " does not exist or is not a file: check the path");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelLoadException("Model file " + file + " could not be read: " + e.getMessage(), e);
        }
    }

    /** Whether this is one of the project's embedded default models (single-channel separable graphs). */
    boolean isEmbedded() {
        return embedded;
    }

    public String name() {
        return name;
    }

    /** A copy of the ONNX bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    byte[] bytesUnsafe() {
        return bytes;
    }

    /** Hex SHA-256 of the ONNX bytes: the model's identity in run folders. */
    public String sha256() {
        return sha256;
    }

    public ModelSpec spec() {
        return spec;
    }

    /** Test cases checked at load time (bioimage.io test tensors). */
    public List<TestCase> testCases() {
        return testCases;
    }

    private static String sha256(byte[] data) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(data);
            StringBuilder sb = new StringBuilder();
            for (byte b : d) {
                sb.append(String.format("%02x", b & 0xFF));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "ModelSource{" + name + ", sha256=" + sha256.substring(0, 12) + ", " + spec + '}';
    }

    /**
     * One input and the output it must produce, after the spec's pre- and postprocessing: an immutable value.
     * Arrays are row-major; the input is a {@code height × width} image.
     */
    public static final class TestCase {
        private final String label;
        private final float[] input;
        private final int width;
        private final int height;
        private final float[] expected;
        private final double relativeTolerance;
        private final double absoluteTolerance;

        public TestCase(String label, float[] input, int width, int height, float[] expected,
                double relativeTolerance, double absoluteTolerance) {
            if (input.length != width * height) {
                throw new IllegalArgumentException("Test input '" + label + "' holds " + input.length
                        + " values, not " + width + "x" + height);
            }
            this.label = label;
            this.input = input.clone();
            this.width = width;
            this.height = height;
            this.expected = expected.clone();
            this.relativeTolerance = relativeTolerance;
            this.absoluteTolerance = absoluteTolerance;
        }

        public String label() {
            return label;
        }

        public float[] input() {
            return input.clone();
        }

        public int width() {
            return width;
        }

        public int height() {
            return height;
        }

        public float[] expected() {
            return expected.clone();
        }

        public double relativeTolerance() {
            return relativeTolerance;
        }

        public double absoluteTolerance() {
            return absoluteTolerance;
        }
    }
}
