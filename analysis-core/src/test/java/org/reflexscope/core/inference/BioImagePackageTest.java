package org.reflexscope.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.inference.support.TestModels;

/** A bioimage.io-style package built by the test (rdf.yaml + ONNX + .npy) loads, validates and runs. */
class BioImagePackageTest {
    private static final int N = 48;

    @TempDir
    Path dir;

    private float[] input;

    private Path writePackage(Path folder, boolean corruptOutput) throws IOException {
        Files.createDirectories(folder);
        Random rnd = new Random(5);
        input = new float[N * N];
        for (int i = 0; i < input.length; i++) {
            input[i] = 100 + 40 * (float) rnd.nextGaussian();
        }
        float[] expected = TestModels.boxMeanReference(zeroMeanUnitVariance(input), N, N);
        if (corruptOutput) {
            expected[N * 10 + 7] += 0.5f;
        }
        Files.write(folder.resolve("weights.onnx"), TestModels.boxMean());
        try (OutputStream o = Files.newOutputStream(folder.resolve("test_input.npy"))) {
            Npy.of(new long[] {1, 1, N, N}, input).write(o);
        }
        try (OutputStream o = Files.newOutputStream(folder.resolve("test_output.npy"))) {
            Npy.of(new long[] {1, 1, N, N}, expected).write(o);
        }
        String rdf = "format_version: 0.4.10\ntype: model\nname: box-smoother\ntags: [denoising]\n"
                + "inputs:\n  - name: input0\n    axes: bcyx\n    data_type: float32\n"
                + "    shape: {min: [1, 1, 16, 16], step: [0, 0, 16, 16]}\n"
                + "    preprocessing:\n      - name: zero_mean_unit_variance\n"
                + "        kwargs: {mode: per_sample, axes: xy, eps: 1.0e-6}\n"
                + "outputs:\n  - name: output0\n    axes: bcyx\n    data_type: float32\n    halo: [0, 0, 4, 4]\n"
                + "    shape: {reference_tensor: input0, scale: [1, 1, 1, 1], offset: [0, 0, 0, 0]}\n"
                + "test_inputs: [test_input.npy]\ntest_outputs: [test_output.npy]\n"
                + "weights:\n  onnx:\n    source: weights.onnx\n    opset_version: 13\n";
        Files.write(folder.resolve("rdf.yaml"), rdf.getBytes(StandardCharsets.UTF_8));
        return folder;
    }

