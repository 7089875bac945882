package org.reflexscope.core.analysis;

import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.frame.FrameSlot;

/**
 * A {@link FrameAnalyzer} that reads the ring slot <em>in place</em>, in two phases, so that the pipeline does not
 * copy the frame for it: {@link #ingest} briefly reads what the analysis needs from the ring slot into the
 * analyzer's own (usually reduced: cropped, binned) buffers, then {@link #analyzeIngested} works on those buffers
 * at its own pace. A plain {@link FrameAnalyzer} instead gets a private copy of every frame it takes (one frame
 * written and read again per analysed frame: at 2048² 16-bit, 8 MB).
 *
 * <p><b>The read contract.</b> The analyzer is not a gating sequence of the ring (a slow analysis never holds the
 * producer back), so the producer may start rewriting the slot while {@link #ingest} reads it. After
 * {@code ingest} returns (or throws) the pipeline checks, sequence-lock style, whether the producer could have
 * touched the slot since the frame was published; only if it could not is the read <em>valid</em>. Then:
 * <ul>
 *   <li>valid, returned normally: {@link #analyzeIngested} is called next (analysed, or failed if it throws);</li>
 *   <li>valid, threw: the frame counts as failed and the exception is reported;</li>
 *   <li>not valid: whatever {@code ingest} did or threw is discarded, {@code analyzeIngested} is <em>not</em>
 *       called, and the frame counts as skipped. Torn data is never analysed.</li>
 * </ul>
 * So {@code ingest} must:
 * <ul>
 *   <li>read the slot only (size, pixels, metadata, timestamps) and write only the analyzer's own buffers;</li>
 *   <li><em>replace</em> what the previous {@code ingest} took, never accumulate into it: state that spans frames
 *       (running backgrounds, trackers) is updated in {@code analyzeIngested}, which sees only valid frames;</li>
 *   <li>tolerate a slot being rewritten under it: any pixel values, a size that changes between two reads of
 *       {@link FrameSlot#width()} (read the size once), metadata from two different frames; an exception is
 *       fine (it is discarded if the read was not valid), a loop whose length depends on pixel values is not;
 *       </li>
 *   <li>be brief (one pass over the pixels it needs): the longer it reads, the likelier the producer laps it and
 *       the frame is skipped;</li>
 *   <li>keep no reference to the slot or its arrays.</li>
 * </ul>
 * The pipeline only calls {@code ingest} with a slot whose size fits the ring's slots, and acquires the slot's
 * contents (happens-before from the producer's writes) before the call.
 *
 * <p><b>Threads.</b> Both methods are called from the analyzer thread only, always in the order {@code ingest},
 * then at most one {@code analyzeIngested}. {@link #analyze} (for callers outside the pipeline, e.g. offline
 * analysis of a slot no one else writes) runs both phases.
 *
 * <p><b>Wrappers.</b> A wrapper around an analyzer (e.g. one that adds failure handling) implements this interface
 * whenever what it wraps does, passing both phases through; otherwise the pipeline copies every frame for it.
 *
 * <p>{@code AnalysisChain} implements it: {@code ingest} reads sequence, metadata, size and timestamps from the slot
 * and crops + bins its pixels into its own float image; {@code analyzeIngested} does everything after binning
 * (denoise, detect, measure, focus, score).
 */
public interface IngestingFrameAnalyzer extends FrameAnalyzer {

    /**
     * Phase one: reads what the analysis needs from {@code slot} (the ring's own slot, read in place) into this
     * analyzer's buffers, under the read contract above. Allocation here is allowed as for {@link #analyze} (e.g.
     * a metadata copy for the result), but not in proportion to the frame size per frame.
     */
    void ingest(FrameSlot slot) throws Exception;

    /**
     * Phase two: analyses what the last {@link #ingest} took; called only when that read was valid.
     *
     * @return the result, never {@code null}
     */
    AnalysisResult analyzeIngested() throws Exception;

    /** Both phases on a slot no one writes meanwhile: {@code ingest(slot)} then {@code analyzeIngested()}. */
    @Override
    default AnalysisResult analyze(FrameSlot slot) throws Exception {
        ingest(slot);
        return analyzeIngested();
    }
}
