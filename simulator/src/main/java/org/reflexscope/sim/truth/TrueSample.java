package org.reflexscope.sim.truth;

import java.util.List;

/**
 * What a simulated sample tells about itself, for scoring: its objects' true states, its events and the tracking
 * target. {@link GroundTruth} reads it; the specimens implement it (as {@code specimen.Specimen}, which adds what
 * the renderer needs).
 */
public interface TrueSample {

    /** Adds every object's true state at {@code tMs} to {@code out}. */
    void addObjects(double tMs, List<TrueObject> out);

    /** The sample's events (e.g. divisions), in time order. */
    List<TrueEvent> events();

    /** Id of the object a tracking policy should follow, or {@code ""} if none. */
    default String targetId() {
        return "";
    }

    /**
     * Writes the tracking target's centre at {@code tMs} into {@code out[0..1]} without allocating.
     *
     * @return {@code false} (and {@code out} untouched) if this sample has no target
     */
    default boolean targetPosition(double tMs, double[] out) {
        return false;
    }
}
