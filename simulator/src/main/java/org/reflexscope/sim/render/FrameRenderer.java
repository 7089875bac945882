package org.reflexscope.sim.render;

import org.reflexscope.core.frame.PixelType;

/**
 * Forms a frame's pixels from the sample for a given {@link RenderView}: synthetic ({@link SyntheticRenderer}:
 * specimen, optics and camera noise) or replayed data ({@code ReplayRenderer}).
 *
 * <p><b>Threads.</b> An instance is used by one thread at a time; {@link #copy()} gives an independent instance for
 * another thread (the microscope renders live frames on the producer thread and acquisitions on the hardware
 * thread).
 */
public interface FrameRenderer {
    /** Pixel type of the frames it makes. */
    PixelType pixelType();

    /**
     * Writes the frame seen from {@code view} into {@code pixels} ({@code short[]} for GRAY16, {@code byte[]} for
     * GRAY8), row-major, {@code view.width × view.height} pixels. Allocates nothing in steady state.
     */
    void render(RenderView view, Object pixels);

    /**
     * The simulated time (ms) of the frame after one at {@code frameTimeMs}, the camera asking for at least
     * {@code intervalMs} between frames: {@code frameTimeMs + intervalMs}, unless the sample exists only at given
     * times (a recording with per-frame times), when it is the first of those at least {@code intervalMs} later
     * (or {@link #endTimeMs()} if there is none).
     */
    default double nextFrameTimeMs(double frameTimeMs, double intervalMs) {
        return frameTimeMs + intervalMs;
    }

    /** Simulated time (ms) after which there is nothing more to show, e.g. the end of a recording; else infinity. */
    default double endTimeMs() {
        return Double.POSITIVE_INFINITY;
    }

    /** An independent renderer over the same sample, for another thread. */
    FrameRenderer copy();
}
