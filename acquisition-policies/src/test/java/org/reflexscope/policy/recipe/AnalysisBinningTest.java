package org.reflexscope.policy.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AnalysisBinningTest {
    private static final OptionalInt AUTO = OptionalInt.empty();

    @Test
    void autoBinningKeepsCellsAtLeastFourAnalysedPixelsInRadius() {
        assertThat(AnalysisBinning.forSample(AUTO, 1.0, Double.NaN, 5)).as("10X, 5 µm cells: 5 px").isEqualTo(1);
        assertThat(AnalysisBinning.forSample(AUTO, 0.5, Double.NaN, 5)).as("20X: 10 px, binned to 5").isEqualTo(2);
        assertThat(AnalysisBinning.forSample(AUTO, 0.25, Double.NaN, 5)).as("40X: 20 px, to 5").isEqualTo(4);
        assertThat(AnalysisBinning.forSample(AUTO, 0.05, Double.NaN, 50)).as("at most 8").isEqualTo(8);
        assertThat(AnalysisBinning.forSample(AUTO, 0.5, Double.NaN, Double.NaN)).as("no cells").isEqualTo(1);
        assertThat(AnalysisBinning.forSample(AUTO, Double.NaN, Double.NaN, 5)).as("pixel size unknown").isEqualTo(1);
    }

    @Test
    void aGivenObjectSizeBinsObjectsToAboutSevenPixels() {
        assertThat(AnalysisBinning.forSample(AUTO, 0.5, 14, 5)).as("28 px objects").isEqualTo(4);
        assertThat(AnalysisBinning.forSample(AUTO, 1.0, 3, Double.NaN)).as("small objects").isEqualTo(1);
    }

    @Test
    void onACameraWithUnknownObjectsAutoSizesTheAnalysisImageFromTheFrame() {
        assertThat(AnalysisBinning.forCamera(AUTO, 2048, 2048)).as("sCMOS: analysed at 512²").isEqualTo(4);
        assertThat(AnalysisBinning.forCamera(AUTO, 512, 512)).as("EMCCD: unbinned").isEqualTo(1);
        assertThat(AnalysisBinning.forCamera(AUTO, 2560, 2160)).isEqualTo(4);
    }

    @Test
    void aGivenFactorWinsEverywhere() {
        assertThat(AnalysisBinning.forCamera(OptionalInt.of(2), 2048, 2048)).isEqualTo(2);
        assertThat(AnalysisBinning.forSample(OptionalInt.of(3), 0.25, 14, 5)).isEqualTo(3);
    }
}
