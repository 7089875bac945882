package org.reflexscope.policy.survey;

/** When targets are visited relative to the survey. */
public enum VisitOrder {
    /**
     * The whole survey first, then the budget's highest-ranked targets in nearest-neighbour order: two objective
     * switches in all.
     */
    SURVEY_FIRST,
    /**
     * Targets queue as tiles come in; a target joins the queue once every tile whose field holds it has been
     * surveyed (so no later tile can merge into it). When the queue holds the batch size, or the survey ends, the
     * microscope switches to the visit objective once, visits the queue nearest next, and switches back for the next
     * tile: two switches per batch. Targets are taken in the order they settle, up to the count budget (no ranking:
     * later tiles are not known yet).
     */
    INTERLEAVED
}
