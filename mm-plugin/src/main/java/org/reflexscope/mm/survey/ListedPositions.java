package org.reflexscope.mm.survey;

import java.util.List;
import org.reflexscope.policy.survey.SurveyException;

/**
 * The stage positions a user listed to be surveyed (Studio's Stage Position List inside Studio), read when a survey
 * starts.
 */
@FunctionalInterface
public interface ListedPositions {
    /**
     * The listed XY positions, {@code {x, y}} in stage µm, in the list's order.
     *
     * @throws SurveyException naming what is wrong (an empty list, a position without an XY stage) and what to do
     */
    List<double[]> xyUm() throws SurveyException;
}
