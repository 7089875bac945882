package org.reflexscope.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;

class CameraModelTest {

    @Test
    void theOffsetEstimateIsTheFramesLowPercentile() {
        float[] v = new float[10_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = 500 + i % 100;
        }
        assertThat(CameraModel.estimateOffset(v, v.length, new int[4096])).isBetween(500.0, 501.1);
        v[3] = Float.NaN;
        assertThatThrownBy(() -> CameraModel.estimateOffset(v, v.length, new int[4096]))
                .hasMessageContaining("Pixel 3 is NaN");
    }

    @Test
    void givenValuesAreChecked() {
        assertThatThrownBy(() -> CameraModel.given(0, 100, 1)).hasMessageContaining("gain must be > 0");
        assertThatThrownBy(() -> CameraModel.given(1, Double.NaN, 1)).hasMessageContaining("offset");
    }

    /**
     * The same field of spots on offsets 0, 100 and 500 and at 8 and 16 bits: the default chain (offset estimated)
     * finds the same spots on each, and its camera model states the offset it measured.
     */
    @Test
    void defaultChainFindsTheSameSpotsAtAnyOffsetAndBitDepth() throws Exception {
        int[] counts = new int[4];
        int k = 0;
        for (Object[] c : List.of(new Object[] {0, PixelType.GRAY8}, new Object[] {100, PixelType.GRAY16},
                new Object[] {500, PixelType.GRAY16}, new Object[] {0, PixelType.GRAY16})) {
            int offset = (Integer) c[0];
            FrameSlot slot = spots(128, 128, offset, (PixelType) c[1]);
            try (AnalysisChain chain = AnalysisChain.builder().optEventScorer(null).build()) {
                counts[k++] = chain.analyze(slot).detections().size();
                assertThat(chain.camera().offsetSource()).isEqualTo(CameraModel.Source.ESTIMATED);
                assertThat(chain.camera().offset()).isBetween(offset - 1.0, offset + 25.0);
            }
        }
        assertThat(counts[0]).isBetween(14, 18);
        assertThat(counts).containsOnly(counts[0]);
    }

    /** 16 spots (σ 2, peak 100 photons) on a 5-photon background, Poisson-like noise, on {@code offset} counts. */
    private static FrameSlot spots(int w, int h, int offset, PixelType type) {
        double[] e = new double[w * h];
        java.util.Arrays.fill(e, 5);
        for (int s = 0; s < 16; s++) {
            double cx = 16 + (s % 4) * 32;
            double cy = 16 + (s / 4) * 32;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    e[y * w + x] += 100 * Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / 8.0);
                }
            }
        }
        SplittableRandom rnd = new SplittableRandom(3);
        FrameSlot slot = new FrameSlot(FrameFormat.of(w, h, type));
        for (int i = 0; i < e.length; i++) {
            double g = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
            long v = Math.round(offset + Math.max(0, e[i] + Math.sqrt(e[i]) * g));
            if (type == PixelType.GRAY8) {
                slot.bytes()[i] = (byte) Math.min(255, v);
            } else {
                slot.shorts()[i] = (short) v;
            }
        }
        return slot;
    }
}
