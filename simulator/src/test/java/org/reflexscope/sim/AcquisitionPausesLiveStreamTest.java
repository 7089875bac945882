package org.reflexscope.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.source.FrameSource.FillResult;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.sim.scenario.ClockMode;
import org.reflexscope.sim.scenario.Scenario;

/**
 * On the real-time clock the live stream and a high-resolution acquisition share one camera: while the camera takes
 * the acquisition's frames no live frame is exposed, so none of the acquisition's time (at the high-resolution
 * objective) reaches the analysis as a live frame; the stream resumes after it, without an image-number gap.
 */
class AcquisitionPausesLiveStreamTest {

    @Test
    void noLiveFrameIsExposedWhileTheCameraTakesAnAcquisition() throws Exception {
        Scenario s = Scenario.defaults().with("camera.width", 64).with("camera.height", 64)
                .with("camera.exposureMs", 5.0).with("camera.frameIntervalMs", 20.0).with("durationS", 60.0);
        List<double[]> live = new ArrayList<>(); // camera ms, image number
        List<String> objectives = new ArrayList<>();
        try (VirtualMicroscope scope = VirtualMicroscope.builder(s).optClock(ClockMode.REAL_TIME).build()) {
            scope.start();
            Thread reader = new Thread(() -> {
                FrameSlot slot = new FrameSlot(scope.maxFormat());
                try {
                    FillResult r;
                    while ((r = scope.fill(slot, 50, TimeUnit.MILLISECONDS)) != FillResult.END_OF_STREAM) {
                        if (r == FillResult.FRAME) {
                            synchronized (live) {
                                live.add(new double[] {slot.cameraTimeMs(), slot.imageNumber()});
                                objectives.add(slot.objective());
                            }
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "reader");
            reader.start();
            Thread.sleep(200);
            scope.setPreset("Objective", "40X");
            AcquiredStack stack = scope.acquire(AcquisitionRequest.burst(5).withExposureMs(100));
            scope.setPreset("Objective", "10X");
            Thread.sleep(200);
            scope.stop();
            reader.join(5000);

            double t0 = stack.frames().get(0).metadata().cameraTimeMs();
            double t1 = t0 + 5 * 100;
            List<Double> inside = new ArrayList<>();
            int after = 0;
            synchronized (live) {
                for (int i = 0; i < live.size(); i++) {
                    double t = live.get(i)[0];
                    if (t > t0 && t < t1) {
                        inside.add(t);
                    }
                    if (t >= t1) {
                        after++;
                    }
                    if (i > 0) {
                        assertThat(live.get(i)[1]).as("image numbers stay consecutive").isEqualTo(live.get(i - 1)[1]
                                + 1);
                    }
                }
            }
            assertThat(inside).as("live frames exposed during the acquisition [%s, %s] ms", t0, t1).isEmpty();
            assertThat(after).as("the live stream resumed after the acquisition").isGreaterThanOrEqualTo(3);
            assertThat(scope.framesLostUpstream()).isZero();
        }
    }
}
