package org.reflexscope.core.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.inference.support.TestModels;

/** Frames larger than a model's tile are tiled with overlap and stitched without seams. */
class ModelRunnerTilingTest {

    @Test
    void fixedTileModelOnALargerFrameMatchesTheWholeImageReference() throws Exception {
        ModelSpec spec = ModelSpec.builder().setOutputKind(OutputKind.DENOISED_IMAGE).optTileSize(32).optHalo(2)
                .build();
        int w = 101;
        int h = 77;
        float[] img = new float[w * h];
        Random rnd = new Random(9);
        for (int i = 0; i < img.length; i++) {
            img[i] = rnd.nextFloat();
        }
        try (InferenceRuntime rt = new InferenceRuntime(Device.CPU, 1);
                ModelRunner r = new ModelRunner(rt.load(ModelSource.of("box32", TestModels.boxMeanFixed(32),
                        spec)))) {
            r.run(img, w, h);
            float[] expected = TestModels.boxMeanReference(img, w, h);
            assertThat(r.outputLength(0)).isEqualTo(w * h);
            for (int i = 0; i < expected.length; i++) {
                assertThat(r.output(0)[i]).as("pixel %d,%d", i % w, i / w).isCloseTo(expected[i],
                        org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void parametrisedShapeRoundsTheTileUpToMinPlusSteps() throws Exception {
        ModelSpec spec = ModelSpec.builder().setOutputKind(OutputKind.DENOISED_IMAGE).optTileShape(16, 16).build();
        float[] img = new float[40 * 20];
        java.util.Arrays.fill(img, 2f);
        try (InferenceRuntime rt = new InferenceRuntime(Device.CPU, 1);
                ModelRunner r = new ModelRunner(rt.load(ModelSource.of("box", TestModels.boxMean(), spec)))) {
            r.run(img, 40, 20);
            assertThat(r.model().outputShape(0)).containsExactly(1, 1, 32, 48);
            assertThat(r.output(0)[20 * 10 + 10]).isEqualTo(2f, org.assertj.core.data.Offset.offset(1e-6f));
        }
    }
}
