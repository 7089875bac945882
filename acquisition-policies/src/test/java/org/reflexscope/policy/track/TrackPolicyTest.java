package org.reflexscope.policy.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.frame.PixelCalibration;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.Proposal;
import org.reflexscope.policy.support.States;

class TrackPolicyTest {
    private static final double C = 127.5;

    private static AnalysisResult frame(long seq, double sx, double sy, Detection... ds) {
        AnalysisResult.Builder b = AnalysisResult.builder(seq, FrameMetadata.builder().optStage(sx, sy, 0)
                .build()).optFrameSize(256, 256);
        for (Detection d : ds) {
            b.addDetection(d);
        }
        return b.build();
    }

    private static Detection at(double xPx, double yPx, double size) {
        return Detection.builder(xPx, yPx).optSizePx(size).build();
    }

    private static MoveXY move(Optional<Proposal> p) {
        assertThat(p).isPresent();
        return (MoveXY) p.get().plan().steps().get(0);
    }

    @Test
    void movesTheStageSoTheTargetComesToTheCentre() {
        TrackPolicy p = TrackPolicy.builder().optMaxStepUm(100).build();
        MoveXY m = move(p.propose(frame(1, 1000, 2000, at(C + 100, C - 20, 10)), States.at(1000, 2000, 0).build(),
                0));
        assertThat(m.xUm()).isCloseTo(1050, within(1e-9));
        assertThat(m.yUm()).isCloseTo(1990, within(1e-9));
    }

    @Test
    void limitsEachMoveToTheMaximumStep() {
        TrackPolicy p = TrackPolicy.builder().optMaxStepUm(20).build();
        MoveXY m = move(p.propose(frame(1, 0, 0, at(C + 100, C, 10)), States.at(0, 0, 0).build(), 0));
        assertThat(m.xUm()).isCloseTo(20, within(1e-9));
        assertThat(m.yUm()).isCloseTo(0, within(1e-9));
    }

    @Test
    void followsTheCameraRotationOfThePixelCalibration() {
        MicroscopeState rotated = States.at(0, 0, 0).optCalibration(PixelCalibration.ofMatrix(0, 0.5, -0.5, 0))
                .build();
        TrackPolicy p = TrackPolicy.builder().optMaxStepUm(100).build();
        MoveXY m = move(p.propose(frame(1, 0, 0, at(C + 100, C, 10)), rotated, 0));
        assertThat(m.xUm()).isCloseTo(0, within(1e-9));
        assertThat(m.yUm()).isCloseTo(-50, within(1e-9));
    }

    @Test
    void staysStillInsideTheDeadband() {
        TrackPolicy p = TrackPolicy.builder().optDeadbandUm(2).build();
        assertThat(p.propose(frame(1, 0, 0, at(C + 3, C, 10)), States.at(0, 0, 0).build(), 0)).isEmpty();
        assertThat(p.targetPosition()).isPresent();
    }

    @Test
    void keepsFollowingTheSameObjectByGatedNearestNeighbour() {
        TrackPolicy p = TrackPolicy.builder().optSelector(TargetSelector.LARGEST).optMaxStepUm(100).optGateUm(10)
                .build();
        // Frame 1: the larger object (size 20) at +40 px becomes the target; stage moves to x=20.
        MoveXY m1 = move(p.propose(frame(1, 0, 0, at(C + 40, C, 20), at(C - 60, C, 5)), States.at(0, 0, 0).build(),
                0));
        assertThat(m1.xUm()).isCloseTo(20, within(1e-9));
        // Frame 2 (stage at 20): the target moved 4 µm right; a much larger object appeared 40 µm away.
        MoveXY m2 = move(p.propose(frame(2, 20, 0, at(C + 8, C, 18), at(C - 80, C, 50)), States.at(20, 0, 0)
                .build(), 0));
        assertThat(m2.xUm()).isCloseTo(24, within(1e-9));
    }

    @Test
    void byDefaultPicksTheObjectNearestTheFieldCentreNotTheBrightestOrLargest() {
        Detection middle = Detection.builder(C + 6, C - 4).optSizePx(10).optIntensity(300).build();
        Detection edgeBlob = Detection.builder(C + 110, C + 100).optSizePx(40).optIntensity(900).build();
        TrackPolicy p = TrackPolicy.builder().optMaxStepUm(100).build();
        MoveXY m = move(p.propose(frame(1, 500, 700, edgeBlob, middle), States.at(500, 700, 0).build(), 0));
        assertThat(m.xUm()).isCloseTo(503, within(1e-9));
        assertThat(m.yUm()).isCloseTo(698, within(1e-9));
        TrackPolicy brightest = TrackPolicy.builder().optSelector(TargetSelector.BRIGHTEST).optMaxStepUm(100).build();
        assertThat(move(brightest.propose(frame(1, 500, 700, edgeBlob, middle), States.at(500, 700, 0).build(), 0))
                .xUm()).isCloseTo(555, within(1e-9));
    }

