package org.reflexscope.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.support.Frames;
import org.reflexscope.sim.support.SingleBead;

class DefocusBlurTest {
    private static final double[] DISTANCES = {0, 2, 4, 8, 16, 32};

    private static Scenario quiet() {
        return Scenario.defaults().with("camera.width", 64).with("camera.height", 64)
                .with("drift.focusRateUmPerMin", 0.0).with("drift.wanderAmplitudeUm", 0.0)
                .with("camera.backgroundPhotonsPerPixelPerMs", 0.5);
    }

    /** Peak of a bead at the centre of the 64² field (pixel 32 spans [0, 1) µm at 10X) with the stage at z. */
    private static double peakAt(VirtualMicroscope scope, FrameSlot slot, double z) throws Exception {
        scope.moveZ(z);
        Frame f = Frames.next(scope, slot);
        return Frames.peak(f, 32, 32, 6);
    }

    @Test
    void beadPeakFallsMonotonicallyAwayFromFocusOnBothSides() throws Exception {
        try (VirtualMicroscope scope = VirtualMicroscope.builder(quiet())
                .optSpecimen(new SingleBead(0.5, 0.5, 1000)).build()) {
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            for (int sign : new int[] {1, -1}) {
                double previous = Double.POSITIVE_INFINITY;
                for (double d : DISTANCES) {
                    double peak = peakAt(scope, slot, sign * d);
                    assertThat(peak).as("peak at dz=%s", sign * d).isLessThan(previous);
                    previous = peak;
                }
            }
        }
    }

    @Test
    void parfocalOffsetOfAnotherObjectiveShowsAsDefocusUntilCorrected() throws Exception {
        try (VirtualMicroscope scope = VirtualMicroscope.builder(quiet())
                .optSpecimen(new SingleBead(0.125, 0.125, 1000)).build()) {
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            scope.setPreset("Objective", "40X");
            double offset = scope.groundTruth().focalPlaneUm(scope.timeMs(), "40X");
            assertThat(offset).isEqualTo(-2.0);
            double atOldZ = peakAt(scope, slot, 0.0);
            double corrected = peakAt(scope, slot, offset);
            assertThat(corrected).isGreaterThan(1.5 * atOldZ);
            assertThat(slot.pixelSizeUm()).isEqualTo(0.25);
        }
    }

    @Test
    void depthOfFieldShrinksWithNumericalAperture() {
        VirtualMicroscope scope = VirtualMicroscope.of(Scenario.defaults());
        double dof10 = scope.objectives().get("10X").depthOfFieldUm();
        double dof20 = scope.objectives().get("20X").depthOfFieldUm();
        double dof40 = scope.objectives().get("40X").depthOfFieldUm();
        assertThat(dof10).isGreaterThan(dof20);
        assertThat(dof20).isGreaterThan(dof40);
        assertThat(dof10).isBetween(4.0, 10.0);
        scope.close();
    }
}
