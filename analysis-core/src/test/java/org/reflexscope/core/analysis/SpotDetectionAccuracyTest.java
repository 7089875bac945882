package org.reflexscope.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.inference.Device;
import org.reflexscope.core.inference.support.SyntheticSpots;

/**
 * The default chain finds simulated Gaussian spots in Poisson noise at their known positions, with the fused default
 * model ({@code fused = true}, the default) and with the standalone denoiser and detector.
 */
class SpotDetectionAccuracyTest {

    @ParameterizedTest(name = "fused {0}")
    @ValueSource(booleans = {true, false})
    void findsSpotsAtFullResolutionWithHighRecallPrecisionAndSubpixelError(boolean fused) throws Exception {
        SyntheticSpots truth = new SyntheticSpots(42, 256, 256).addRandomSpots(40, 1.3, 2.2, 60, 200, 14);
        FrameSlot slot = truth.render16(20, 100);
        try (AnalysisChain chain = AnalysisChain.builder().optDevice(Device.CPU).optThreads(1)
                .optCameraNoise(1, 100, 0).optFusedDefaultModels(fused).build()) {
            Score s = score(truth.spots(), chain.analyze(slot).detections(), 2.0);
            System.out.printf("256² bin 1: %s (fused %s)%n", s, fused);
            assertThat(s.recall()).isGreaterThanOrEqualTo(0.95);
            assertThat(s.precision()).isGreaterThanOrEqualTo(0.9);
            assertThat(s.rmsError).isLessThan(0.5);
        }
    }

    @ParameterizedTest(name = "fused {0}")
    @ValueSource(booleans = {true, false})
    void findsLargerSpotsInABinnedFrameAndReportsThemInOriginalPixels(boolean fused) throws Exception {
        SyntheticSpots truth = new SyntheticSpots(7, 512, 512).addRandomSpots(30, 4, 7, 40, 120, 48);
        FrameSlot slot = truth.render16(10, 100);
        try (AnalysisChain chain = AnalysisChain.builder().optDevice(Device.CPU).optThreads(1).optBinning(4)
                .optCameraNoise(1, 100, 0).optFusedDefaultModels(fused).build()) {
            Score s = score(truth.spots(), chain.analyze(slot).detections(), 4.0);
            System.out.printf("512² bin 4: %s (fused %s)%n", s, fused);
            assertThat(s.recall()).isGreaterThanOrEqualTo(0.9);
            assertThat(s.precision()).isGreaterThanOrEqualTo(0.9);
            assertThat(s.rmsError).isLessThan(1.5);
        }
    }

    @ParameterizedTest(name = "fused {0}")
    @ValueSource(booleans = {true, false})
    void findsMostDimSpotsAtLowSignalToNoise(boolean fused) throws Exception {
        SyntheticSpots truth = new SyntheticSpots(99, 256, 256).addRandomSpots(40, 1.5, 2.5, 12, 30, 14);
        FrameSlot slot = truth.render16(10, 100);
        try (AnalysisChain chain = AnalysisChain.builder().optDevice(Device.CPU).optThreads(1)
                .optCameraNoise(1, 100, 0).optFusedDefaultModels(fused).build()) {
            Score s = score(truth.spots(), chain.analyze(slot).detections(), 2.0);
            System.out.printf("256² bin 1, peaks 12-30 photons on 10: %s (fused %s)%n", s, fused);
            assertThat(s.recall()).isGreaterThanOrEqualTo(0.9);
            assertThat(s.precision()).isGreaterThanOrEqualTo(0.9);
            assertThat(s.rmsError).isLessThan(0.8);
        }
    }

    @ParameterizedTest(name = "fused {0}")
    @ValueSource(booleans = {true, false})
    void aFrameOfPureNoiseGivesAlmostNoDetectionsDespitePercentileNormalisation(boolean fused) throws Exception {
        FrameSlot slot = new SyntheticSpots(123, 256, 256).render16(10, 100);
        try (AnalysisChain chain = AnalysisChain.builder().optDevice(Device.CPU).optThreads(1)
                .optCameraNoise(1, 100, 0).optFusedDefaultModels(fused).build()) {
            int found = chain.analyze(slot).detections().size();
            System.out.printf("256² pure noise (10 photons): %d detections (fused %s)%n", found, fused);
            assertThat(found).isLessThanOrEqualTo(2);
        }
        try (AnalysisChain chain = AnalysisChain.builder().optDevice(Device.CPU).optThreads(1)
                .optCameraNoise(1, 100, 0).optNoiseSigmas(0).optFusedDefaultModels(fused).build()) {
            assertThat(chain.analyze(slot).detections().size()).as("without noise adaptation").isGreaterThan(50);
        }
    }

    static Score score(List<SyntheticSpots.Spot> truth, List<Detection> found, double maxDistance) {
        boolean[] used = new boolean[found.size()];
        int tp = 0;
        double se = 0;
        for (SyntheticSpots.Spot t : truth) {
            int best = -1;
            double bestD = maxDistance;
            for (int i = 0; i < found.size(); i++) {
                double d = Math.hypot(found.get(i).xPx() - t.x, found.get(i).yPx() - t.y);
                if (!used[i] && d <= bestD) {
                    best = i;
                    bestD = d;
                }
            }
            if (best >= 0) {
                used[best] = true;
                tp++;
                se += bestD * bestD;
            }
        }
        return new Score(truth.size(), found.size(), tp, tp == 0 ? Double.NaN : Math.sqrt(se / tp));
    }

    static final class Score {
        final int truth;
        final int found;
        final int matched;
        final double rmsError;

        Score(int truth, int found, int matched, double rmsError) {
            this.truth = truth;
            this.found = found;
            this.matched = matched;
            this.rmsError = rmsError;
        }

        double recall() {
            return matched / (double) truth;
        }

        double precision() {
            return found == 0 ? 0 : matched / (double) found;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "truth=%d found=%d matched=%d recall=%.3f precision=%.3f "
                    + "rms=%.3f px", truth, found, matched, recall(), precision(), rmsError);
        }
    }
}
