package org.reflexscope.core.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Loads a model, validates it (input/output types and layout, its test cases) and times it: what
 * {@code reflex models --check} reports.
 *
 * <pre>{@code
 * ModelCheck.Report r = ModelCheck.check(BioImagePackage.load(Paths.get("unet.zip")), Device.AUTO, 20);
 * System.out.println(r);
 * }</pre>
 */
public final class ModelCheck {
    private ModelCheck() {
    }

    /**
     * Loads {@code source} on {@code device}, runs its test cases, then times {@code runs} runs (after 3 warm-up
     * runs) on a seeded random image of the test case's size (else the tile size, else 256²).
     *
     * @throws ModelLoadException if the model does not load or fails a check; the message says what to do
     */
    public static Report check(ModelSource source, Device device, int runs) throws ModelLoadException {
        if (runs < 1) {
            throw new IllegalArgumentException("Runs must be >= 1, got " + runs);
        }
        try (InferenceRuntime rt = new InferenceRuntime(device, 0); ModelRunner runner =
                new ModelRunner(rt.load(source))) {
            int w;
            int h;
            if (!source.testCases().isEmpty()) {
                w = source.testCases().get(0).width();
                h = source.testCases().get(0).height();
            } else {
                w = source.spec().tileSize() > 0 ? source.spec().tileSize() : 256;
                h = w;
            }
            float[] img = new float[w * h];
            Random rnd = new Random(1);
            for (int i = 0; i < img.length; i++) {
                img[i] = 100 + 50 * rnd.nextFloat();
            }
            long[] nanos = new long[runs];
            try {
                for (int i = 0; i < 3; i++) {
                    runner.run(img, w, h);
                }
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    runner.run(img, w, h);
                    nanos[i] = System.nanoTime() - t0;
                }
            } catch (ModelRunException e) {
                throw new ModelLoadException("Model '" + source.name() + "' failed while timed on a " + w + "x" + h
                        + " image: " + e.getMessage(), e);
            }
            Arrays.sort(nanos);
            List<String> shapes = new ArrayList<>();
            for (int i = 0; i < runner.model().outputCount(); i++) {
                shapes.add(Arrays.toString(runner.model().outputShape(i)));
            }
            return new Report(source.name(), source.sha256(), runner.model().device(), source.spec().toString(),
                    source.testCases().size(), w, h, shapes, nanos[(runs - 1) / 2] / 1e6,
                    nanos[(int) Math.ceil(0.99 * runs) - 1] / 1e6);
        }
    }

    /** What a check found: an immutable value. */
    public static final class Report {
        private final String name;
        private final String sha256;
        private final String device;
        private final String spec;
        private final int testCasesPassed;
        private final int width;
        private final int height;
        private final List<String> outputShapes;
        private final double p50Ms;
        private final double p99Ms;

        Report(String name, String sha256, String device, String spec, int testCasesPassed, int width, int height,
                List<String> outputShapes, double p50Ms, double p99Ms) {
            this.name = name;
            this.sha256 = sha256;
            this.device = device;
            this.spec = spec;
            this.testCasesPassed = testCasesPassed;
            this.width = width;
            this.height = height;
            this.outputShapes = Collections.unmodifiableList(new ArrayList<>(outputShapes));
            this.p50Ms = p50Ms;
            this.p99Ms = p99Ms;
        }

        public String name() {
            return name;
        }

        public String sha256() {
            return sha256;
        }

        public String device() {
            return device;
        }

        public int testCasesPassed() {
            return testCasesPassed;
        }

        public List<String> outputShapes() {
            return outputShapes;
        }

        public double p50Ms() {
            return p50Ms;
        }

        public double p99Ms() {
            return p99Ms;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s%n  sha256  %s%n  device  %s%n  spec    %s%n  tests   %d passed%n"
                    + "  outputs %s for a %dx%d input%n  latency p50 %.2f ms, p99 %.2f ms", name, sha256, device, spec,
                    testCasesPassed, outputShapes, width, height, p50Ms, p99Ms);
        }
    }
}
