package org.reflexscope.core.pipeline;

import org.reflexscope.core.metrics.PipelineMetrics;
import org.reflexscope.core.source.FrameSourceException;

/**
 * Everything noteworthy a {@link FramePipeline} reports, declared once with its payload and thread.
 *
 * <p>Every method has an empty default: implement the ones you need. Methods are called on the pipeline's own
 * threads (named below) and must return quickly. An exception thrown by a listener is isolated: it is logged with
 * its stack trace and the pipeline goes on. A listener must not call {@link FramePipeline#stop()} or
 * {@link FramePipeline#close()} (they wait for the very threads that call the listener): hand such work to another
 * thread.
 */
public interface PipelineEvents {

    /** No events: the default listener. */
    PipelineEvents NONE = new PipelineEvents() {
    };

    /**
     * A consumer threw while handling a frame; the frame is counted as failed for that consumer and the consumer
     * receives the next frames. Thread: the failing consumer's thread.
     *
     * @param consumer the consumer's name (e.g. {@code "recorder-0"}, {@code "analyzer"}, {@code "listener"})
     * @param sequence publish sequence of the frame
     * @param error what was thrown
     */
    default void onConsumerFailure(String consumer, long sequence, Throwable error) {
    }

    /**
     * Frames were lost before they reached the ring (contract 1 in docs/architecture.md: never silent). Thread: {@code
     * reflex-producer}.
     */
    default void onDataLoss(DataLossAlarm alarm) {
    }

    /**
     * The producer had to wait because the slowest recorder was a whole ring behind; the camera's own buffer
     * absorbed the wait. Thread: {@code reflex-producer}, after the wait ended.
     *
     * @param stallNanos how long this wait lasted
     * @param totalStalls waits so far, this one included
     * @param totalStallNanos time spent waiting so far, this wait included
     */
    default void onProducerStall(long stallNanos, long totalStalls, long totalStallNanos) {
    }

    /**
     * The source failed; production has ended and the consumers drain what was published. Thread:
     * {@code reflex-producer}.
     */
    default void onSourceFailure(FrameSourceException error) {
    }

    /**
     * Production ended and every consumer has handled every published frame (recorders finished). Called once per
     * run, on the last consumer thread to finish.
     *
     * @param metrics the final counters
     */
    default void onDrained(PipelineMetrics metrics) {
    }
}