    @Test
    void predictsTheTargetsMotionSoANeighbourAtItsLastPlaceIsNotTakenForIt() {
        // Deadband large so the stage stays at 0,0 and pixel = 0.5 µm offsets stay simple.
        TrackPolicy p = TrackPolicy.builder().optGateUm(5).optDeadbandUm(1000).build();
        MicroscopeState s = States.at(0, 0, 0).build();
        // The target moves +4 µm per frame in x; a neighbour sits still 4.5 µm behind its next position.
        for (int f = 0; f < 6; f++) {
            double tx = 4 * f;
            p.propose(frame(f, 0, 0, at(C + tx / 0.5, C, 10)), s, 0);
        }
        assertThat(p.targetPosition().get()[0]).isCloseTo(20, within(1e-9));
        double nextX = 24;
        Detection neighbour = at(C + (nextX - 4.5) / 0.5, C + 1, 10);
        Detection target = at(C + nextX / 0.5, C, 10);
        p.propose(frame(6, 0, 0, neighbour, target), s, 0);
        assertThat(p.targetPosition().get()[0]).as("nearest to the prediction (~24), not to the last place (20)")
                .isCloseTo(24, within(1e-9));
    }

    @Test
    void perFrameIdsDoNotOverrideTheGateUnlessTheTargetWasChosenById() {
        TrackPolicy p = TrackPolicy.builder().optGateUm(5).optDeadbandUm(1000).build();
        MicroscopeState s = States.at(0, 0, 0).build();
        // frame 1: the middle object has per-frame id 3; frame 2: id 3 is another object 25 µm away
        p.propose(frame(1, 0, 0, Detection.builder(C + 2, C).optId(3).optSizePx(10).build(),
                Detection.builder(C + 50, C).optId(0).optSizePx(10).build()), s, 0);
        p.propose(frame(2, 0, 0, Detection.builder(C + 50, C).optId(3).optSizePx(10).build(),
                Detection.builder(C + 3, C).optId(0).optSizePx(10).build()), s, 0);
        assertThat(p.targetPosition().get()[0]).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void dropsALostTargetAndPicksANewOne() {
        TrackPolicy p = TrackPolicy.builder().optMaxStepUm(100).optGateUm(5).optLostAfterFrames(2).build();
        move(p.propose(frame(1, 0, 0, at(C + 40, C, 20)), States.at(0, 0, 0).build(), 0));
        MicroscopeState s = States.at(20, 0, 0).build();
        Detection far = at(C - 100, C, 30);
        assertThat(p.propose(frame(2, 20, 0, far), s, 0)).isEmpty();
        assertThat(p.propose(frame(3, 20, 0, far), s, 0)).isEmpty();
        MoveXY m = move(p.propose(frame(4, 20, 0, far), s, 0));
        assertThat(m.xUm()).isCloseTo(-30, within(1e-9));
    }

    @Test
    void followsAGivenIdWhenAsked() {
        TrackPolicy p = TrackPolicy.builder().optTargetId(7).optMaxStepUm(100).build();
        Detection big = Detection.builder(C + 40, C).optId(3).optSizePx(50).build();
        Detection seven = Detection.builder(C - 20, C).optId(7).optSizePx(5).build();
        MoveXY m = move(p.propose(frame(1, 0, 0, big, seven), States.at(0, 0, 0).build(), 0));
        assertThat(m.xUm()).isCloseTo(-10, within(1e-9));
        assertThat(p.propose(frame(1, 0, 0, big), States.at(0, 0, 0).build(), 0)).isEmpty();
    }

    @Test
    void keepsAMovingTargetWithinTenPercentOfTheFieldOfView() {
        TrackPolicy p = TrackPolicy.builder().optDeadbandUm(2).optMaxStepUm(20).optGateUm(15).build();
        double sx = 0;
        double sy = 0;
        double worst = 0;
        for (int frame = 0; frame < 600; frame++) {
            double tx = 40 + 3.0 * frame;
            double ty = -25 + 40 * Math.sin(frame / 30.0);
            Detection d = at(C + (tx - sx) / 0.5, C + (ty - sy) / 0.5, 12);
            Optional<Proposal> prop = p.propose(frame(frame, sx, sy, d), States.at(sx, sy, 0).build(), 0);
            if (prop.isPresent()) {
                MoveXY m = move(prop);
                sx = m.xUm();
                sy = m.yUm();
            }
            if (frame > 10) {
                worst = Math.max(worst, Math.hypot(tx + 3.0 - sx, -25 + 40 * Math.sin((frame + 1) / 30.0) - sy));
            }
        }
        double fov = 256 * 0.5;
        assertThat(worst).as("worst distance from centre (µm), target moving 3 µm/frame").isLessThan(0.1 * fov);
    }

    @Test
    void holdsStillRatherThanFollowAnObjectTooFaintToTellFromNoise() {
        TrackPolicy p = TrackPolicy.builder().optMaxStepUm(100).build();
        MicroscopeState s = States.at(0, 0, 0).build();
        for (long i = 1; i <= 10; i++) {
            AnalysisResult faint = AnalysisResult.builder(i, FrameMetadata.builder().optStage(0, 0, 0).build())
                    .optFrameSize(256, 256).optScore(AnalysisResult.DETECTION_THRESHOLD_SCORE, 0.5)
                    .addDetection(Detection.builder(C + 60, C).optSizePx(10).optScore(0.7).build()).build();
            assertThat(p.propose(faint, s, 0)).as("contrast 1.4, frame %d", i).isEmpty();
        }
        assertThat(p.targetPosition()).isEmpty();
        AnalysisResult clear = AnalysisResult.builder(11, FrameMetadata.builder().optStage(0, 0, 0).build())
                .optFrameSize(256, 256).optScore(AnalysisResult.DETECTION_THRESHOLD_SCORE, 0.5)
                .addDetection(Detection.builder(C + 60, C).optSizePx(10).optScore(2.5).build()).build();
        assertThat(move(p.propose(clear, s, 0)).xUm()).as("contrast 5").isCloseTo(30, within(1e-9));
    }
}
