package org.reflexscope.policy.refocus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.plan.Proposal;
import org.reflexscope.policy.support.States;

class RefocusPolicyTest {
    private double z;
    private long seq;

    /** One closed-loop step: measure focus at the current Z, ask the policy, execute its move. */
    private Optional<Proposal> step(RefocusPolicy p, DoubleUnaryOperator focus) {
        seq++;
        AnalysisResult r = AnalysisResult.builder(seq, FrameMetadata.builder().optImageNumber(seq)
                .optStage(0, 0, z).build()).optFocus(focus.applyAsDouble(z), "test").build();
        Optional<Proposal> prop = p.propose(r, States.at(0, 0, z).build(), seq * 100_000_000L);
        prop.ifPresent(x -> z = ((MoveZ) x.plan().steps().get(0)).zUm());
        return prop;
    }

    /** As {@link #step}, the frame having {@code saturated} of its pixels at the camera's largest value. */
    private Optional<Proposal> stepSaturated(RefocusPolicy p, DoubleUnaryOperator focus, double saturated) {
        seq++;
        AnalysisResult r = AnalysisResult.builder(seq, FrameMetadata.builder().optImageNumber(seq)
                .optStage(0, 0, z).build()).optFocus(focus.applyAsDouble(z), "test")
                .optScore(AnalysisResult.SATURATION_SCORE, saturated).build();
        Optional<Proposal> prop = p.propose(r, States.at(0, 0, z).build(), seq * 100_000_000L);
        prop.ifPresent(x -> z = ((MoveZ) x.plan().steps().get(0)).zUm());
        return prop;
    }

    @Test
    void saturatedFramesAreNotUsedAndRefocusResumesWhenTheCameraNoLongerClips() {
        RefocusPolicy p = RefocusPolicy.builder().optStepUm(0.5).build();
        z = 100;
        // a clipped frame's score peaks away from focus: here it rises steeply away from the true peak at 100
        DoubleUnaryOperator clipped = v -> 1 + 50 * Math.abs(v - 100);
        for (int i = 0; i < 20; i++) {
            assertThat(stepSaturated(p, clipped, 0.05)).as("frame %d, 5%% saturated", i).isEmpty();
        }
        assertThat(z).isEqualTo(100);
        assertThat(p.searches()).isZero();
        // below the limit (default 5e-4) frames count again
        assertThat(stepSaturated(p, peakAt(103), 1e-4)).isPresent();
        for (int i = 0; i < 30; i++) {
            step(p, peakAt(103));
        }
        assertThat(z).isCloseTo(103, org.assertj.core.data.Offset.offset(0.75));
    }

    @Test
    void withTheSaturationCheckOffClippedFramesDriveRefocusAway() {
        RefocusPolicy p = RefocusPolicy.builder().optStepUm(0.5).optMaxSaturatedFraction(1).build();
        z = 100;
        DoubleUnaryOperator clipped = v -> 1 + 50 * Math.abs(v - 100);
        for (int i = 0; i < 20; i++) {
            stepSaturated(p, clipped, 0.05);
        }
        assertThat(Math.abs(z - 100)).as("what the check prevents").isGreaterThan(5);
    }

    private static DoubleUnaryOperator peakAt(double peak) {
        return v -> 1 + 100 * Math.exp(-(v - peak) * (v - peak) / (2 * 3 * 3));
    }

    @Test
    void holdClimbsToThePeakAndStaysWithinOneStep() {
        RefocusPolicy p = RefocusPolicy.builder().optStepUm(0.5).build();
        z = 100;
        for (int i = 0; i < 30; i++) {
            step(p, peakAt(103));
        }
        assertThat(z).isCloseTo(103, org.assertj.core.data.Offset.offset(0.75));
        assertThat(p.searches()).isZero();
    }

    @Test
    void holdReversesWhenTheFirstStepMakesFocusWorse() {
        RefocusPolicy p = RefocusPolicy.builder().optStepUm(0.5).build();
        z = 100;
        for (int i = 0; i < 30; i++) {
            step(p, peakAt(97));
        }
        assertThat(z).isCloseTo(97, org.assertj.core.data.Offset.offset(0.75));
    }

    @Test
    void aLargeDropStartsAFullSearchThatFindsTheNewPeak() {
        RefocusPolicy p = RefocusPolicy.builder().optStepUm(0.5).optSearchRangeUm(10).optSearchStepsUm(2, 0.5)
                .build();
        z = 103;
        for (int i = 0; i < 10; i++) {
            step(p, peakAt(103));
        }
        step(p, peakAt(110.2));
        assertThat(p.searching()).isTrue();
        assertThat(p.searches()).isEqualTo(1);
        for (int i = 0; i < 40 && p.searching(); i++) {
            step(p, peakAt(110.2));
        }
        assertThat(p.searching()).isFalse();
        assertThat(z).isCloseTo(110.2, org.assertj.core.data.Offset.offset(0.5));
    }

    @Test
    void unmeasuredFocusProposesNothing() {
        RefocusPolicy p = RefocusPolicy.builder().build();
        AnalysisResult r = AnalysisResult.builder(1, FrameMetadata.builder().build()).build();
        assertThat(p.propose(r, States.at(0, 0, 50).build(), 0)).isEmpty();
    }

    @Test
    void correctionsAllowClampingByTheEnvelope() {
        RefocusPolicy p = RefocusPolicy.builder().build();
        z = 100;
        assertThat(step(p, peakAt(103))).hasValueSatisfying(x -> assertThat(x.clampAllowed()).isTrue());
    }

    @Test
    void holdKeepsUpWithAFocalPlaneDriftingOneMicronPerMinute() {
        RefocusPolicy p = RefocusPolicy.builder().optStepUm(0.3).build();
        z = 100;
        double worst = 0;
        for (int frame = 0; frame < 1200; frame++) {
            double peak = 100 + frame / 60.0;
            step(p, peakAt(peak));
            if (frame > 30) {
                worst = Math.max(worst, Math.abs(z - (100 + (frame + 1) / 60.0)));
            }
        }
        assertThat(worst).as("worst focus error over 20 min of 1 µm/min drift, one frame per second")
                .isLessThan(1.0);
        assertThat(p.searches()).isZero();
    }
}
