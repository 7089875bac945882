package org.reflexscope.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;

/**
 * The default chain's threshold follows the pixel noise it measures: on frames of pure Poisson noise read by
 * cameras whose gain the chain's model (gain 1, offset 100) gets right or wrong by 4×, the measured noise σ is what the camera delivers
 * in the model's units, and the threshold ({@link AnalysisChain#UNIT_NOISE_MAXIMA_MEDIAN} + 5.5 · {@link
 * AnalysisChain#UNIT_NOISE_MAXIMA_SD} noise σ) leaves almost no noise peak as a detection.
 */
class FusedThresholdTest {
    private static final int N = 384;

    /** Poisson electrons of mean {@code electrons}, times {@code gain}, plus {@code offset} (16-bit counts). */
    private static FrameSlot noiseFrame(double electrons, double gain, double offset, long seed) {
        Random r = new Random(seed);
        FrameSlot slot = new FrameSlot(FrameFormat.of(N, N, PixelType.GRAY16));
        double limit = Math.exp(-electrons);
        for (int i = 0; i < N * N; i++) {
            int k = -1;
            double p = 1;
            do {
                k++;
                p *= r.nextDouble();
            } while (p > limit);
            slot.shorts()[i] = (short) Math.round(offset + gain * k);
        }
        return slot;
    }

    @ParameterizedTest(name = "true gain {0}, binning {1}")
    @CsvSource({"1, 1", "4, 1", "0.25, 1", "1, 2", "4, 2"})
    void noiseFramesGiveAlmostNoDetectionsWhateverTheGain(double trueGain, int binning) throws Exception {
        try (AnalysisChain chain = AnalysisChain.builder().optBinning(binning).optCameraNoise(1, 100, 0).build()) {
            int detections = 0;
            for (long seed = 1; seed <= 3; seed++) {
                detections += chain.analyze(noiseFrame(30, trueGain, 100, seed)).detections().size();
                // the model assumes gain 1: VST σ is sqrt(true gain) per pixel, halved by 2x2 averaging
                double expected = Math.sqrt(trueGain) / binning;
                assertThat(chain.lastNoiseSigma()).as("noise σ").isCloseTo(expected, within(0.1 * expected));
                assertThat(chain.lastDetectionThreshold()).isCloseTo(
                        chain.lastNoiseSigma() * (AnalysisChain.UNIT_NOISE_MAXIMA_MEDIAN
                                + AnalysisChain.FUSED_NOISE_SIGMAS * AnalysisChain.UNIT_NOISE_MAXIMA_SD),
                        within(1e-9));
            }
            System.out.printf("true gain %s, binning %d: %d detections in 3 noise frames, noise σ %.3f%n",
                    trueGain, binning, detections, chain.lastNoiseSigma());
            assertThat(detections).as("noise peaks taken for objects in 3 frames").isLessThanOrEqualTo(3);
        }
    }
}
