package org.reflexscope.core.pipeline;

import org.reflexscope.core.frame.FrameSlot;

/**
 * A non-lossless consumer of the frame ring, such as a live view: sees the newest frame whenever it is ready for
 * one, and never holds the producer back.
 *
 * <p><b>Threads.</b> Each observer runs on its own thread; {@link #onFrame} is called from that thread only. The slot
 * is the observer's private copy of a published frame, valid only during the call (it is reused for the next
 * frame): copy what you keep.
 *
 * <p><b>Failures.</b> An exception is isolated, counted and reported by the pipeline; the next frame is delivered.
 */
@FunctionalInterface
public interface FrameObserver {

    /** Shows or otherwise uses the newest frame; older frames published meanwhile were skipped. */
    void onFrame(FrameSlot slot) throws Exception;
}
