package org.reflexscope.core.pipeline;

import java.io.IOException;
import org.reflexscope.core.frame.FrameSlot;

/**
 * A lossless consumer of the frame ring: sees every published frame, in order (contract 1 in docs/architecture.md).
 *
 * <p><b>Threads.</b> Each recorder runs on its own consumer thread; {@link #record} and {@link #finish} are called
 * from that thread only. The slot is valid only during {@link #record}: copy what you keep.
 *
 * <p><b>Failures.</b> An exception from {@link #record} is counted and reported by the pipeline, which keeps
 * delivering the next frames; a recorder decides itself whether it can go on.
 */
public interface Recorder extends AutoCloseable {

    /** Records one frame. Blocking here holds the producer back once the ring is full (never loses frames). */
    void record(FrameSlot slot) throws IOException;

    /** Called once after the last frame, when the pipeline stops: flush and finalise the dataset. */
    default void finish() throws IOException {
    }

    /** Releases files and memory; idempotent. */
    @Override
    default void close() throws IOException {
    }
}
