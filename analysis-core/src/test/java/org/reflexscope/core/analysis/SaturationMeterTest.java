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
        assertThat(SaturationMeter.fraction(s)).isCloseTo(0.07, within(1e-12));
        px[0] = px[1] = px[2] = px[3] = px[4] = px[5] = px[6] = (byte) 250;
        s.copyPixelsFrom(px, 10, 10);
        assertThat(SaturationMeter.fraction(s)).as("a maximum of 254 is no clipping").isZero();
    }

    @Test
    void withoutATagATwelveBitCameraIsRecognisedByItsClipValue() {
        assertThat(SaturationMeter.fraction(gray16(20, 10, 1000, 30, 4095))).isCloseTo(0.15, within(1e-12));
        assertThat(SaturationMeter.fraction(gray16(20, 10, 1000, 30, 4000))).as("4000 is not a clip value").isZero();
        assertThat(SaturationMeter.fraction(gray16(20, 10, 1000, 0, 0))).as("a flat frame at 1000").isZero();
    }

    @Test
    void theCamerasBitDepthTagSetsTheLevel() {
        FrameSlot s = gray16(20, 10, 1000, 30, 4095);
        s.tags().put(MicroManagerKeys.BIT_DEPTH, "12");
        assertThat(SaturationMeter.taggedLevel(s)).isEqualTo(4095);
        assertThat(SaturationMeter.fraction(s)).isCloseTo(0.15, within(1e-12));
        s.tags().put(MicroManagerKeys.BIT_DEPTH, "16");
        assertThat(SaturationMeter.fraction(s)).as("a 16-bit camera does not clip at 4095").isZero();
        s.tags().put(MicroManagerKeys.BIT_DEPTH, "not a number");
        assertThat(SaturationMeter.taggedLevel(s)).isEqualTo(-1);
        assertThat(SaturationMeter.fraction(s)).as("falls back to the clip value").isCloseTo(0.15, within(1e-12));
        s.tags().put(MicroManagerKeys.BIT_DEPTH, "24");
        assertThat(SaturationMeter.taggedLevel(s)).as("more bits than the pixels hold").isEqualTo(-1);
    }

    @Test
    void largeFramesAreSampledAndStillMeasured() {
        // 2048 x 2048, the top quarter clipped
        int w = 2048;
        FrameSlot s = gray16(w, w, 300, w * w / 4, 65535);
        assertThat(SaturationMeter.fraction(s)).isCloseTo(0.25, within(0.001));
    }

    @Test
    void floatFramesHaveNoClippingLevel() {
        FrameSlot s = new FrameSlot(FrameFormat.of(4, 4, PixelType.GRAY32F)).copyPixelsFrom(new float[16], 4, 4);
        assertThat(SaturationMeter.fraction(s)).isZero();
    }
}
