package org.reflexscope.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.log.ExecutionStatus;
import org.reflexscope.policy.log.ProposalRecord;
import org.reflexscope.policy.plan.Acquire;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.plan.ProposalOutcome;
import org.reflexscope.policy.safety.EnvelopeVerdict;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.support.FunctionPolicy;
import org.reflexscope.policy.support.Results;
import org.reflexscope.policy.support.States;

/**
 * The decision core's manual-override gate (Z, XY, objective; baselines after each executed plan and after resume)
 * and the re-check of a combined plan: a combination the envelope rejects runs nothing and is logged REJECTED.
 */
class DecisionCoreGatesTest {
    private static final long T0 = 1_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final double OVERRIDE_Z = 0.5;
    private static final double OVERRIDE_XY = 5.0;
    private final SafetyEnvelope env = SafetyEnvelope.builder().optZLimitsUm(0, 100).optMaxZStepUm(5)
            .optAllowedPresets(MicroscopeControl.OBJECTIVE_GROUP, "10X", "40X").build();
    private final FunctionPolicy refocus = new FunctionPolicy("refocus", 50, true, false,
            (r, s) -> HardwarePlan.of("refocus", MoveZ.to(s.zUm() + 1)));

    private DecisionCore core(boolean dryRun, FunctionPolicy... ps) {
        return new DecisionCore(List.of(ps), env, dryRun, 1_000_000_000L, OVERRIDE_Z, OVERRIDE_XY);
    }

    private static List<ProposalOutcome> outcomes(List<ProposalRecord> rs) {
        return rs.stream().map(ProposalRecord::outcome).collect(Collectors.toList());
    }

    /** Decision {@code n} at {@code T0 + n ms} on a fresh state. */
    private static DecisionCore.Output decide(DecisionCore core, int n, MicroscopeState s) {
        return core.decide(Results.at(n, T0 + n * MS, 1).build(), s, T0 + n * MS);
    }

    /** A core with its baseline at (0, 0, 50) 10X, nothing in flight. */
    private DecisionCore withBaseline(FunctionPolicy p) {
        DecisionCore core = core(false, p);
        assertThat(decide(core, 1, States.at(0, 0, 50).build()).toExecute).isNotNull();
        core.planFinished(ExecutionStatus.SUCCEEDED, "", null, T0 + MS, T0 + 2 * MS, States.at(0, 0, 51).build(),
                true);
        return core;
    }

