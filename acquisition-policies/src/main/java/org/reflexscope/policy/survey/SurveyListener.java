package org.reflexscope.policy.survey;

import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.policy.hardware.AcquiredStack;

/** Receives a survey's data as it comes, on the survey's thread (e.g. to record tiles and visits). */
public interface SurveyListener {
    /** One survey tile, just acquired, before it is analysed (e.g. to record it even if its analysis fails). */
    default void onTileAcquired(SurveyTile tile, Frame frame) throws Exception {
    }

    /** One survey tile, acquired and analysed. */
    default void onTile(SurveyTile tile, Frame frame, AnalysisResult result) throws Exception {
    }

    /**
     * One visit's acquisition: every channel, plane and time point (not called for refused visits). By default
     * hands all its frames to {@link #onVisit(Visit, AcquiredStack)} as one stack of the visit's request.
     */
    default void onVisitAcquired(Visit visit, VisitAcquisition acquired) throws Exception {
        onVisit(visit, new AcquiredStack(acquired.request(), acquired.state(), acquired.frames()));
    }

    /** One visit's frames as one stack, when {@link #onVisitAcquired} is not overridden. */
    default void onVisit(Visit visit, AcquiredStack stack) throws Exception {
    }
}
