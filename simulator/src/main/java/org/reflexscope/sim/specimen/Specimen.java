package org.reflexscope.sim.specimen;

import java.util.List;
import org.reflexscope.sim.truth.TrueEvent;
import org.reflexscope.sim.truth.TrueObject;

/**
 * A simulated sample: objects that may move, divide or stay put, known exactly at every instant.
 *
 * <p>Positions are a pure function of simulated time (and the seed), so any thread may query any time in any order:
 * implementations are thread-safe. Positions exclude the sample's XY drift, which the microscope adds.
 */
public interface Specimen {
    /**
     * Emits every blob of the sample at {@code tMs} into {@code sink}; allocates nothing in steady state (walks are
     * precomputed over the scenario's horizon and extended, amortised, beyond it).
     */
    void emitBlobs(double tMs, BlobSink sink);

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
     * @return {@code false} (and {@code out} untouched) if this specimen has no target
     */
    default boolean targetPosition(double tMs, double[] out) {
        return false;
    }
}
