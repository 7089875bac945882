package org.reflexscope.bench.e2e;

import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.analysis.FrameAnalyzer;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;

/**
 * A plain {@link FrameAnalyzer} around another analyzer that hides its {@code IngestingFrameAnalyzer} capability,
 * so that the pipeline hands it a private copy of every frame it takes (the copying path) instead of letting it read
 * the ring slot in place. Everything else (analysis, warm-up, format check) is passed through unchanged; closing it
 * does not close the wrapped analyzer, which stays its owner's.
 */
final class CopyingAnalyzer implements FrameAnalyzer {
    private final FrameAnalyzer wrapped;

    CopyingAnalyzer(FrameAnalyzer wrapped) {
        this.wrapped = wrapped;
    }

    @Override
    public AnalysisResult analyze(FrameSlot slot) throws Exception {
        return wrapped.analyze(slot);
    }

    @Override
    public void warmUp(FrameFormat format, int frames) throws Exception {
        wrapped.warmUp(format, frames);
    }

    @Override
    public void checkFormat(FrameFormat format) {
        wrapped.checkFormat(format);
    }
}
