package org.reflexscope.policy.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.plan.Acquire;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.plan.Proposal;
import org.reflexscope.policy.plan.ProposalOutcome;
import org.reflexscope.policy.plan.SetPreset;
import org.reflexscope.policy.support.States;

class HighResTriggerPolicyTest {
    private static final double C = 127.5;
    private static final long SECOND = 1_000_000_000L;
    private static final AcquisitionRequest STACK = AcquisitionRequest.zStack(-2, 2, 1).withChannel("RFP");
    private final MicroscopeState state = States.at(100, 200, 50).build();

    private static AnalysisResult frame(long seq, Detection... ds) {
        AnalysisResult.Builder b = AnalysisResult.builder(seq, FrameMetadata.builder().optStage(100, 200, 50)
                .build()).optFrameSize(256, 256);
        for (Detection d : ds) {
            b.addDetection(d);
        }
        return b.build();
    }

    private static Detection dividing(double xPx) {
        return Detection.builder(xPx, C).optLabel("dividing").optScore(0.9).optElongation(1.8).build();
    }

    private static Detection calm(double xPx) {
        return Detection.builder(xPx, C).optLabel("cell").optScore(0.9).build();
    }

    private static HighResTriggerPolicy.Builder policy() {
        return HighResTriggerPolicy.builder("40X", STACK).optConsecutiveFrames(3)
                .optCriterion(TriggerCriterion.any().withLabel("dividing").withMinScore(0.5).withMinElongation(1.5))
                .optParfocalOffsetUm("10X", 0).optParfocalOffsetUm("40X", 2.5).optCooldown(Duration.ofSeconds(10))
                .optBudget(2);
    }

    @Test
    void triggersAfterNConsecutiveFramesWithASaveSwitchAcquireRestorePlan() {
        HighResTriggerPolicy p = policy().build();
        assertThat(p.propose(frame(1, dividing(C + 20)), state, 0)).isEmpty();
        assertThat(p.propose(frame(2, dividing(C + 21)), state, 0)).isEmpty();
        Optional<Proposal> prop = p.propose(frame(3, dividing(C + 22)), state, 0);
        assertThat(prop).isPresent();
        assertThat(prop.get().exclusive()).isTrue();
        assertThat(prop.get().clampAllowed()).isFalse();
        assertThat(prop.get().plan().steps()).containsExactly(
                MoveXY.to(111, 200),
                SetPreset.of(MicroscopeControl.OBJECTIVE_GROUP, "40X"),
                MoveZ.to(52.5),
                Acquire.of(STACK),
                SetPreset.of(MicroscopeControl.OBJECTIVE_GROUP, "10X"),
                MoveZ.to(50),
                MoveXY.to(100, 200));
    }

    @Test
    void aBrokenStreakStartsCountingAgain() {
        HighResTriggerPolicy p = policy().build();
        assertThat(p.propose(frame(1, dividing(C)), state, 0)).isEmpty();
        assertThat(p.propose(frame(2, dividing(C)), state, 0)).isEmpty();
        assertThat(p.propose(frame(3, calm(C)), state, 0)).isEmpty();
        assertThat(p.propose(frame(4, dividing(C)), state, 0)).isEmpty();
        assertThat(p.propose(frame(5, dividing(C)), state, 0)).isEmpty();
        assertThat(p.propose(frame(6, dividing(C)), state, 0)).isPresent();
    }

    @Test
    void anObjectOutsideTheGateDoesNotContinueTheStreak() {
        HighResTriggerPolicy p = policy().optGateUm(5).build();
        assertThat(p.propose(frame(1, dividing(C)), state, 0)).isEmpty();
        assertThat(p.propose(frame(2, dividing(C)), state, 0)).isEmpty();
        assertThat(p.propose(frame(3, dividing(C + 100)), state, 0)).isEmpty();
        assertThat(p.propose(frame(4, dividing(C + 100)), state, 0)).isEmpty();
        assertThat(p.propose(frame(5, dividing(C + 100)), state, 0)).isPresent();
    }

    @Test
    void cooldownAndBudgetLimitTriggers() {
        HighResTriggerPolicy p = policy().optConsecutiveFrames(1).build();
        Optional<Proposal> first = p.propose(frame(1, dividing(C)), state, 0);
        assertThat(first).isPresent();
        p.onOutcome(first.get(), ProposalOutcome.EXECUTED);
        assertThat(p.propose(frame(2, dividing(C)), state, 5 * SECOND)).as("in cooldown").isEmpty();
        Optional<Proposal> second = p.propose(frame(3, dividing(C)), state, 11 * SECOND);
        assertThat(second).isPresent();
        p.onOutcome(second.get(), ProposalOutcome.EXECUTED);
        assertThat(p.propose(frame(4, dividing(C)), state, 100 * SECOND)).as("budget of 2 spent").isEmpty();
        assertThat(p.used()).isEqualTo(2);
    }

    @Test
    void aCapturedObjectIsNotCapturedAgainUntilTheRecaptureIntervalButAnotherIs() {
        HighResTriggerPolicy p = policy().optConsecutiveFrames(1).optCooldown(Duration.ofSeconds(1)).optBudget(5)
                .optRecaptureAfter(Duration.ofSeconds(20)).build();
        Optional<Proposal> first = p.propose(frame(1, dividing(C)), state, 0);
        p.onOutcome(first.get(), ProposalOutcome.EXECUTED);
        assertThat(p.propose(frame(2, dividing(C + 2)), state, 5 * SECOND)).as("same object, still labelled")
                .isEmpty();
        Optional<Proposal> other = p.propose(frame(3, dividing(C + 2), dividing(C + 100)), state, 6 * SECOND);
        assertThat(other).isPresent();
        assertThat(other.get().target().get().xPx()).isEqualTo(C + 100);
        p.onOutcome(other.get(), ProposalOutcome.EXECUTED);
        assertThat(p.propose(frame(4, dividing(C + 2)), state, 21 * SECOND)).as("after 20 s").isPresent();
    }

    @Test
    void aHeldOrRejectedPlanIsProposedAgainWithoutCooldown() {
        HighResTriggerPolicy p = policy().optConsecutiveFrames(1).build();
        Optional<Proposal> first = p.propose(frame(1, dividing(C)), state, 0);
        p.onOutcome(first.get(), ProposalOutcome.REJECTED);
        assertThat(p.propose(frame(2, dividing(C)), state, 1)).isPresent();
        assertThat(p.used()).isZero();
    }
}
