package org.reflexscope.mm.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MmCoreTagsTest {

    @Test
    void parsesNumbersGivenAsStringsOrNumbers() {
        assertThat(MmCoreTags.parseDouble("30.50")).isEqualTo(30.5);
        assertThat(MmCoreTags.parseDouble(" 12 ")).isEqualTo(12.0);
        assertThat(MmCoreTags.parseDouble(7.25)).isEqualTo(7.25);
        assertThat(MmCoreTags.parseDouble(3L)).isEqualTo(3.0);
    }

    @Test
    void unreadableValuesBecomeNaNRatherThanErrors() {
        assertThat(MmCoreTags.parseDouble(null)).isNaN();
        assertThat(MmCoreTags.parseDouble("")).isNaN();
        assertThat(MmCoreTags.parseDouble("n/a")).isNaN();
        assertThat(MmCoreTags.parseDouble(new Object())).isNaN();
    }

    @Test
    void imageNumbersAcceptIntegralValuesOnly() {
        assertThat(MmCoreTags.parseImageNumber("41")).isEqualTo(41);
        assertThat(MmCoreTags.parseImageNumber("41.0")).isEqualTo(41);
        assertThat(MmCoreTags.parseImageNumber(41)).isEqualTo(41);
        assertThat(MmCoreTags.parseImageNumber(41L)).isEqualTo(41);
        assertThat(MmCoreTags.parseImageNumber(41.0)).isEqualTo(41);
        assertThat(MmCoreTags.parseImageNumber("41.5")).isEqualTo(-1);
        assertThat(MmCoreTags.parseImageNumber("-3")).isEqualTo(-1);
        assertThat(MmCoreTags.parseImageNumber(null)).isEqualTo(-1);
        assertThat(MmCoreTags.parseImageNumber("x")).isEqualTo(-1);
    }

    @Test
    void binningAcceptsTheFormatsAdaptersUse() {
        assertThat(MmCoreTags.parseBinning("2")).isEqualTo(2);
        assertThat(MmCoreTags.parseBinning("4x4")).isEqualTo(4);
        assertThat(MmCoreTags.parseBinning("3X3")).isEqualTo(3);
        assertThat(MmCoreTags.parseBinning(null)).isEqualTo(1);
        assertThat(MmCoreTags.parseBinning("bin")).isEqualTo(1);
    }
}
