package org.reflexscope.mm.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.core.source.FrameSource.FillResult;

/**
 * What every {@link FrameSource} adapter promises, asserted the same way against each: the virtual microscope, a
 * replay of real images, and Micro-Manager's core with the DemoCamera. A subclass says how to make its source.
 */
public abstract class FrameSourceContract {
    /** A new, unstarted source that ends its stream after {@code frames} frames (0: only when stopped). */
    protected abstract FrameSource newSource(long frames) throws Exception;

    private static final long WAIT_S = 10;

    @Test
    void deliversEveryFrameInOrderOnAMonotonicClockThenEnds() throws Exception {
        try (FrameSource source = newSource(30)) {
            FrameSlot slot = new FrameSlot(source.maxFormat());
            source.start();
            List<Long> numbers = new ArrayList<>();
            double lastTime = Double.NEGATIVE_INFINITY;
            FillResult r;
            while ((r = source.fill(slot, WAIT_S, TimeUnit.SECONDS)) == FillResult.FRAME) {
                numbers.add(slot.imageNumber());
                double t = Double.isFinite(slot.cameraTimeMs()) ? slot.cameraTimeMs() : slot.cameraNanos() / 1e6;
                assertThat(t).as("camera clock of frame %d", slot.imageNumber()).isGreaterThanOrEqualTo(lastTime);
                lastTime = t;
            }
            assertThat(r).isEqualTo(FillResult.END_OF_STREAM);
            assertThat(numbers).hasSize(30).isSorted().doesNotHaveDuplicates();
            assertThat(numbers.get(29) - numbers.get(0)).as("no gaps").isEqualTo(29);
            assertThat(source.framesLostUpstream()).isZero();
            assertThat(source.fill(slot, 1, TimeUnit.SECONDS)).as("the end stays the end")
                    .isEqualTo(FillResult.END_OF_STREAM);
        }
    }

    @Test
    void pixelsAreUnsignedWithinThePixelTypesRangeAndFitTheRing() throws Exception {
        try (FrameSource source = newSource(5)) {
            FrameSlot slot = new FrameSlot(source.maxFormat());
            source.start();
            int frames = 0;
            while (source.fill(slot, WAIT_S, TimeUnit.SECONDS) == FillResult.FRAME) {
                frames++;
                assertThat(slot.width()).isLessThanOrEqualTo(source.maxFormat().width()).isPositive();
                assertThat(slot.height()).isLessThanOrEqualTo(source.maxFormat().height()).isPositive();
                double max = slot.pixelType() == PixelType.GRAY8 ? 255 : slot.pixelType() == PixelType.GRAY16
                        ? 65535 : Double.MAX_VALUE;
                for (int i = 0; i < slot.pixelCount(); i += 7) {
                    assertThat((double) slot.valueAt(i)).isBetween(0.0, max);
                }
            }
            assertThat(frames).isEqualTo(5);
        }
    }

    @Test
    void stopEndsAnOpenEndedStreamPromptlyAndNothingIsLost() throws Exception {
        try (FrameSource source = newSource(0)) {
            FrameSlot slot = new FrameSlot(source.maxFormat());
            source.start();
            for (int i = 0; i < 3; i++) {
                assertThat(source.fill(slot, WAIT_S, TimeUnit.SECONDS)).isEqualTo(FillResult.FRAME);
            }
            source.stop();
            long t0 = System.nanoTime();
            FillResult r;
            int after = 0;
            while ((r = source.fill(slot, WAIT_S, TimeUnit.SECONDS)) == FillResult.FRAME) {
                after++;
                assertThat(after).as("frames still delivered after stop").isLessThan(100);
            }
            assertThat(r).isEqualTo(FillResult.END_OF_STREAM);
            assertThat((System.nanoTime() - t0) / 1e9).as("seconds to end after stop").isLessThan(5);
            assertThat(source.framesLostUpstream()).isZero();
        }
    }
}
