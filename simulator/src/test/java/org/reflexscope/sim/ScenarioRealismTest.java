package org.reflexscope.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.score.Score;
import org.reflexscope.sim.score.Scorer;
import org.reflexscope.sim.specimen.CellPopulation;
import org.reflexscope.sim.support.Frames;
import org.reflexscope.sim.truth.TrueEvent;

/**
 * The built-in scenarios must be worth closing a loop on: without correction the focus leaves the depth of field
 * and the target leaves the centre; with perfect (ground-truth) correction both stay put. And a division's
 * precursor must be visible in the pixels before the split.
 */
class ScenarioRealismTest {

    private static Score run(Scenario s, boolean correctFocus, boolean follow) throws Exception {
        double dof;
        try (VirtualMicroscope scope = VirtualMicroscope.of(s.with("camera.width", 64).with("camera.height", 64))) {
            dof = scope.objectives().get(s.optics().objective()).depthOfFieldUm();
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            double[] target = new double[2];
            int frames = (int) (s.durationS() * 1000 / s.camera().frameIntervalMs());
            for (int i = 0; i < frames; i++) {
                double t = scope.timeMs();
                if (correctFocus) {
                    scope.moveZ(scope.groundTruth().focalPlaneUm(t, s.optics().objective()));
                }
                if (follow && scope.groundTruth().targetPosition(t, target)) {
                    scope.moveXY(target[0], target[1]);
                }
                Frames.next(scope, slot);
            }
            return Scorer.builder().optDepthOfFieldUm(dof).build().score(scope.trace());
        }
    }

    @Test
    void driftingFocusLeavesTheDepthOfFieldUnlessCorrected() throws Exception {
        Scenario s = Scenario.builtIn("drifting-focus-beads");
        Score open = run(s, false, false);
        Score closed = run(s, true, false);
        assertThat(open.fractionInFocus()).isLessThan(0.8);
        assertThat(open.focusMaxUm()).isGreaterThan(2.5);
        assertThat(closed.fractionInFocus()).isEqualTo(1.0);
        assertThat(closed.focusMaxUm()).isLessThan(1e-9);
    }

    @Test
    void movingCellLeavesTheCentreUnlessFollowed() throws Exception {
        Scenario s = Scenario.builtIn("moving-cell");
        Score open = run(s, false, false);
        Score closed = run(s, false, true);
        assertThat(open.trackingMaxUm()).isGreaterThan(20.0);
        assertThat(closed.trackingMaxUm()).isLessThan(1e-9);
    }

    /** Intensity-weighted spread (µm²) along x of the background-subtracted image around its centre of mass. */
    private static double spreadX(Frame f, double background) {
        double m0 = 0;
        double m1 = 0;
        double m2 = 0;
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                double v = Math.max(0, f.valueAt(x, y) - background);
                m0 += v;
                m1 += v * x;
                m2 += v * x * (double) x;
            }
        }
        double mean = m1 / m0;
        return m2 / m0 - mean * mean;
    }

    @Test
    void divisionPrecursorElongatesTheCellBeforeTheSplitAndTheDaughtersSeparate() throws Exception {
        CellPopulation one = new CellPopulation(CellPopulation.params().setCount(1).setArea(0, 0, 1, 1)
                .optAppearance(5, 5000).optMotion(0, 0, 0).optDivisions(1, 10, 10, 2, 14), 3);
        TrueEvent e = one.events().get(0);
        Scenario s = Scenario.defaults().with("camera.width", 64).with("camera.height", 64)
                .with("camera.backgroundPhotonsPerPixelPerMs", 0.0).with("camera.readNoiseE", 0.0)
                .with("camera.offsetAdu", 0.0).with("drift.focusRateUmPerMin", 0.0)
                .with("drift.wanderAmplitudeUm", 0.0).with("camera.frameIntervalMs", 250.0);
        try (VirtualMicroscope scope = VirtualMicroscope.builder(s).optSpecimen(one).build()) {
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            double before = Double.NaN;
            double late = Double.NaN;
            double after = Double.NaN;
            while (slot.cameraTimeMs() < e.timeMs() + 2500 || Double.isNaN(slot.cameraTimeMs())) {
                Frame f = Frames.next(scope, slot);
                double t = f.metadata().cameraTimeMs();
                double spread = spreadX(f, 0) + spreadY(f);
                if (t == e.onsetMs() - 1000) {
                    before = spread;
                } else if (t == e.timeMs() - 250) {
                    late = spread;
                } else if (t == e.timeMs() + 2000) {
                    after = spread;
                }
            }
            assertThat(late).as("elongated near the end of the precursor").isGreaterThan(1.3 * before);
            assertThat(after).as("daughters apart after the split").isGreaterThan(1.5 * late);
        }
    }

    private static double spreadY(Frame f) {
        double m0 = 0;
        double m1 = 0;
        double m2 = 0;
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                double v = f.valueAt(x, y);
                m0 += v;
                m1 += v * y;
                m2 += v * y * (double) y;
            }
        }
        double mean = m1 / m0;
        return m2 / m0 - mean * mean;
    }
}
