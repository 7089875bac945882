package org.reflexscope.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.support.Frames;
import org.reflexscope.sim.support.SingleBead;

class CameraGeometryTest {

    private static Scenario base() {
        return Scenario.defaults().with("camera.width", 64).with("camera.height", 64)
                .with("drift.focusRateUmPerMin", 0.0).with("drift.wanderAmplitudeUm", 0.0);
    }

    /** Coordinates {x, y} of the brightest pixel. */
    private static int[] brightest(Frame f) {
        int[] best = {0, 0};
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                if (f.valueAt(x, y) > f.valueAt(best[0], best[1])) {
                    best = new int[] {x, y};
                }
            }
        }
        return best;
    }

    private static Frame first(Scenario s, double beadX, double beadY) throws Exception {
        try (VirtualMicroscope scope = VirtualMicroscope.builder(s).optSpecimen(new SingleBead(beadX, beadY, 2000))
                .build()) {
            scope.start();
            return Frames.next(scope, new FrameSlot(scope.maxFormat()));
        }
    }

    @Test
    void objectAppearsWhereTheStageAndPixelSizePutIt() throws Exception {
        Frame f = first(base(), 10.5, -20.5);
        assertThat(brightest(f)).containsExactly(32 + 10, 32 - 21);
    }

    @Test
    void roiCropsTheSensorAndReportsItsOffset() throws Exception {
        Frame f = first(base().with("camera.roi", List.of(16, 8, 32, 40)), 10.5, -20.5);
        assertThat(f.width()).isEqualTo(32);
        assertThat(f.height()).isEqualTo(40);
        assertThat(brightest(f)).containsExactly(42 - 16, 11 - 8);
        assertThat(f.metadata().roiX()).isEqualTo(16);
        assertThat(f.metadata().roiY()).isEqualTo(8);
    }

    @Test
    void binningHalvesTheFrameDoublesThePixelAndSumsTheBackground() throws Exception {
        Scenario s = base().with("camera.readNoiseE", 0.0).with("camera.offsetAdu", 0.0);
        Frame full = first(s, 10.5, -20.5);
        Frame binned = first(s.with("camera.binning", 2), 10.5, -20.5);
        assertThat(binned.width()).isEqualTo(32);
        assertThat(binned.metadata().binning()).isEqualTo(2);
        assertThat(binned.metadata().pixelSizeUm()).isEqualTo(2.0);
        assertThat(brightest(binned)).containsExactly(21, 5);
        assertThat(Frames.mean(binned)).isCloseTo(4 * Frames.mean(full), within(0.05 * 4 * Frames.mean(full)));
    }

    @Test
    void exposureScalesSignalAndIntervalSetsTheClock() throws Exception {
        try (VirtualMicroscope scope = VirtualMicroscope.builder(base().with("camera.offsetAdu", 0.0))
                .optSpecimen(new SingleBead(0.5, 0.5, 2000)).build()) {
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            double at20 = Frames.peak(Frames.next(scope, slot), 32, 32, 2);
            scope.setExposureMs(40);
            scope.setFrameIntervalMs(0);
            Frame f = Frames.next(scope, slot);
            assertThat(Frames.peak(f, 32, 32, 2)).isCloseTo(2 * at20, within(0.1 * 2 * at20));
            double t = f.metadata().cameraTimeMs();
            assertThat(Frames.next(scope, slot).metadata().cameraTimeMs()).isEqualTo(t + 40);
            assertThat(scope.state().exposureMs()).isEqualTo(40);
        }
    }
}
