package org.reflexscope.core.source;

import java.util.concurrent.TimeUnit;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;

/**
 * Where frames come from: a camera behind Micro-Manager's core, a virtual microscope, or a replayed recording.
 *
 * <p><b>Threads.</b> {@link #fill} is called by exactly one thread, the pipeline's producer. {@link #start()},
 * {@link #stop()} and {@link #close()} may be called from another thread; {@link #stop()} must make a blocked
 * {@link #fill} return promptly.
 *
 * <p><b>Loss.</b> A source never hides lost frames: frames it knows it dropped (a camera buffer overflow) are
 * counted in {@link #framesLostUpstream()}, and the {@link FrameSlot#imageNumber() image numbers} it writes are the
 * camera's own, so that the pipeline can detect gaps.
 */
public interface FrameSource extends AutoCloseable {

    /** Outcome of one {@link #fill} call. */
    enum FillResult {
        /** The slot holds a new frame. */
        FRAME,
        /** No frame arrived within the timeout; the slot is untouched. Call again. */
        TIMEOUT,
        /** The source has delivered its last frame (a finite sequence, or stopped); the slot is untouched. */
        END_OF_STREAM
    }

    /** The largest frame this source will deliver while running: the ring's slots are sized for it. */
    FrameFormat maxFormat();

    /** Starts streaming. @throws FrameSourceException if the device refuses (the message says why) */
    void start() throws FrameSourceException;

    /**
     * Writes the next frame into {@code slot} (pixels, size, metadata, {@link FrameSlot#setCameraNanos camera
     * time}), waiting up to {@code timeout}.
     *
     * @return what happened; never {@code null}
     * @throws FrameSourceException if the device failed; the pipeline reports it and stops producing
     * @throws InterruptedException if the producer thread is interrupted while waiting
     */
    FillResult fill(FrameSlot slot, long timeout, TimeUnit unit) throws FrameSourceException, InterruptedException;

    /** Stops streaming; frames already delivered by the device may still be returned by {@link #fill}. */
    void stop();

    /** Frames the source knows were lost before reaching Reflex (e.g. a camera buffer overflow). */
    default long framesLostUpstream() {
        return 0;
    }

    /** Releases the device; idempotent. */
    @Override
    void close();
}
