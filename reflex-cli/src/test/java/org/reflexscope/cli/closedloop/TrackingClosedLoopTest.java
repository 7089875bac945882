package org.reflexscope.cli.closedloop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.truth.GroundTruth;

/**
 * Issue 5's tracking criterion, closed loop on the virtual clock: a bright cell crawling at ~32 µm/min with a random
 * walk stays within 10% of the field of view from the centre while the tracking policy follows it.
 * The policy's default selector follows the cell nearest the field centre at start.
 */
class TrackingClosedLoopTest {
    @Test
    void trackingKeepsTheMovingCellWithinATenthOfTheFieldFromTheCentre() throws Exception {
        Scenario s = Scenario.builtIn("moving-cell").with("camera.frameIntervalMs", 500.0);
        double seconds = 60;

        ClosedLoop run = ClosedLoop.run(s, ClosedLoop.recipe("track"), seconds);
        double limit = 0.1 * run.fovUm;
        double untracked = 0;
        try (VirtualMicroscope scope = VirtualMicroscope.of(s)) {
            GroundTruth truth = scope.groundTruth();
            double[] p = new double[2];
            for (double t = 0; t < seconds * 1000; t += 500) {
                if (truth.targetPosition(t, p)) {
                    untracked = Math.max(untracked, Math.hypot(p[0] - s.stage().startXUm(),
                            p[1] - s.stage().startYUm()));
                }
            }
        }
        System.out.printf(java.util.Locale.ROOT, "tracking: %d frames, error RMS %.2f µm, max %.2f µm, limit (10%% of "
                + "the %.0f µm field) %.1f µm; without tracking the cell ends up %.1f µm off centre%n",
                run.trace.frames().size(), run.score.trackingRmsUm(), run.score.trackingMaxUm(), run.fovUm, limit,
                untracked);

        assertThat(untracked).as("the cell must leave the central tenth without tracking").isGreaterThan(limit);
        assertThat(run.trace.frames()).hasSizeGreaterThanOrEqualTo(115);
        assertThat(run.score.trackingMaxUm()).as("max distance of the cell from the field centre")
                .isLessThanOrEqualTo(limit);
    }
}
