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

    @Test
    void eachValueStatesWhereItCameFrom() {
        CameraModel m = CameraModel.measured();
        assertThat(m.needsEstimate()).isTrue();
        assertThat(m.isOffsetPerFrame()).isTrue();
        assertThat(m.gainValue().detail()).startsWith("pending");
        CameraModel stated = m.withGain(0.5, CameraModel.Source.CAMERA_METADATA, "property X = 2 e-/count")
                .withOffset(100, CameraModel.Source.USER, "--camera-offset");
        assertThat(stated.isGainToEstimate()).isFalse();
        assertThat(stated.isReadNoiseToEstimate()).isTrue();
        assertThat(stated.isOffsetPerFrame()).isFalse();
        assertThat(stated.asMap()).containsOnlyKeys("gain", "offset", "readNoise");
        assertThat(section(stated, "gain")).containsEntry("value", 0.5)
                .containsEntry("unit", "counts/e-").containsEntry("source", "camera-metadata")
                .containsEntry("detail", "property X = 2 e-/count");
        assertThat(section(stated, "offset")).containsEntry("source", "user");
        assertThat(CameraModel.given(2, 100, 1.5).gainValue().source()).isEqualTo(CameraModel.Source.USER);
        assertThatThrownBy(() -> m.withReadNoise(-1, CameraModel.Source.USER, "")).hasMessageContaining("read noise");
    }

    /**
     * A field with one intensity level (flat, Poisson-like noise) cannot show how the noise grows with the signal:
     * after {@link AnalysisChain#ESTIMATE_FRAMES} frames the chain states the defaults with that reason.
     */
    @Test
    void aFieldWithOneLevelKeepsTheDefaultsAndSaysWhy() throws Exception {
        try (AnalysisChain chain = AnalysisChain.builder().optEventScorer(null).build()) {
            for (int i = 0; i < AnalysisChain.ESTIMATE_FRAMES; i++) {
                chain.analyze(flat(128, 128, 100 + i, 200));
            }
            CameraModel m = chain.camera();
            assertThat(m.gainValue().source()).as("%s", m).isEqualTo(CameraModel.Source.DEFAULT);
            assertThat(m.gain()).isEqualTo(CameraModel.DEFAULT_GAIN);
            assertThat(m.gainValue().detail()).startsWith("not estimated from 4 frame(s): ");
            assertThat(m.readNoiseValue().source()).isEqualTo(CameraModel.Source.DEFAULT);
        }
    }

    /**
     * A run shorter than {@link AnalysisChain#ESTIMATE_FRAMES} (a replay of one image) whose frames give no line
     * states the defaults it used and why, not "pending" (issue 19 audit: a one-image replay's run folder said
     * "pending: no frame analysed yet" after analysing it); a later frame may still estimate.
     */
    @Test
    void aRunOfOneFrameWithoutAFitStatesTheDefaultsItUsed() throws Exception {
        try (AnalysisChain chain = AnalysisChain.builder().optEventScorer(null).build()) {
            chain.analyze(flat(128, 128, 7, 200));
            CameraModel m = chain.camera();
            assertThat(m.gainValue().source()).as("%s", m).isEqualTo(CameraModel.Source.DEFAULT);
            assertThat(m.gainValue().detail()).startsWith("not estimated from 1 frame(s) so far: ");
            assertThat(m.readNoiseValue().source()).isEqualTo(CameraModel.Source.DEFAULT);
            for (int i = 1; i < AnalysisChain.ESTIMATE_FRAMES; i++) {
                chain.analyze(flat(128, 128, 7 + i, 200));
            }
            assertThat(chain.camera().gainValue().detail()).startsWith("not estimated from 4 frame(s): ");
        }
    }

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, Object> section(CameraModel m, String key) {
        return (java.util.Map<String, Object>) m.asMap().get(key);
    }

    private static FrameSlot flat(int w, int h, long seed, int mean) {
        SplittableRandom rnd = new SplittableRandom(seed);
        FrameSlot slot = new FrameSlot(FrameFormat.of(w, h, PixelType.GRAY16));
        for (int i = 0; i < w * h; i++) {
            double g = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
            slot.shorts()[i] = (short) Math.round(mean + Math.sqrt(mean) * g);
        }
        return slot;
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
