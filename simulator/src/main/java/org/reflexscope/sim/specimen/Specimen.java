package org.reflexscope.sim.specimen;

import org.reflexscope.sim.truth.TrueSample;

/**
 * A simulated sample: objects that may move, divide or stay put, known exactly at every instant.
 *
 * <p>Positions are a pure function of simulated time (and the seed), so any thread may query any time in any order:
 * implementations are thread-safe. Positions exclude the sample's XY drift, which the microscope adds. What it
 * tells about itself for scoring is its {@link TrueSample} side; this interface adds what the renderer draws.
 */
public interface Specimen extends TrueSample {
    /**
     * Emits every blob of the sample at {@code tMs} into {@code sink}; allocates nothing in steady state (walks are
     * precomputed over the scenario's horizon and extended, amortised, beyond it).
     */
    void emitBlobs(double tMs, BlobSink sink);
}
