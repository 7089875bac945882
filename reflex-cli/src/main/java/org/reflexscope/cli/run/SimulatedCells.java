package org.reflexscope.cli.run;

import org.reflexscope.core.events.DivisionTrendEventScorer;
import org.reflexscope.sim.scenario.Scenario;

/** Analysis settings for the simulator's fluorescent cells, shared by {@code reflex run} and the closed-loop tests. */
public final class SimulatedCells {
    private SimulatedCells() {
    }

    /**
     * The division scorer of simulated runs (and of the closed-loop tests, which may change it), with settings for
     * the simulator's fluorescent cells:
     * <ul>
     *   <li>a precursor dims (the cell spreads the same light over a larger footprint): {@code optDimming(0.85)};</li>
     *   <li>a cell beside a neighbour may never measure round: nearly round (≤ 1.3) counts if it dims to 0.8;</li>
     *   <li>objects within 0.3 × their size of the camera frame's edge are partly outside it and not judged;</li>
     *   <li>an object must hold one cell's light (0.5–1.5 × the typical round object's): not a daughter of an
     *       earlier division (half), not two cells seen as one (two);</li>
     *   <li>a round cell seen as two objects that share its light is dividing (at one frame every 2 s its lobes
     *       separate before its intensity has fallen far).</li>
     * </ul>
     * Measured in docs/closed-loop.md (sixth pass).
     */
    public static DivisionTrendEventScorer.Builder divisionScorer(Scenario scenario) {
        return DivisionTrendEventScorer.builder().optDimming(0.85).optNearlyRound(1.3, 0.8)
                .optImageEdge(scenario.camera().width(), scenario.camera().height(), 0.3).optLight(0.5, 1.5)
                .optLightSplits(true);
    }
}
