package org.reflexscope.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;

class FrameBinnerTest {

    @Test
    void blockMeansMatchANaiveReferenceForEveryPixelTypeFactorAndRoi() {
        Random rnd = new Random(8);
        for (PixelType type : PixelType.values()) {
            for (int factor : new int[] {1, 2, 3, 4, 5}) {
                int w = 37;
                int h = 29;
                FrameSlot slot = new FrameSlot(FrameFormat.of(w, h, type));
                for (int i = 0; i < w * h; i++) {
                    int v = type == PixelType.GRAY8 ? rnd.nextInt(256) : rnd.nextInt(65536);
                    if (type == PixelType.GRAY8) {
                        slot.bytes()[i] = (byte) v;
                    } else if (type == PixelType.GRAY16) {
                        slot.shorts()[i] = (short) v;
                    } else {
                        slot.floats()[i] = v * 0.5f;
                    }
                }
                FrameBinner binner = new FrameBinner(factor);
                binner.bin(slot, 3, 2, 30, 25);
                assertThat(binner.width()).isEqualTo(30 / factor);
                assertThat(binner.height()).isEqualTo(25 / factor);
                for (int by = 0; by < binner.height(); by++) {
                    for (int bx = 0; bx < binner.width(); bx++) {
                        double sum = 0;
                        for (int dy = 0; dy < factor; dy++) {
                            for (int dx = 0; dx < factor; dx++) {
                                sum += slot.valueAt((2 + by * factor + dy) * w + 3 + bx * factor + dx);
                            }
                        }
                        assertThat((double) binner.image()[by * binner.width() + bx])
                                .as("%s x%d at %d,%d", type, factor, bx, by)
                                .isCloseTo(sum / (factor * factor), offset(1e-3 * (1 + sum / (factor * factor))));
                    }
                }
                assertThat(binner.toFrameX(0)).isEqualTo(3 + (factor - 1) / 2.0);
            }
        }
    }

    @Test
    void sixteenBitByFourIsExactAtFullScaleAndUpToTheFramesLastPixel() {
        // odd width and an ROI offset: bins read across unaligned positions and end at the last row and column
        int w = 4 * 9 + 3;
        int h = 4 * 7 + 1;
        FrameSlot slot = new FrameSlot(FrameFormat.of(w, h, PixelType.GRAY16));
        Random rnd = new Random(21);
        for (int i = 0; i < w * h; i++) {
            // mostly full scale (lanes must not overflow), some zeros and random values
            int r = rnd.nextInt(4);
            slot.shorts()[i] = (short) (r == 0 ? 0 : r == 1 ? rnd.nextInt(65536) : 65535);
        }
        FrameBinner binner = new FrameBinner(4);
        binner.bin(slot, 3, 1, w - 3, h - 1);
        assertThat(binner.width()).isEqualTo(9);
        assertThat(binner.height()).isEqualTo(7);
        for (int by = 0; by < 7; by++) {
            for (int bx = 0; bx < 9; bx++) {
                long sum = 0;
                for (int dy = 0; dy < 4; dy++) {
                    for (int dx = 0; dx < 4; dx++) {
                        sum += slot.shorts()[(1 + by * 4 + dy) * w + 3 + bx * 4 + dx] & 0xFFFF;
                    }
                }
                assertThat(binner.image()[by * 9 + bx]).as("bin %d,%d", bx, by).isEqualTo(sum / 16f);
            }
        }
    }

    @Test
    void sixteenBitByFourIsExactBothBelowFourteenBitsAndInRowsWithOneBrightPixel() {
        // Pixels up to 16383 take the fast sum (lanes add without masking); a row of bins holding one pixel of
        // 16384 or more is summed again the general way. Both kinds of rows in one frame, at their edge values.
        int w = 4 * 16;
        int h = 4 * 6;
        FrameSlot slot = new FrameSlot(FrameFormat.of(w, h, PixelType.GRAY16));
        Random rnd = new Random(34);
        for (int i = 0; i < w * h; i++) {
            slot.shorts()[i] = (short) (rnd.nextBoolean() ? 16383 : rnd.nextInt(16384));
        }
        for (int dy = 0; dy < 4; dy++) {
            // bin row 2: a column whose four pixels overflow a 16-bit lane (20000 + 3 × 16383 > 65535)
            slot.shorts()[(4 * 2 + dy) * w + 4 * 7 + 1] = (short) (dy == 3 ? 20000 : 16383);
        }
        slot.shorts()[(4 * 4) * w + w - 1] = (short) 65535; // bin row 4: saturated, at the row's last pixel
        FrameBinner binner = new FrameBinner(4);
        binner.bin(slot, 0, 0, w, h);
        for (int by = 0; by < h / 4; by++) {
            for (int bx = 0; bx < w / 4; bx++) {
                long sum = 0;
                for (int dy = 0; dy < 4; dy++) {
                    for (int dx = 0; dx < 4; dx++) {
                        sum += slot.shorts()[(by * 4 + dy) * w + bx * 4 + dx] & 0xFFFF;
                    }
                }
                assertThat(binner.image()[by * (w / 4) + bx]).as("bin %d,%d", bx, by).isEqualTo(sum / 16f);
            }
        }
    }

    @Test
    void factorForEdgeKeepsTheShorterSideAtTheAnalysisEdgeUpToEight() {
        assertThat(FrameBinner.factorForEdge(2048, 2048, 512)).isEqualTo(4);
        assertThat(FrameBinner.factorForEdge(2048, 1024, 512)).isEqualTo(2);
        assertThat(FrameBinner.factorForEdge(1023, 4000, 512)).isEqualTo(1);
        assertThat(FrameBinner.factorForEdge(512, 512, 512)).isEqualTo(1);
        assertThat(FrameBinner.factorForEdge(100, 100, 512)).as("already smaller").isEqualTo(1);
        assertThat(FrameBinner.factorForEdge(14192, 10640, 512)).as("at most 8").isEqualTo(8);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FrameBinner.factorForEdge(0, 10, 512))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
}
