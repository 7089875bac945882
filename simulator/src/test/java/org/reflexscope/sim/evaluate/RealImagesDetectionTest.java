package org.reflexscope.sim.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.sim.replay.ReplayStack;

/**
 * The default chain with default settings (camera offset estimated from the frame; the binning from one stated
 * object size per dataset) on the real images that come with label images, scored against them. Sizes were chosen
 * on INCENP t1 and BBBC007 17P1; docs/real-images.md gives the numbers of every image and what was chosen on which.
 */
class RealImagesDetectionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // image, label image, object diameter (frame px), labels complete?, largest mean position error (px)
        "xy_8bit__mitocheck_incenp_t1.tif, xy_8bit_labels__mitocheck_incenp_t1.tif, 40, true, 2",
        "xy_8bit__mitocheck_incenp_t70.tif, xy_8bit_labels__mitocheck_incenp_t70.tif, 40, true, 2",
        "bbbc007/BBBC007_17P1_POS0013_D_1UL.tif, bbbc007/BBBC007_17P1_POS0013_D_1UL_annot.tif, 16, false, 2",
        "bbbc007/BBBC007_20P1_POS0005_D_1UL.tif, bbbc007/BBBC007_20P1_POS0005_D_1UL_annot.tif, 16, false, 2",
        "bbbc007/BBBC007_AS_09125_040701150004_A02f00d0.tif, "
            + "bbbc007/BBBC007_AS_09125_040701150004_A02f00d0_annot.tif, 16, false, 2",
    })
    void defaultChainFindsTheLabelledNuclei(String image, String labels, double diameterPx, boolean complete,
            double maxErrorPx) throws Exception {
        ReplayStack stack = ReplayStack.open(RealImages.image(image));
        assertFindsTheLabelledNuclei(image, labels, RealImages.slot(stack), diameterPx, complete, maxErrorPx);
    }

    /**
     * The same images as a 12- or 16-bit camera with another gain and offset would record them ({@code counts × scale +
     * offset}, written as 16-bit pixels): the default chain, which measures the offset and the noise, finds the same
     * nuclei with the same bars.
     */
    @ParameterizedTest(name = "{0} x {5} + {6}")
    @CsvSource({
        "xy_8bit__mitocheck_incenp_t1.tif, xy_8bit_labels__mitocheck_incenp_t1.tif, 40, true, 2, 16, 100",
        "xy_8bit__mitocheck_incenp_t70.tif, xy_8bit_labels__mitocheck_incenp_t70.tif, 40, true, 2, 250, 500",
        "bbbc007/BBBC007_20P1_POS0005_D_1UL.tif, bbbc007/BBBC007_20P1_POS0005_D_1UL_annot.tif, 16, false, 2, 0.25, "
            + "1000",
    })
    void rescaledAndOffsetImagesGiveTheSameResult(String image, String labels, double diameterPx, boolean complete,
            double maxErrorPx, double scale, double offset) throws Exception {
        ReplayStack stack = ReplayStack.open(RealImages.image(image));
        FrameSlot slot = new FrameSlot(FrameFormat.of(stack.width(), stack.height(), PixelType.GRAY16));
        float[] v = stack.copyPlane(0, 0);
        for (int i = 0; i < v.length; i++) {
            slot.shorts()[i] = (short) Math.min(65535, Math.round(v[i] * scale + offset));
        }
        slot.setPixelSizeUm(stack.pixelSizeUm());
        assertFindsTheLabelledNuclei(image + " x " + scale + " + " + offset, labels, slot, diameterPx, complete,
                maxErrorPx);
    }

    private static void assertFindsTheLabelledNuclei(String image, String labels, FrameSlot slot, double diameterPx,
            boolean complete, double maxErrorPx) throws Exception {
        LabelImage truth = LabelImage.read(RealImages.image(labels));
        List<double[]> found = RealImages.detect(slot, diameterPx);

        Evaluation e = complete ? Detections.againstLabels(truth, found)
                : Detections.againstPartialLabels(truth, found);
        Evaluation points = Detections.againstPoints(Detections.centroids(truth), found, truth.meanDiameter() / 2);
        System.out.println(image + " (" + found.size() + " detections): labels " + e + "; centroids " + points);

        assertThat(e.recall()).as("recall on %s: %s", image, e).isGreaterThanOrEqualTo(0.8);
        assertThat(e.precision()).as("precision on %s: %s", image, e).isGreaterThanOrEqualTo(0.8);
        assertThat(e.meanErrorPx()).as("position error on %s: %s", image, e).isLessThanOrEqualTo(maxErrorPx);
    }
}