    private static float[] zeroMeanUnitVariance(float[] x) {
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= x.length;
        double ss = 0;
        for (float v : x) {
            ss += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(ss / x.length);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) ((x[i] - mean) / (std + 1e-6));
        }
        return out;
    }

    @Test
    void folderPackageLoadsValidatesAgainstItsTestTensorsAndRuns() throws Exception {
        ModelSource src = BioImagePackage.load(writePackage(dir.resolve("pkg"), false));
        assertThat(src.spec().outputKind()).isEqualTo(OutputKind.DENOISED_IMAGE);
        assertThat(src.spec().axes()).isEqualTo("bcyx");
        assertThat(src.spec().tileMin()).isEqualTo(16);
        assertThat(src.spec().tileStep()).isEqualTo(16);
        assertThat(src.spec().halo()).isEqualTo(4);
        assertThat(src.spec().preprocessing()).containsExactly(Normalization.zeroMeanUnitVariance(1e-6));
        assertThat(src.testCases()).hasSize(1);
        try (InferenceRuntime rt = new InferenceRuntime(Device.CPU, 1);
                ModelRunner runner = new ModelRunner(rt.load(src))) {
            runner.run(input, N, N);
            float[] expected = TestModels.boxMeanReference(zeroMeanUnitVariance(input), N, N);
            for (int i = 0; i < expected.length; i++) {
                assertThat(runner.output(0)[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
        ModelCheck.Report report = ModelCheck.check(src, Device.CPU, 5);
        System.out.println(report);
        assertThat(report.testCasesPassed()).isEqualTo(1);
        assertThat(report.outputShapes()).containsExactly("[1, 1, 48, 48]");
        assertThat(report.p50Ms()).isPositive();
    }

    @Test
    void format05PackageWithAxisObjectsAndTestTensorSourcesLoadsAndValidates() throws Exception {
        Path folder = writePackage(dir.resolve("v05"), false);
        String axes = "    axes:\n      - {type: batch}\n      - {type: channel, channel_names: [c0]}\n"
                + "      - {type: space, id: y, size: {min: 16, step: 8}}\n"
                + "      - {type: space, id: x, size: {min: 16, step: 8}}\n";
        String rdf = "format_version: 0.5.3\ntype: model\nname: box-v05\nconfig: {reflex: {output: denoised_image}}\n"
                + "inputs:\n  - id: raw\n" + axes + "    test_tensor: {source: test_input.npy}\n"
                + "    preprocessing:\n      - {id: zero_mean_unit_variance, kwargs: {axes: [x, y], eps: 1.0e-6}}\n"
                + "outputs:\n  - id: out\n" + axes + "    test_tensor: {source: test_output.npy}\n"
                + "weights:\n  onnx: {source: weights.onnx, opset_version: 13}\n";
        Files.write(folder.resolve("rdf.yaml"), rdf.getBytes(StandardCharsets.UTF_8));
        ModelSource src = BioImagePackage.load(folder);
        assertThat(src.name()).isEqualTo("box-v05");
        assertThat(src.spec().axes()).isEqualTo("bcyx");
        assertThat(src.spec().tileMin()).isEqualTo(16);
        assertThat(src.spec().tileStep()).isEqualTo(8);
        try (InferenceRuntime rt = new InferenceRuntime(Device.CPU, 1); TensorModel m = rt.load(src)) {
            assertThat(m.outputShape(0)).containsExactly(1, 1, N, N);
        }
    }

    @Test
    void zippedPackageInASubfolderLoadsAndValidates() throws Exception {
        Path folder = writePackage(dir.resolve("pkg"), false);
        Path zip = dir.resolve("model.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String f : new String[] {"rdf.yaml", "weights.onnx", "test_input.npy", "test_output.npy"}) {
                z.putNextEntry(new ZipEntry("box-smoother/" + f));
                z.write(Files.readAllBytes(folder.resolve(f)));
                z.closeEntry();
            }
        }
        ModelSource src = BioImagePackage.load(zip);
        try (InferenceRuntime rt = new InferenceRuntime(Device.CPU, 1); TensorModel m = rt.load(src)) {
            assertThat(m.name()).isEqualTo("box-smoother");
        }
    }

    @Test
    void packageWhoseTestTensorsDoNotReproduceIsRejectedClearly() throws Exception {
        ModelSource src = BioImagePackage.load(writePackage(dir.resolve("bad"), true));
        try (InferenceRuntime rt = new InferenceRuntime(Device.CPU, 1)) {
            assertThatThrownBy(() -> rt.load(src)).isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("does not reproduce its test output")
                    .hasMessageContaining("1 of " + (N * N) + " values differ")
                    .hasMessageContaining("re-export them together");
        }
    }

    @Test
    void packageWithoutOnnxWeightsOrWithTimeAxisIsRejectedWithTheFix() throws Exception {
        Path folder = writePackage(dir.resolve("p"), false);
        String rdf = new String(Files.readAllBytes(folder.resolve("rdf.yaml")), StandardCharsets.UTF_8);
        Files.write(folder.resolve("rdf.yaml"), rdf.replace("  onnx:\n    source: weights.onnx",
                "  torchscript:\n    source: weights.pt").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> BioImagePackage.load(folder)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("no ONNX weights").hasMessageContaining("torchscript");
        Files.write(folder.resolve("rdf.yaml"), rdf.replace("axes: bcyx", "axes: btyx")
                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> BioImagePackage.load(folder)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("Unsupported axis 't'").hasMessageContaining("bcyx");
    }

    @Test
    void npyRoundTripsAndRejectsFortranOrder() throws Exception {
        float[] data = {1.5f, -2f, 3.25f, 0f, 7f, 8f};
        Path f = dir.resolve("a.npy");
        try (OutputStream o = Files.newOutputStream(f)) {
            Npy.of(new long[] {2, 3}, data).write(o);
        }
        Npy back = Npy.read(Files.newInputStream(f), "a.npy");
        assertThat(back.shape()).containsExactly(2, 3);
        assertThat(back.data()).containsExactly(data);
        byte[] bytes = Files.readAllBytes(f);
        String s = new String(bytes, StandardCharsets.ISO_8859_1).replace("'fortran_order': False",
                "'fortran_order': True ");
        assertThatThrownBy(() -> Npy.read(new java.io.ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)),
                "f.npy")).isInstanceOf(IOException.class).hasMessageContaining("Fortran-ordered");
    }
}
