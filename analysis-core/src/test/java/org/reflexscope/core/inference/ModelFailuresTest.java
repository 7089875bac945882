package org.reflexscope.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.inference.support.TestModels;

/** Each bad input gives an error that names the problem and what to do, at load time where possible. */
class ModelFailuresTest {
    @TempDir
    Path dir;

    private final InferenceRuntime rt = new InferenceRuntime(Device.CPU, 1);

    @AfterEach
    void close() {
        rt.close();
    }

    private static ModelSpec image() {
        return ModelSpec.builder().setOutputKind(OutputKind.DENOISED_IMAGE).build();
    }

    @Test
    void corruptFileIsRejectedAtLoad() throws Exception {
        byte[] junk = new byte[300];
        new Random(3).nextBytes(junk);
        Path f = dir.resolve("broken.onnx");
        Files.write(f, junk);
        assertThatThrownBy(() -> rt.load(ModelSource.onnx(f, image()))).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'broken.onnx' is not a valid ONNX model")
                .hasMessageContaining("not truncated");
        byte[] truncated = java.util.Arrays.copyOf(TestModels.boxMean(), 60);
        assertThatThrownBy(() -> rt.load(ModelSource.of("cut.onnx", truncated, image())))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("not a valid ONNX model");
    }

    @Test
    void missingFileAndMissingSidecarNameThePathsTried() throws Exception {
        assertThatThrownBy(() -> ModelSource.onnx(dir.resolve("nope.onnx"), image()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("does not exist");
        Path f = dir.resolve("m.onnx");
        Files.write(f, TestModels.boxMean());
        assertThatThrownBy(() -> ModelSpecFiles.withSidecar(f)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("no spec sidecar").hasMessageContaining("m.onnx.yaml");
    }

    @Test
    void unsupportedInputDtypeIsRejectedAtLoad() {
        assertThatThrownBy(() -> rt.load(ModelSource.of("int.onnx", TestModels.int32Input(), image())))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("unsupported dtype INT32")
                .hasMessageContaining("float32");
    }

    @Test
    void twoInputsAndWrongRankAreRejectedAtLoad() {
        assertThatThrownBy(() -> rt.load(ModelSource.of("two.onnx", TestModels.twoInputs(), image())))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("has 2 inputs");
        ModelSpec yx = ModelSpec.builder().setOutputKind(OutputKind.DENOISED_IMAGE).optAxes("yx").build();
        assertThatThrownBy(() -> rt.load(ModelSource.of("box.onnx", TestModels.boxMean(), yx)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("rank 4")
                .hasMessageContaining("axes are 'yx'");
    }

    @Test
    void unsupportedAxisLayoutIsRejectedWhenTheSpecIsBuilt() {
        assertThatThrownBy(() -> ModelSpec.builder().optAxes("bcxy")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x before y").hasMessageContaining("'bcyx'");
        assertThatThrownBy(() -> ModelSpec.builder().optAxes("bczyx")).hasMessageContaining("Unsupported axis 'z'");
    }

    @Test
    void wrongShapedInputFailsNamingTheTileSize() throws Exception {
        ModelSpec fixed = ModelSpec.builder().setOutputKind(OutputKind.DENOISED_IMAGE).build();
        try (TensorModel m = rt.load(ModelSource.of("fixed.onnx", TestModels.boxMeanFixed(32), fixed))) {
            assertThatThrownBy(() -> m.input(40, 24)).isInstanceOf(ModelRunException.class)
                    .hasMessageContaining("does not accept a 40x24 input").hasMessageContaining("tile size");
        }
    }

    @Test
    void nanOrInfOutputsFailTheRunNamingTheModel() throws Exception {
        try (ModelRunner r = new ModelRunner(rt.load(ModelSource.of("div0.onnx", TestModels.divideByZero(),
                image())))) {
            float[] img = new float[16 * 16];
            java.util.Arrays.fill(img, 1f);
            assertThatThrownBy(() -> r.run(img, 16, 16)).isInstanceOf(ModelRunException.class)
                    .hasMessageContaining("'div0.onnx' produced Infinity").hasMessageContaining("NaN/Inf");
        }
    }

    @Test
    void nanOutputOnATestTensorFailsAtLoad() {
        ModelSource.TestCase tc = new ModelSource.TestCase("t", new float[64], 8, 8, new float[64], 1e-3, 1e-4);
        ModelSource src = ModelSource.of("div0.onnx", TestModels.divideByZero(), image())
                .withTestCases(java.util.List.of(tc));
        assertThatThrownBy(() -> rt.load(src)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("produced NaN").hasMessageContaining("NaN/Inf outputs");
    }

    @Test
    void sidecarSpecIsReadAndBadValuesAreNamed() throws Exception {
        Path f = dir.resolve("seg.onnx");
        Files.write(f, TestModels.sigmoidMap(1, 0));
        Files.write(dir.resolve("seg.onnx.yaml"), ("output: probability_map\naxes: bcyx\ntile: {min: 16, step: 8}\n"
                + "halo: 4\nthreshold: 0.7\nlabel: nucleus\npreprocessing:\n  - name: scale_range\n"
                + "    kwargs: {min_percentile: 1, max_percentile: 99}\n").getBytes(StandardCharsets.UTF_8));
        ModelSpec s = ModelSpecFiles.withSidecar(f).spec();
        assertThat(s.outputKind()).isEqualTo(OutputKind.PROBABILITY_MAP);
        assertThat(s.tileMin()).isEqualTo(16);
        assertThat(s.tileStep()).isEqualTo(8);
        assertThat(s.halo()).isEqualTo(4);
        assertThat(s.threshold()).isEqualTo(0.7);
        assertThat(s.label()).isEqualTo("nucleus");
        assertThat(s.preprocessing()).containsExactly(Normalization.percentile(1, 99));
        Files.write(dir.resolve("seg.onnx.yaml"), "output: heatmap\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ModelSpecFiles.withSidecar(f)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("unknown output 'heatmap'").hasMessageContaining("probability_map");
        Files.write(dir.resolve("seg.onnx.yaml"), ("output: probability_map\n"
                + "preprocessing: [{name: scale_mean_variance}]\n").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ModelSpecFiles.withSidecar(f)).hasMessageContaining("unsupported processing step "
                + "'scale_mean_variance'");
    }
}
