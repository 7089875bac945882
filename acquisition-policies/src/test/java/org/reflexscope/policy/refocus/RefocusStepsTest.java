package org.reflexscope.policy.refocus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RefocusStepsTest {
    @Test
    void aThreeMicronDepthOfFieldGivesTheStepsUsedWhenTheOpticsAreUnknown() {
        RefocusSteps s = RefocusSteps.forDepthOfField(3);
        RefocusSteps u = RefocusSteps.UNKNOWN_OPTICS;
        assertThat(s.holdStepUm()).isCloseTo(u.holdStepUm(), within(1e-12));
        assertThat(s.searchRangeUm()).isCloseTo(u.searchRangeUm(), within(1e-12));
        assertThat(s.coarseStepUm()).isCloseTo(u.coarseStepUm(), within(1e-12));
        assertThat(s.fineStepUm()).isCloseTo(u.fineStepUm(), within(1e-12));
    }

    @Test
    void stepsScaleWithTheDepthOfFieldAndTheFineStepStaysBelowTheCoarseOne() {
        for (double dof : new double[] {0.4, 1.26, 3.08, 9.1, 40}) {
            RefocusSteps s = RefocusSteps.forDepthOfField(dof);
            assertThat(s.holdStepUm()).as("hold step for DOF %s", dof).isCloseTo(dof / 6, within(1e-12));
            assertThat(s.searchRangeUm()).isCloseTo(5 * dof / 3, within(1e-12));
            assertThat(s.fineStepUm()).isLessThan(s.coarseStepUm());
            assertThat(s.holdStepUm() * 2).as("a dither of ±1 step stays within ±DOF/2").isLessThan(dof);
            // the policy accepts them
            RefocusPolicy.builder().optStepUm(s.holdStepUm()).optSearchRangeUm(s.searchRangeUm())
                    .optSearchStepsUm(s.coarseStepUm(), s.fineStepUm()).build();
        }
    }

    @Test
    void depthOfFieldFollowsInoue() {
        // the simulator's objectives at 520 nm in air: 10X NA 0.3 1 µm/px, 20X NA 0.5 0.5 µm/px, 40X NA 0.75 0.25
        assertThat(RefocusSteps.depthOfFieldUm(520, 1, 0.3, 1.0)).isCloseTo(0.52 / 0.09 + 1 / 0.3, within(1e-9));
        assertThat(RefocusSteps.depthOfFieldUm(520, 1, 0.5, 0.5)).isCloseTo(3.08, within(1e-9));
        assertThat(RefocusSteps.depthOfFieldUm(520, 1, 0.75, 0.25)).isCloseTo(1.2578, within(1e-4));
        // oil, NA 1.4, 0.1 µm pixels: λn/NA² = 0.402, n e / NA = 0.108
        assertThat(RefocusSteps.depthOfFieldUm(520, 1.515, 1.4, 0.1)).isCloseTo(0.5102, within(1e-3));
    }

    @Test
    void badOpticsAreRefusedWithTheValues() {
        assertThatThrownBy(() -> RefocusSteps.forDepthOfField(0)).hasMessageContaining("got 0.0");
        assertThatThrownBy(() -> RefocusSteps.forDepthOfField(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> RefocusSteps.depthOfFieldUm(520, 1, 1.2, 0.1)).hasMessageContaining("NA 1.2");
    }
}
