package org.reflexscope.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.support.Frames;

class VirtualMicroscopeDeterminismTest {

    private static List<Frame> firstFrames(Scenario s, int n) throws Exception {
        List<Frame> out = new ArrayList<>();
        try (VirtualMicroscope scope = VirtualMicroscope.of(s)) {
            scope.start();
            FrameSlot slot = new FrameSlot(scope.maxFormat());
            for (int i = 0; i < n; i++) {
                out.add(Frames.next(scope, slot));
            }
        }
        return out;
    }

    @Test
    void sameSeedGivesIdenticalFrames() throws Exception {
        Scenario s = Scenario.builtIn("mixed").with("camera.width", 96).with("camera.height", 80)
                .with("specimen.cells.overlap", true); // 24 cells do not fit side by side in 48 x 40 um
        assertThat(firstFrames(s, 5)).isEqualTo(firstFrames(s, 5));
    }

    @Test
    void differentSeedsGiveDifferentFrames() throws Exception {
        Scenario s = Scenario.builtIn("drifting-focus-beads").with("camera.width", 64).with("camera.height", 64);
        Frame a = firstFrames(s, 1).get(0);
        Frame b = firstFrames(s.with("seed", 43), 1).get(0);
        assertThat(a.format()).isEqualTo(b.format());
        assertThat(a.pixels()).isNotEqualTo(b.pixels());
    }

    @Test
    void frameTimesAndImageNumbersFollowTheVirtualClock() throws Exception {
        Scenario s = Scenario.defaults().with("camera.width", 32).with("camera.height", 32)
                .with("camera.frameIntervalMs", 25.0).with("camera.exposureMs", 10.0);
        List<Frame> frames = firstFrames(s, 4);
        for (int k = 0; k < 4; k++) {
            assertThat(frames.get(k).metadata().imageNumber()).isEqualTo(k);
            assertThat(frames.get(k).metadata().cameraTimeMs()).isEqualTo(25.0 * k);
            assertThat(frames.get(k).metadata().exposureMs()).isEqualTo(10.0);
            assertThat(frames.get(k).metadata().objective()).isEqualTo("10X");
        }
    }
}
