package org.reflexscope.sim.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.support.Frames;
import org.junit.jupiter.api.Test;

/**
 * Flat frames (no objects) must follow the camera model: mean = offset + gain·e and variance = gain²·(e + read²),
 * e = background photons × exposure × QE. With 65,536 pixels the sampling error of the variance is ~0.6 %; the
 * tolerance is 3 % (plus 0.1 ADU² for rounding).
 */
class CameraNoiseStatisticsTest {

    @ParameterizedTest(name = "{0} e/pixel")
    @CsvSource({"4.0", "15.0", "100.0", "2500.0"})
    void flatFrameMeanAndVarianceMatchTheModel(double electrons) throws Exception {
        double qe = 0.8;
        double exposure = 10;
        double gain = 2.0;
        double read = 1.5;
        double offset = 100;
        Scenario s = Scenario.defaults().with("camera.width", 256).with("camera.height", 256)
                .with("camera.exposureMs", exposure).with("camera.quantumEfficiency", qe)
                .with("camera.gainAduPerE", gain).with("camera.readNoiseE", read).with("camera.offsetAdu", offset)
                .with("camera.backgroundPhotonsPerPixelPerMs", electrons / (qe * exposure))
                .with("specimen.beads.count", 0);
        Frame f;
        try (VirtualMicroscope scope = VirtualMicroscope.of(s)) {
            scope.start();
            f = Frames.next(scope, new FrameSlot(scope.maxFormat()));
        }
        double sum = 0;
        double sq = 0;
        int n = f.width() * f.height();
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                double v = f.valueAt(x, y);
                sum += v;
                sq += v * v;
            }
        }
        double mean = sum / n;
        double variance = sq / n - mean * mean;
        double expectedMean = offset + gain * electrons;
        double expectedVariance = gain * gain * (electrons + read * read);
        assertThat(mean).isCloseTo(expectedMean, within(0.01 * expectedMean));
        assertThat(variance).isCloseTo(expectedVariance, within(0.03 * expectedVariance + 0.1));
    }

    @Test
    void brightPixelsSaturateAtTheBitDepth() throws Exception {
        Scenario s = Scenario.defaults().with("camera.width", 32).with("camera.height", 32)
                .with("camera.bitDepth", 12).with("camera.backgroundPhotonsPerPixelPerMs", 1e5)
                .with("specimen.beads.count", 0);
        try (VirtualMicroscope scope = VirtualMicroscope.of(s)) {
            scope.start();
            Frame f = Frames.next(scope, new FrameSlot(scope.maxFormat()));
            assertThat(Frames.mean(f)).isEqualTo(4095.0);
        }
    }

    @Test
    void eightBitCamerasDeliverGray8() throws Exception {
        Scenario s = Scenario.defaults().with("camera.width", 32).with("camera.height", 32).with("camera.bitDepth", 8)
                .with("camera.offsetAdu", 10.0);
        try (VirtualMicroscope scope = VirtualMicroscope.of(s)) {
            assertThat(scope.maxFormat().pixelType()).isEqualTo(org.reflexscope.core.frame.PixelType.GRAY8);
            scope.start();
            assertThat(Frames.mean(Frames.next(scope, new FrameSlot(scope.maxFormat())))).isBetween(10.0, 255.0);
        }
    }
}
