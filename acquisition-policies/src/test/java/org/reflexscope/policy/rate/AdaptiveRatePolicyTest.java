package org.reflexscope.policy.rate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.plan.Proposal;
import org.reflexscope.policy.plan.ProposalOutcome;
import org.reflexscope.policy.plan.SetFrameInterval;
import org.reflexscope.policy.support.States;

class AdaptiveRatePolicyTest {
    private static final long SECOND = 1_000_000_000L;
    private final MicroscopeState slow = States.at(0, 0, 0).optFrameIntervalMs(1000).build();

    private static AnalysisResult score(double s) {
        return AnalysisResult.builder(1, FrameMetadata.builder().build()).optScore(AnalysisResult.EVENT_SCORE, s)
                .build();
    }

    private static double interval(Optional<Proposal> p) {
        assertThat(p).isPresent();
        return ((SetFrameInterval) p.get().plan().steps().get(0)).intervalMs();
    }

    private static AdaptiveRatePolicy policy() {
        return AdaptiveRatePolicy.builder(1000, 50, 0.3, 0.7).optMinFastDwell(Duration.ofSeconds(5)).build();
    }

    @Test
    void switchesWithHysteresisAndAMinimumDwell() {
        AdaptiveRatePolicy p = policy();
        assertThat(p.propose(score(0.5), slow, 0)).isEmpty();
        Optional<Proposal> fast = p.propose(score(0.8), slow, SECOND);
        assertThat(interval(fast)).isEqualTo(50);
        p.onOutcome(fast.get(), ProposalOutcome.EXECUTED);
        assertThat(p.mode()).contains(AdaptiveRatePolicy.Mode.FAST);
        assertThat(p.propose(score(0.5), slow, 2 * SECOND)).as("between thresholds").isEmpty();
        assertThat(p.propose(score(0.1), slow, 3 * SECOND)).as("within the fast dwell").isEmpty();
        Optional<Proposal> back = p.propose(score(0.1), slow, 7 * SECOND);
        assertThat(interval(back)).isEqualTo(1000);
        p.onOutcome(back.get(), ProposalOutcome.EXECUTED);
        assertThat(p.mode()).contains(AdaptiveRatePolicy.Mode.SLOW);
    }

    @Test
    void startsBySettingTheSlowIntervalWhenTheMicroscopeRunsAnother() {
        AdaptiveRatePolicy p = policy();
        MicroscopeState other = States.at(0, 0, 0).optFrameIntervalMs(200).build();
        assertThat(interval(p.propose(score(0.1), other, 0))).isEqualTo(1000);
    }

    @Test
    void aSwitchThatWasHeldIsProposedAgain() {
        AdaptiveRatePolicy p = policy();
        Optional<Proposal> fast = p.propose(score(0.9), slow, 0);
        p.onOutcome(fast.get(), ProposalOutcome.HELD);
        assertThat(p.mode()).contains(AdaptiveRatePolicy.Mode.SLOW);
        assertThat(interval(p.propose(score(0.9), slow, 1))).isEqualTo(50);
    }

    @Test
    void canReadTheEventScoreFromLabelledDetections() {
        AdaptiveRatePolicy p = AdaptiveRatePolicy.builder(1000, 50, 0.3, 0.7).optEventLabel("dividing").build();
        AnalysisResult r = AnalysisResult.builder(1, FrameMetadata.builder().build())
                .addDetection(Detection.builder(1, 1).optLabel("cell").optScore(0.99).build())
                .addDetection(Detection.builder(1, 1).optLabel("dividing").optScore(0.75).build()).build();
        assertThat(p.eventScore(r)).isEqualTo(0.75);
        assertThat(interval(p.propose(r, slow, 0))).isEqualTo(50);
    }

    @Test
    void rejectsThresholdsWithoutHysteresis() {
        assertThatThrownBy(() -> AdaptiveRatePolicy.builder(1000, 50, 0.7, 0.7))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower < upper");
    }
}
