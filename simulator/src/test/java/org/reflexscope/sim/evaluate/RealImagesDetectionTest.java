package org.reflexscope.sim.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reflexscope.sim.replay.ReplayStack;

/**
 * The default chain with default settings (camera offset estimated from the frame; the binning from one stated
 * object size per dataset) on the real images that come with label images, scored against them. Sizes were chosen
 * on INCENP t1 and BBBC007 17P1; docs/real-images.md gives the numbers of every image and the held-out split.
 */
class RealImagesDetectionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // image, label image, object diameter (frame px), labels complete?, largest mean position error (px)
        "xy_8bit__mitocheck_incenp_t1.tif, xy_8bit_labels__mitocheck_incenp_t1.tif, 40, true, 2",
        // 44-64 px nuclei lit unevenly: the light's centre lies 3.3 px (6 % of a diameter) from the mask's
        // centroid on average (LoG: 5.3 px); the 2 px bar is not met here (docs/real-images.md)
        "xy_8bit__mitocheck_incenp_t70.tif, xy_8bit_labels__mitocheck_incenp_t70.tif, 40, true, 3.5",
        "bbbc007/BBBC007_17P1_POS0013_D_1UL.tif, bbbc007/BBBC007_17P1_POS0013_D_1UL_annot.tif, 16, false, 2",
        "bbbc007/BBBC007_20P1_POS0005_D_1UL.tif, bbbc007/BBBC007_20P1_POS0005_D_1UL_annot.tif, 16, false, 2",
        "bbbc007/BBBC007_AS_09125_040701150004_A02f00d0.tif, "
            + "bbbc007/BBBC007_AS_09125_040701150004_A02f00d0_annot.tif, 16, false, 2",
    })
    void defaultChainFindsTheLabelledNuclei(String image, String labels, double diameterPx, boolean complete,
            double maxErrorPx) throws Exception {
        ReplayStack stack = ReplayStack.open(RealImages.image(image));
        LabelImage truth = LabelImage.read(RealImages.image(labels));
        List<double[]> found = RealImages.detect(RealImages.slot(stack), diameterPx);

        Evaluation e = complete ? Detections.againstLabels(truth, found)
                : Detections.againstPartialLabels(truth, found);
        Evaluation points = Detections.againstPoints(Detections.centroids(truth), found, truth.meanDiameter() / 2);
        System.out.println(image + " (" + found.size() + " detections): labels " + e + "; centroids " + points);

        assertThat(e.recall()).as("recall on %s: %s", image, e).isGreaterThanOrEqualTo(0.8);
        assertThat(e.precision()).as("precision on %s: %s", image, e).isGreaterThanOrEqualTo(0.8);
        assertThat(e.meanErrorPx()).as("position error on %s: %s", image, e).isLessThanOrEqualTo(maxErrorPx);
    }
}
