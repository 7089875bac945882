package org.reflexscope.core.analysis;

import org.reflexscope.core.analysis.AnalysisResult;

/**
 * Receives each analysis result, on the analyzer thread, right after it is produced (the policy engine is one).
 *
 * <p>Must return quickly (hand work to another thread); an exception is isolated and counted by the pipeline.
 */
@FunctionalInterface
public interface AnalysisListener {
    void onResult(AnalysisResult result);
}
