package org.reflexscope.cli.closedloop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.score.FrameRecord;
import org.reflexscope.sim.truth.GroundTruth;

/**
 * Issue 5's refocus criterion, closed loop on the virtual clock: while the focal plane drifts 1 µm/min (plus a slow
 * thermal wander), the refocus policy keeps the focus error within the objective's depth of field. Ten simulated
 * minutes, one frame every 2 s, so that the drift (10 µm) is larger than the depth of field. Full searches start
 * only when the focus score falls below 30% of the best (at 70%, the default, score noise on a sparse bead field
 * starts ±10 µm searches that leave the depth of field).
 */
class RefocusClosedLoopTest {
    @Test
    void refocusHoldsFocusWithinTheDepthOfFieldWhileTheFocalPlaneDrifts() throws Exception {
        Scenario s = Scenario.builtIn("drifting-focus-beads").with("camera.width", 128).with("camera.height", 128)
                .with("camera.frameIntervalMs", 2000.0).with("drift.focusRateUmPerMin", 1.0);
        double seconds = 600;

        double uncorrectedMax = 0;
        try (VirtualMicroscope scope = VirtualMicroscope.of(s)) {
            GroundTruth truth = scope.groundTruth();
            for (double t = 0; t < seconds * 1000; t += 2000) {
                uncorrectedMax = Math.max(uncorrectedMax, Math.abs(s.stage().startZUm()
                        - truth.focalPlaneUm(t, s.optics().objective())));
            }
        }
        ClosedLoop run = ClosedLoop.run(s, ClosedLoop.recipe("refocus"), seconds);
        double dof = run.objective.depthOfFieldUm();
        System.out.printf(java.util.Locale.ROOT, "refocus: %d frames, focus error RMS %.2f µm, max %.2f µm, "
                + "in focus %.1f%%, depth of field %.2f µm; without refocus the error reaches %.2f µm%n",
                run.trace.frames().size(), run.score.focusRmsUm(), run.score.focusMaxUm(),
                100 * run.score.fractionInFocus(), run.objective.depthOfFieldUm(), uncorrectedMax);

        assertThat(uncorrectedMax).as("the drift must matter: without refocus it leaves the depth of field")
                .isGreaterThan(dof);
        assertThat(run.trace.frames()).hasSizeGreaterThanOrEqualTo(290);
        assertThat(run.status.framesLost()).isZero();
        assertThat(run.score.focusMaxUm()).as("max |focus error|").isLessThanOrEqualTo(dof);
        assertThat(run.score.fractionInFocus()).as("frames within ±dof/2").isGreaterThanOrEqualTo(0.95);
        FrameRecord last = run.trace.frames().get(run.trace.frames().size() - 1);
        assertThat(Math.abs(last.stageZUm() - s.stage().startZUm())).as("the stage followed the drift")
                .isGreaterThan(dof);
    }
}
