package org.reflexscope.sim.closedloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.reflexscope.policy.track.TrackPolicy;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.truth.GroundTruth;

/**
 * Issue 5's tracking criterion, closed loop on the virtual clock (virtual microscope, default analysis chain, policy
 * engine): the cell in the middle of the field at start, crawling ~32 µm/min with a random walk among five others,
 * stays within 10% of the field of view from the centre with the default {@link TrackPolicy} (target nearest the
 * centre, gated nearest-neighbour with motion prediction).
 */
class TrackingClosedLoopTest {
    @Test
    void theDefaultTrackPolicyKeepsTheMovingCellWithinATenthOfTheFieldFromTheCentre() throws Exception {
        Scenario s = Scenario.builtIn("moving-cell").with("camera.frameIntervalMs", 500.0);
        double seconds = 60;
        ClosedLoop run = ClosedLoop.run(s, List.of(TrackPolicy.builder().build()), seconds);
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
        System.out.printf(Locale.ROOT, "tracking: %d frames, error RMS %.2f µm, max %.2f µm, limit %.1f µm; "
                + "untracked %.1f µm%n", run.trace.frames().size(), run.score.trackingRmsUm(),
                run.score.trackingMaxUm(), limit, untracked);

        assertThat(untracked).as("the cell must leave the central tenth without tracking").isGreaterThan(limit);
        assertThat(run.trace.frames()).hasSizeGreaterThanOrEqualTo(115);
        assertThat(run.score.trackingMaxUm()).as("max distance of the cell from the field centre")
                .isLessThanOrEqualTo(limit);
    }
}
