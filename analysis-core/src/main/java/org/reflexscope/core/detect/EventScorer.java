package org.reflexscope.core.detect;

import java.util.List;
import org.reflexscope.core.analysis.Detection;

/**
 * Turns one frame's detections into a per-frame event probability in [0, 1] (stored as
 * {@link org.reflexscope.core.analysis.AnalysisResult#EVENT_SCORE}) and labels the detections that show the event.
 * Called on the analyzer thread.
 */
public interface EventScorer {

    /** The event probability of a frame with these detections. */
    double score(List<Detection> detections);

    /** The label for one detection: {@code eventLabel} if it shows the event, else {@code otherLabel}. */
    String label(Detection detection, String otherLabel);
}