    private static void assertOverride(DecisionCore.Output c, String what) {
        assertThat(c.toExecute).isNull();
        assertThat(c.record.gate()).startsWith("manual override: ").contains(what);
        assertThat(c.events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EngineEvent.Kind.MANUAL_OVERRIDE);
            assertThat(e.message()).contains(what).contains("paused until resumed");
        });
    }

    @Test
    void theStateAfterAnExecutedPlanIsTheNewBaseline() {
        DecisionCore core = withBaseline(refocus);
        DecisionCore.Output c = decide(core, 3, States.at(0, 0, 51).build());
        assertThat(c.events).isEmpty();
        assertThat(c.toExecute).isEqualTo(HardwarePlan.of("refocus", MoveZ.to(52)));
    }

    @Test
    void zMovedByHandBeyondTheTolerancePausesPolicies() {
        DecisionCore core = withBaseline(refocus);
        assertOverride(decide(core, 3, States.at(0, 0, 51.6).build()), "Z moved by 0.600 µm");
        assertThat(core.pauseReason()).contains("Z moved");
        assertThat(decide(core, 4, States.at(0, 0, 51.6).build()).record.gate()).startsWith("paused: manual override");
    }

    @Test
    void zWithinTheToleranceIsNotAnOverride() {
        DecisionCore core = withBaseline(refocus);
        DecisionCore.Output c = decide(core, 3, States.at(0, 0, 51 - OVERRIDE_Z).build());
        assertThat(c.events).isEmpty();
        assertThat(c.toExecute).isNotNull();
    }

    @Test
    void xyMovedByHandBeyondTheTolerancePausesPolicies() {
        DecisionCore core = withBaseline(refocus);
        assertOverride(decide(core, 3, States.at(3, 4.1, 51).build()), "XY moved by 5.");
        assertThat(core.needsState()).isFalse();
    }

    @Test
    void xyWithinTheToleranceIsNotAnOverride() {
        DecisionCore core = withBaseline(refocus);
        DecisionCore.Output c = decide(core, 3, States.at(3, 4, 51).build());
        assertThat(c.events).isEmpty();
        assertThat(c.toExecute).isNotNull();
    }

    @Test
    void xyMovementIsMeasuredFromTheBaselineWhereverItIs() {
        DecisionCore core = core(false, refocus);
        decide(core, 1, States.at(100, 200, 50).build());
        core.planFinished(ExecutionStatus.SUCCEEDED, "", null, T0 + MS, T0 + 2 * MS, States.at(100, 200, 51).build(),
                true);
        DecisionCore.Output within = decide(core, 3, States.at(103, 204, 51).build());
        assertThat(within.events).isEmpty();
        core.planFinished(ExecutionStatus.SUCCEEDED, "", null, T0 + 3 * MS, T0 + 3 * MS + 1,
                States.at(103, 204, 52).build(), true);
        assertOverride(decide(core, 5, States.at(106, 208.1, 52).build()), "XY moved by 5.");
    }

    @Test
    void anObjectiveChangedByHandPausesPolicies() {
        DecisionCore core = withBaseline(refocus);
        MicroscopeState s = States.at(0, 0, 51).optPreset(MicroscopeControl.OBJECTIVE_GROUP, "40X").build();
        assertOverride(decide(core, 3, s), "objective changed from '10X' to '40X'");
    }

    @Test
    void resumeForgetsTheBaselineAndThePoliciesMemory() {
        DecisionCore core = withBaseline(refocus);
        MicroscopeState moved = States.at(200, 0, 70).optPreset(MicroscopeControl.OBJECTIVE_GROUP, "40X").build();
        assertOverride(decide(core, 3, moved), "Z moved");
        EngineEvent resumed = core.resume(T0 + 4 * MS);
        assertThat(resumed.kind()).isEqualTo(EngineEvent.Kind.RESUMED);
        assertThat(resumed.message()).startsWith("resumed after: manual override");
        assertThat(refocus.resets()).isEqualTo(1);
        assertThat(core.pauseReason()).isEmpty();
        DecisionCore.Output c = decide(core, 5, moved);
        assertThat(c.events).isEmpty();
        assertThat(c.toExecute).isEqualTo(HardwarePlan.of("refocus", MoveZ.to(71)));
        core.planFinished(ExecutionStatus.SUCCEEDED, "", null, T0 + 5 * MS, T0 + 6 * MS, null, true);
        assertThat(decide(core, 7, moved).toExecute).as("the baseline is the state seen after resume").isNotNull();
        core.planFinished(ExecutionStatus.SUCCEEDED, "", null, T0 + 7 * MS, T0 + 7 * MS + 1, null, true);
        assertOverride(decide(core, 8, States.at(0, 0, 70).build()), "XY moved by 200.000");
    }

    @Test
    void aFailedPlanPausesPoliciesUntilResumed() {
        DecisionCore core = core(false, refocus);
        decide(core, 1, States.at(0, 0, 50).build());
        DecisionCore.Output failed = core.planFinished(ExecutionStatus.FAILED, "stage stuck", null, T0 + MS,
                T0 + 2 * MS, null, true);
        assertThat(failed.events).singleElement().satisfies(e -> assertThat(e.kind())
                .isEqualTo(EngineEvent.Kind.HARDWARE_FAILURE));
        assertThat(outcomes(failed.record.proposals())).containsExactly(ProposalOutcome.FAILED);
        assertThat(decide(core, 3, States.at(0, 0, 50).build()).record.gate()).startsWith("paused: hardware failed");
        core.resume(T0 + 4 * MS);
        DecisionCore.Output c = decide(core, 5, States.at(0, 0, 51).build());
        assertThat(c.toExecute).isEqualTo(HardwarePlan.of("refocus", MoveZ.to(52)));
        assertThat(c.events).isEmpty();
    }

    /** Each plan passes alone; together the stack starts 1 µm higher and leaves the soft limits. */
    private final FunctionPolicy stack = new FunctionPolicy("stack", 40, false, false,
            (r, s) -> HardwarePlan.of("stack", Acquire.of(AcquisitionRequest.zStack(-1, 100 - s.zUm(), 1))));

    @Test
    void aCombinedPlanTheEnvelopeRejectsRunsNothingAndIsLoggedRejected() {
        DecisionCore core = core(false, refocus, stack);
        DecisionCore.Output c = decide(core, 1, States.at(0, 0, 50).build());
        assertThat(c.toExecute).isNull();
        assertThat(c.record).isNotNull();
        assertThat(c.record.execution()).isEqualTo(ExecutionStatus.NONE);
        assertThat(outcomes(c.record.proposals())).containsExactly(ProposalOutcome.REJECTED,
                ProposalOutcome.REJECTED);
        assertThat(c.record.proposals()).allSatisfy(pr -> {
            assertThat(pr.verdict()).isEqualTo(EnvelopeVerdict.Status.REJECTED);
            assertThat(pr.verdictReasons()).anyMatch(r -> r.contains("leaves the soft limits"));
        });
        assertThat(refocus.outcomes()).containsExactly(ProposalOutcome.REJECTED);
        assertThat(stack.outcomes()).containsExactly(ProposalOutcome.REJECTED);
        assertThat(core.counters.get(DecisionCore.REJECTED)).isEqualTo(2);
        assertThat(core.counters.get(DecisionCore.EXECUTED)).isZero();
        assertThat(core.hardwareBusy()).isFalse();
    }

    @Test
    void inDryRunARejectedCombinationIsNotLoggedAsDryRun() {
        DecisionCore core = core(true, refocus, stack);
        DecisionCore.Output c = decide(core, 1, States.at(0, 0, 50).build());
        assertThat(c.toExecute).isNull();
        assertThat(c.record.execution()).isEqualTo(ExecutionStatus.NONE);
        assertThat(outcomes(c.record.proposals())).containsOnly(ProposalOutcome.REJECTED);
        assertThat(core.counters.get(DecisionCore.DRY_RUN_PLANS)).isZero();
    }

    @Test
    void aCombinedPlanTheEnvelopeAcceptsRunsBothAndIsLoggedExecuted() {
        FunctionPolicy smallStack = new FunctionPolicy("stack", 40, false, false,
                (r, s) -> HardwarePlan.of("stack", Acquire.of(AcquisitionRequest.zStack(-1, 1, 1))));
        DecisionCore core = core(false, refocus, smallStack);
        DecisionCore.Output c = decide(core, 1, States.at(0, 0, 50).build());
        assertThat(c.toExecute).isNotNull();
        assertThat(c.toExecute.steps()).hasSize(2);
        DecisionCore.Output done = core.planFinished(ExecutionStatus.SUCCEEDED, "", null, T0 + MS, T0 + 2 * MS,
                States.at(0, 0, 51).build(), true);
        assertThat(outcomes(done.record.proposals())).containsExactly(ProposalOutcome.EXECUTED,
                ProposalOutcome.EXECUTED);
        assertThat(done.record.execution()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }
}
