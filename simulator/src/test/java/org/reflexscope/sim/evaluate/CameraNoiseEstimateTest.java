package org.reflexscope.sim.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.analysis.CameraModel;
import org.reflexscope.core.analysis.NoiseLevelFunction;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.replay.ReplayStack;
import org.reflexscope.sim.scenario.CameraSettings;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.support.Frames;

/**
 * The camera's gain and read noise measured from the frames ({@link NoiseLevelFunction} in the default chain) on
 * simulator frames of a known camera, and on real images scaled as another camera would record them. The estimator's
 * constants were set from theory (Immerkær's kernel, χ² median); seeds 7 and 11–14 were looked at while the method
 * was chosen (the moved-block test was added after them), seeds 15–18 below were not looked at before it was fixed.
 */
class CameraNoiseEstimateTest {

    /**
     * The {@code mixed} scenario (20 beads, 24 cells, background) in focus, three frames through the default chain
     * with the camera's offset stated and its gain and read noise to estimate: both are estimated from consecutive
     * frames (photon transfer) and held, and the gain is within 25 % of the simulated one.
     */
    @ParameterizedTest(name = "seed {0}: gain {1}, read noise {2}, offset {3}, binning {4}")
    @CsvSource({
        "15, 0.5, 1.6, 100, 1",
        "16, 2.2, 6, 500, 1",
        "17, 1.0, 3, 100, 1",
        "18, 4.0, 12, 1000, 1",
    })
    void estimatesTheSimulatedCamerasGainAndReadNoise(long seed, double gain, double readNoise, double offset,
            int binning) throws Exception {
        Scenario s = Scenario.builtIn("mixed").with("seed", seed).with("camera.gainAduPerE", gain)
                .with("camera.readNoiseE", readNoise).with("camera.offsetAdu", offset);
        CameraSettings cam = s.camera();
        try (VirtualMicroscope scope = VirtualMicroscope.of(s);
                AnalysisChain chain = AnalysisChain.builder().optBinning(binning).optEventScorer(null)
                        .optCameraModel(CameraModel.measured().withOffset(cam.offsetAdu(), CameraModel.Source.USER,
                                "")).build()) {
            scope.start();
            scope.moveZ(scope.groundTruth().focalPlaneUm(0, s.optics().objective()));
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            for (int i = 0; i < AnalysisChain.ESTIMATE_FRAMES; i++) {
                Frames.next(scope, slot);
                chain.analyze(slot);
            }
            CameraModel m = chain.camera();
            System.out.printf("seed %d, binning %d: gain %.3f (true %.3f), read noise %.2f (true %.2f); %s%n", seed,
                    binning, m.gain(), gain, m.readNoise(), readNoise, chain.noiseFit());
            assertThat(m.gainValue().source()).isEqualTo(CameraModel.Source.ESTIMATED);
            assertThat(m.readNoiseValue().source()).isEqualTo(CameraModel.Source.ESTIMATED);
            assertThat(m.gainValue().detail()).contains("photon transfer").contains("3 consecutive frame pair(s)");
            assertThat(m.offsetValue().source()).isEqualTo(CameraModel.Source.USER);
            // photon transfer counts the cells' movement between frames as noise: 15-20 % high on this scene (seed 7,
            // docs/real-images.md), so the bound is 25 %; on static Poisson-Gaussian frames NoiseLevelFunctionTest
            // holds 5 %
            assertThat(m.gain()).isCloseTo(gain, within(0.25 * gain));

            // held: more frames do not change the estimate
            Frames.next(scope, slot);
            chain.analyze(slot);
            assertThat(chain.camera().gain()).isEqualTo(m.gain());
        }
    }

    /**
     * A real image and the same image as a camera with {@code k} times the gain and another offset would record it
     * ({@code counts × k + c}, 16-bit): the estimated gain scales by {@code k} (within 2 %) whatever the offset. The
     * three real single images whose own noise level function can be fitted (the others have too few flat blocks
     * at more than one level, and the chain states the default with that reason; docs/real-images.md).
     */
    @ParameterizedTest(name = "{0} x {1} + {2}")
    @CsvSource({
        "xy_8bit__nuclei_PLK1_control.tif, 16, 1000",
        "bbbc007/BBBC007_AS_09125_040701150004_A02f00d0.tif, 4, 500",
        "xy_16bit__nuclei_with_background.tif, 3, 200",
    })
    void theGainEstimateOfARealImageScalesWithTheImage(String image, int k, int c) throws Exception {
        ReplayStack stack = ReplayStack.open(RealImages.image(image));
        FrameSlot original = RealImages.slot(stack);
        float[] v = stack.copyPlane(0, 0);
        FrameSlot scaled = new FrameSlot(FrameFormat.of(stack.width(), stack.height(), PixelType.GRAY16));
        for (int i = 0; i < v.length; i++) {
            long x = Math.round(v[i]) * k + c;
            assertThat(x).as("scaled pixel fits 16 bits").isLessThanOrEqualTo(65535);
            scaled.shorts()[i] = (short) x;
        }
        double g1 = estimatedGain(original);
        double gk = estimatedGain(scaled);
        System.out.printf("%s: gain %.4g, x %d + %d: %.4g (ratio %.4f)%n", image, g1, k, c, gk, gk / g1);
        assertThat(gk / g1).isCloseTo(k, within(0.02 * k));
    }

    private static double estimatedGain(FrameSlot slot) throws Exception {
        try (AnalysisChain chain = AnalysisChain.builder().optEventScorer(null).build()) {
            chain.analyze(slot);
            CameraModel m = chain.camera();
            assertThat(chain.noiseFit().ok()).as("%s", chain.noiseFit()).isTrue();
            assertThat(m.gainValue().source()).isEqualTo(CameraModel.Source.ESTIMATED);
            return m.gain();
        }
    }
}
