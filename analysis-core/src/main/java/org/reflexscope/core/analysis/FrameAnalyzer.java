package org.reflexscope.core.analysis;

import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;

/**
 * Turns a frame into an {@link AnalysisResult}: the pipeline's one analysis consumer.
 *
 * <p><b>Threads.</b> Called from the analyzer thread only, with the newest frame available (older frames are
 * skipped and counted). The slot is the pipeline's private copy of the frame, valid only during the call.
 * Implementations preallocate their buffers and do not allocate per frame beyond the result itself.
 *
 * <p><b>Cost.</b> That copy is one whole frame written and read per analysed frame. An analyzer that reduces the
 * frame first (crop, binning) should implement {@link IngestingFrameAnalyzer}, which reads the ring slot in place.
 *
 * <p><b>Failures.</b> Any exception is isolated by the pipeline: counted, reported, and the next frame is analysed;
 * recording is never affected.
 */
public interface FrameAnalyzer extends AutoCloseable {

    /** Analyses one frame. @return the result, never {@code null} */
    AnalysisResult analyze(FrameSlot slot) throws Exception;

    /**
     * Runs the analysis on {@code frames} synthetic frames of {@code format} and discards the results, before a run,
     * so that its first real frames do not pay for start-up costs (JIT compilation, first model runs). Leaves no
     * state behind that would change the analysis of real frames. Default: nothing.
     *
     * @throws Exception if the analysis fails on the synthetic frames
     */
    default void warmUp(FrameFormat format, int frames) throws Exception {
    }

    /**
     * Checks, before a run, that frames of {@code format} can be analysed at all (e.g. that they are not smaller
     * than the analysis needs). Default: any format.
     *
     * @throws IllegalArgumentException naming what does not fit and what to change (ROI, binning, model)
     */
    default void checkFormat(FrameFormat format) {
    }

    /** Releases native resources (models, tensors); idempotent. */
    @Override
    default void close() {
    }
}
