package org.reflexscope.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.log.ExecutionStatus;
import org.reflexscope.policy.log.ProposalRecord;
import org.reflexscope.policy.plan.Acquire;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.plan.ProposalOutcome;
import org.reflexscope.policy.plan.SetPreset;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.support.FunctionPolicy;
import org.reflexscope.policy.support.Results;
import org.reflexscope.policy.support.States;

class DecisionCoreArbitrationTest {
    private static final long T0 = 1_000_000_000_000L;
    private final SafetyEnvelope env = SafetyEnvelope.builder().optZLimitsUm(0, 100).optMaxZStepUm(5)
            .optAllowedPresets("Objective", "10X", "40X").build();
    private final MicroscopeState state = States.at(0, 0, 50).build();

    private final FunctionPolicy refocus = new FunctionPolicy("refocus", 50, true, false,
            (r, s) -> HardwarePlan.of("refocus", MoveZ.to(s.zUm() + 1)));
    private final FunctionPolicy track = new FunctionPolicy("track", 40, true, false,
            (r, s) -> HardwarePlan.of("track", MoveXY.to(s.xUm() + 3, s.yUm())));
    private final FunctionPolicy highres = new FunctionPolicy("highres", 100, false, true,
            (r, s) -> HardwarePlan.of("highres", SetPreset.of("Objective", "40X"),
                    Acquire.of(AcquisitionRequest.burst(3)), SetPreset.of("Objective", "10X")));

    private DecisionCore core(FunctionPolicy... ps) {
        return new DecisionCore(List.of(ps), env, false, 1_000_000_000L, 1.0, 5.0);
    }

    private static List<ProposalOutcome> outcomes(List<ProposalRecord> rs) {
        return rs.stream().map(ProposalRecord::outcome).collect(java.util.stream.Collectors.toList());
    }

    @Test
    void refocusAndTrackingCombineIntoOnePlan() {
        DecisionCore.Output c = core(track, refocus).decide(Results.at(1, T0, 1).build(), state, T0);
        assertThat(c.toExecute).isEqualTo(HardwarePlan.of("refocus+track", MoveZ.to(51), MoveXY.to(3, 0)));
    }

    @Test
    void aHighResPlanPreemptsTheOthersAndRunsAlone() {
        DecisionCore core = core(track, refocus, highres);
        DecisionCore.Output c = core.decide(Results.at(1, T0, 1).build(), state, T0);
        assertThat(c.toExecute.name()).isEqualTo("highres");
        assertThat(track.outcomes()).containsExactly(ProposalOutcome.PREEMPTED);
        DecisionCore.Output done = core.planFinished(ExecutionStatus.SUCCEEDED, "", null, T0, T0 + 10, state, true);
        assertThat(outcomes(done.record.proposals())).containsExactly(ProposalOutcome.EXECUTED,
                ProposalOutcome.PREEMPTED, ProposalOutcome.PREEMPTED);
        assertThat(highres.outcomes()).containsExactly(ProposalOutcome.EXECUTED);
    }

    @Test
    void ofTwoMovesOfTheSameAxisTheHigherPriorityWins() {
        FunctionPolicy down = new FunctionPolicy("down", 10, true, false,
                (r, s) -> HardwarePlan.of("down", MoveZ.to(s.zUm() - 1)));
        DecisionCore.Output c = core(down, refocus).decide(Results.at(1, T0, 1).build(), state, T0);
        assertThat(c.toExecute).isEqualTo(HardwarePlan.of("refocus", MoveZ.to(51)));
        assertThat(down.outcomes()).containsExactly(ProposalOutcome.PREEMPTED);
    }

    @Test
    void nothingStartsWhileAPlanIsInFlight() {
        DecisionCore core = core(refocus);
        assertThat(core.decide(Results.at(1, T0, 1).build(), state, T0).toExecute).isNotNull();
        assertThat(core.needsState()).isFalse();
        DecisionCore.Output busy = core.decide(Results.at(2, T0 + 5, 1).build(), null, T0 + 5);
        assertThat(busy.toExecute).isNull();
        assertThat(busy.record.gate()).startsWith("busy");
        assertThat(outcomes(busy.record.proposals())).containsExactly(ProposalOutcome.BUSY);
    }

    @Test
    void framesExposedBeforeTheLastMoveFinishedAreNotActedOn() {
        DecisionCore core = core(refocus);
        core.decide(Results.at(1, T0, 1).build(), state, T0);
        core.planFinished(ExecutionStatus.SUCCEEDED, "", null, T0, T0 + 100, States.at(0, 0, 51).build(), true);
        DecisionCore.Output settling = core.decide(Results.at(2, T0 + 50, 1).build(), States.at(0, 0, 51).build(),
                T0 + 150);
        assertThat(settling.record.gate()).startsWith("settling");
        assertThat(settling.toExecute).isNull();
        DecisionCore.Output next = core.decide(Results.at(3, T0 + 200, 1).build(), States.at(0, 0, 51).build(),
                T0 + 250);
        assertThat(next.toExecute).isEqualTo(HardwarePlan.of("refocus", MoveZ.to(52)));
    }
}
