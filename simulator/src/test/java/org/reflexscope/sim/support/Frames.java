package org.reflexscope.sim.support;

import java.util.concurrent.TimeUnit;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.core.source.FrameSourceException;

/** Test helpers that pull frames from a source and measure them. */
public final class Frames {
    private Frames() {
    }

    /** Fills one frame, failing the test if none arrives within 10 s. */
    public static Frame next(FrameSource source, FrameSlot slot) throws FrameSourceException, InterruptedException {
        FrameSource.FillResult r = source.fill(slot, 10, TimeUnit.SECONDS);
        if (r != FrameSource.FillResult.FRAME) {
            throw new AssertionError("Expected a frame, got " + r);
        }
        return slot.toFrame();
    }

    /** Mean pixel value of a frame. */
    public static double mean(Frame f) {
        double s = 0;
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                s += f.valueAt(x, y);
            }
        }
        return s / (f.width() * (double) f.height());
    }

    /** Largest pixel value in the square of half-size {@code r} around {@code (cx, cy)}. */
    public static double peak(Frame f, int cx, int cy, int r) {
        double best = Double.NEGATIVE_INFINITY;
        for (int y = Math.max(0, cy - r); y <= Math.min(f.height() - 1, cy + r); y++) {
            for (int x = Math.max(0, cx - r); x <= Math.min(f.width() - 1, cx + r); x++) {
                best = Math.max(best, f.valueAt(x, y));
            }
        }
        return best;
    }
}
