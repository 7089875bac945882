package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClosedLoopOptionsTest {
    private static ClosedLoopOptions bin(String v) {
        ClosedLoopOptions o = new ClosedLoopOptions();
        o.bin = v;
        return o;
    }

    @Test
    void autoBinningKeepsCellsAtLeastFourAnalysedPixelsInRadius() throws UserInputException {
        assertThat(bin("auto").binning(1.0, 5)).as("10X, 5 µm cells: 5 px").isEqualTo(1);
        assertThat(bin("auto").binning(0.5, 5)).as("20X: 10 px, binned 2x2 to 5").isEqualTo(2);
        assertThat(bin("auto").binning(0.25, 5)).as("40X: 20 px, binned 4x4 to 5").isEqualTo(4);
        assertThat(bin("auto").binning(0.05, 50)).as("at most 8").isEqualTo(8);
        assertThat(bin("auto").binning(0.5, Double.NaN)).as("no cells: unbinned").isEqualTo(1);
        assertThat(bin("AUTO").binning(Double.NaN, 5)).as("pixel size unknown").isEqualTo(1);
        assertThat(bin(null).binning(0.5, 5)).isEqualTo(2);
    }

    @Test
    void aGivenFactorIsUsedAsIsAndABadOneNamed() throws UserInputException {
        assertThat(bin("4").binning(1.0, 5)).isEqualTo(4);
        assertThat(bin(" 1 ").binning(0.5, 5)).isEqualTo(1);
        assertThatThrownBy(() -> bin("0").binning(1, 5)).isInstanceOf(UserInputException.class)
                .hasMessageContaining("--bin must be auto or between 1 and 64");
        assertThatThrownBy(() -> bin("two").binning(1, 5)).isInstanceOf(UserInputException.class)
                .hasMessageContaining("--bin two: expected auto or a whole number");
    }

    @Test
    void ringSizeIsAPowerOfTwoOfAtLeastFourAndABadOneNamed() throws UserInputException {
        ClosedLoopOptions o = new ClosedLoopOptions();
        o.ring = 256;
        assertThat(o.ringSize()).isEqualTo(256);
        for (int bad : new int[] {0, 2, 6, 100, -16}) {
            o.ring = bad;
            assertThatThrownBy(o::ringSize).isInstanceOf(UserInputException.class)
                    .hasMessageContaining("--ring " + bad + ": the ring needs a power of two of at least 4 slots");
        }
    }

    @Test
    void onARealMicroscopeAutoSizesTheAnalysisImageFromTheCamera() throws UserInputException {
        assertThat(bin("auto").binningForFrame(2048, 2048)).as("sCMOS: analysed at 512²").isEqualTo(4);
        assertThat(bin("auto").binningForFrame(512, 512)).as("EMCCD: unbinned").isEqualTo(1);
        assertThat(bin(null).binningForFrame(2560, 2160)).isEqualTo(4);
        assertThat(bin("2").binningForFrame(2048, 2048)).as("a given factor wins").isEqualTo(2);
    }
}
