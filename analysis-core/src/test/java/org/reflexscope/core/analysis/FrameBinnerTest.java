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
}
