package org.reflexscope.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.record.MicroManagerKeys;

class SaturationMeterTest {
    private static FrameSlot gray16(int w, int h, int value, int clipped, int clipValue) {
        short[] px = new short[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) (i < clipped ? clipValue : value);
        }
        return new FrameSlot(FrameFormat.of(w, h, PixelType.GRAY16)).copyPixelsFrom(px, w, h);
    }

    @Test
    void eightBitFramesClipAt255() {
        byte[] px = new byte[100];
        for (int i = 0; i < 7; i++) {
            px[i] = (byte) 255;
        }
        px[10] = (byte) 254;
        FrameSlot s = new FrameSlot(FrameFormat.of(10, 10, PixelType.GRAY8)).copyPixelsFrom(px, 10, 10);
        assertThat(SaturationMeter.saturationLevel(s)).isEqualTo(255);
        assertThat(SaturationMeter.fraction(s)).isCloseTo(0.07, within(1e-12));
    }

    @Test
    void theCamerasBitDepthTagSetsTheLevelOfSixteenBitFrames() {
        FrameSlot s = gray16(20, 10, 1000, 30, 4095);
        assertThat(SaturationMeter.fraction(s)).as("no tag: 16-bit pixels clip at 65535").isZero();
        s.tags().put(MicroManagerKeys.BIT_DEPTH, "12");
        assertThat(SaturationMeter.saturationLevel(s)).isEqualTo(4095);
        assertThat(SaturationMeter.fraction(s)).isCloseTo(0.15, within(1e-12));
        s.tags().put(MicroManagerKeys.BIT_DEPTH, "not a number");
        assertThat(SaturationMeter.saturationLevel(s)).isEqualTo(65535);
        s.tags().put(MicroManagerKeys.BIT_DEPTH, "24");
        assertThat(SaturationMeter.saturationLevel(s)).as("more bits than the pixels hold").isEqualTo(65535);
    }

    @Test
    void largeFramesAreSampledAndStillMeasured() {
        // 2048 x 2048, a quarter of the rows at the top clipped
        int w = 2048;
        FrameSlot s = gray16(w, w, 300, w * w / 4, 65535);
        assertThat(SaturationMeter.fraction(s)).isCloseTo(0.25, within(0.001));
    }

    @Test
    void floatFramesHaveNoClippingLevel() {
        FrameSlot s = new FrameSlot(FrameFormat.of(4, 4, PixelType.GRAY32F)).copyPixelsFrom(new float[16], 4, 4);
        assertThat(SaturationMeter.saturationLevel(s)).isNaN();
        assertThat(SaturationMeter.fraction(s)).isZero();
    }
}
