package org.reflexscope.policy.signal;

import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.detect.Detection;

/**
 * How much signal a frame holds, as the policies that need it and the {@link SignalMonitor} that alarms about it
 * read it from an {@link AnalysisResult}: the frame's {@linkplain AnalysisResult#STRUCTURE_SCORE structure} (what
 * focus needs: anything but noise) and a detection's {@linkplain #contrast contrast} (what tracking needs: an
 * object that stands out of the noise, so that it is the same object in the next frame). A result without the
 * scores (another chain or detector) passes every check.
 */
public final class SignalChecks {
    /** Default least structure for focus: a frame below it is noise alone (1 for pure noise). */
    public static final double DEFAULT_MIN_STRUCTURE = 1.2;
    /** Default least contrast of a tracking target: its score over the frame's detection threshold. */
    public static final double DEFAULT_MIN_TRACK_CONTRAST = 2.0;

    private SignalChecks() {
    }

    /** The frame's structure, or {@code NaN} if the analysis did not measure it. */
    public static double structure(AnalysisResult r) {
        return r.score(AnalysisResult.STRUCTURE_SCORE).orElse(Double.NaN);
    }

    /** Whether the frame measurably holds nothing but noise: its structure is below {@code minStructure}. */
    public static boolean flat(AnalysisResult r, double minStructure) {
        return structure(r) < minStructure;
    }

    /**
     * How far {@code d} stands out of the noise: its score over the frame's detection threshold (1 = barely
     * detected), or {@code +∞} if the analysis states no threshold.
     */
    public static double contrast(Detection d, AnalysisResult r) {
        double threshold = r.score(AnalysisResult.DETECTION_THRESHOLD_SCORE).orElse(Double.NaN);
        return threshold > 0 ? d.score() / threshold : Double.POSITIVE_INFINITY;
    }

    /** The highest {@link #contrast} of the frame's detections; 0 if it has none. */
    public static double bestContrast(AnalysisResult r) {
        double best = 0;
        for (Detection d : r.detections()) {
            best = Math.max(best, contrast(d, r));
        }
        return best;
    }
}
