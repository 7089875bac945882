package org.reflexscope.sim.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.scenario.CameraSettings;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.support.Frames;
import org.reflexscope.sim.truth.TrueObject;

/**
 * The default chain's threshold holds from a sparse to a dense field: the {@code mixed} scenario with 10 to 200 cells
 * (plus its 20 beads), in focus, at the analysis binning {@code reflex run} uses there (2) and at 3, scored against
 * the simulator's ground truth in stage µm. Before the threshold was taken from the pixel noise, 160 and 200 cells
 * at binning 2 (100 at binning 3) gave 0 detections: most local maxima were objects, and their median was read as
 * the noise.
 */
class DenseFieldDetectionTest {

    @ParameterizedTest(name = "{0} cells, binning {1}")
    @CsvSource({"10, 2", "50, 2", "100, 2", "160, 2", "200, 2", "100, 3", "200, 3"})
    void defaultChainFindsTheObjectsOfSparseAndDenseFields(int cells, int binning) throws Exception {
        Scenario s = Scenario.builtIn("mixed").with("specimen.cells.count", cells).with("seed", 7L);
        try (VirtualMicroscope scope = VirtualMicroscope.of(s)) {
            scope.start();
            scope.moveZ(scope.groundTruth().focalPlaneUm(0, s.optics().objective()));
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            Frames.next(scope, slot);
            double half = (s.camera().width() - 1) / 2.0 * slot.pixelSizeUm();
            List<double[]> truth = new ArrayList<>();
            double radiusUm = Double.POSITIVE_INFINITY;
            for (TrueObject o : scope.groundTruth().objects(scope.timeMs())) {
                if (Math.abs(o.xUm() - slot.stageXUm()) < half && Math.abs(o.yUm() - slot.stageYUm()) < half) {
                    truth.add(new double[] {o.xUm(), o.yUm()});
                    radiusUm = Math.min(radiusUm, o.radiusUm());
                }
            }
            CameraSettings cam = s.camera();
            try (AnalysisChain chain = AnalysisChain.builder().optBinning(binning)
                    .optCameraNoise(cam.gainAduPerE(), cam.offsetAdu(), cam.readNoiseE()).build()) {
                AnalysisResult r = chain.analyze(slot);
                List<double[]> found = new ArrayList<>();
                for (Detection d : r.detections()) {
                    found.add(new double[] {d.xUm(), d.yUm(), d.score()});
                }
                Evaluation e = Detections.againstPoints(truth, found, Math.max(radiusUm, 2 * slot.pixelSizeUm()));
                System.out.printf("%d cells, binning %d: %d objects in view, %d detections, %s, threshold %.3f, "
                        + "noise sigma %.3f%n", cells, binning, truth.size(), found.size(), e,
                        chain.lastDetectionThreshold(), chain.lastNoiseSigma());
                assertThat(e.recall()).as("recall: %s", e).isGreaterThanOrEqualTo(0.8);
                assertThat(e.precision()).as("precision: %s", e).isGreaterThanOrEqualTo(0.8);
            }
        }
    }
}
