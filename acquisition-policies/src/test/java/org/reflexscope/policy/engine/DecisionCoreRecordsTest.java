package org.reflexscope.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.log.ExecutionStatus;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.plan.Proposal;
import org.reflexscope.policy.plan.ProposalOutcome;
import org.reflexscope.policy.plan.SetPreset;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.support.FunctionPolicy;
import org.reflexscope.policy.support.Results;
import org.reflexscope.policy.support.States;

/**
 * What the decision core records and counts: decision numbers, state, gates (no state, settling, watchdog with its
 * boundaries), held and dry-run outcomes, the minimum move interval measured from the last plan that moved, the
 * target of the chosen proposal, execution times, and the age reference of a result.
 */
class DecisionCoreRecordsTest {
    private static final long T0 = 1_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final long WATCHDOG = 1000 * MS;
    private final SafetyEnvelope env = SafetyEnvelope.builder().optZLimitsUm(0, 100).optMaxZStepUm(5)
            .optMinMoveInterval(Duration.ofMillis(100))
            .optAllowedPresets(MicroscopeControl.OBJECTIVE_GROUP, "10X", "40X").build();
    private final MicroscopeState at50 = States.at(100, 200, 50).build();
    private final FunctionPolicy refocus = new FunctionPolicy("refocus", 50, true, false,
            (r, s) -> HardwarePlan.of("refocus", MoveZ.to(s.zUm() + 1)));

    private DecisionCore core(boolean dryRun, long watchdog, AcquisitionPolicy... ps) {
        return new DecisionCore(List.of(ps), env, dryRun, watchdog, 0.5, 5.0);
    }

    private static AnalysisResult result(long seq, long camera, long published, long analysed) {
        return AnalysisResult.builder(seq, FrameMetadata.builder().optImageNumber(seq).build())
                .optFrameSize(64, 64).optTimestamps(camera, published, analysed).build();
    }

    /** A policy proposing {@code plan} with a target detection of id {@code id}. */
    private static AcquisitionPolicy targeting(String name, int priority, long id, HardwarePlan plan) {
        return new AcquisitionPolicy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int priority() {
                return priority;
            }

            @Override
            public Optional<Proposal> propose(AnalysisResult r, MicroscopeState s, long now) {
                return Optional.of(Proposal.builder(name, priority, plan).optReason("test").optTarget(
                        Detection.builder(10 + id, 20).optId(id).optLabel("cell").optScore(0.5).build()).build());
            }
        };
    }

    @Test
    void decisionsAreNumberedFromOneAndRecordTheStateTheyUsed() {
        DecisionCore core = core(false, WATCHDOG);
        assertThat(core.decide(Results.at(1, T0, 1).build(), null, T0).record.gate())
                .isEqualTo("no microscope state yet");
        DecisionCore.Output second = core.decide(Results.at(2, T0, 1).build(), at50, T0);
        DecisionCore.Output third = core.decide(Results.at(3, T0, 1).build(), at50, T0);
        assertThat(second.record.decision()).isEqualTo(2);
        assertThat(third.record.decision()).isEqualTo(3);
        assertThat(third.record.stateXUm()).isEqualTo(100);
        assertThat(third.record.stateZUm()).isEqualTo(50);
        assertThat(third.record.objective()).isEqualTo("10X");
        assertThat(core.counters.get(DecisionCore.DECISIONS)).isEqualTo(3);
    }

    @Test
    void aStateReadFailureIsCountedAndPausesPolicies() {
        DecisionCore core = core(false, WATCHDOG, refocus);
        DecisionCore.Output c = core.stateReadFailed("could not read Z", new RuntimeException("x"), T0);
        assertThat(c.record).isNull();
        assertThat(c.events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EngineEvent.Kind.HARDWARE_FAILURE);
            assertThat(e.message()).startsWith("could not read Z; policies paused").contains("then resume");
        });
        assertThat(core.counters.get(DecisionCore.FAILURES)).isEqualTo(1);
        assertThat(core.needsState()).isFalse();
    }

    @Test
    void theWatchdogHoldsResultsOlderThanItsLimitAndNotThoseExactlyAtIt() {
        DecisionCore core = core(false, WATCHDOG, refocus);
        DecisionCore.Output atLimit = core.decide(Results.at(1, T0, 1).build(), at50, T0 + WATCHDOG);
        assertThat(atLimit.toExecute).isNotNull();
        assertThat(core.hardwareBusy()).isTrue();
        core.planFinished(ExecutionStatus.SUCCEEDED, "", null, T0 + WATCHDOG, T0 + WATCHDOG + MS, at50, true);
        long t = T0 + 2 * WATCHDOG;
        DecisionCore.Output stale = core.decide(Results.at(2, t, 1).build(), at50, t + WATCHDOG + MS);
        assertThat(stale.toExecute).isNull();
        assertThat(stale.record.gate()).isEqualTo("watchdog: result is 1001.0 ms old, limit 1000.0 ms; no motion");
        assertThat(stale.events).singleElement().satisfies(e -> assertThat(e.kind())
                .isEqualTo(EngineEvent.Kind.WATCHDOG_STALE));
        assertThat(refocus.outcomes()).endsWith(ProposalOutcome.HELD);
        assertThat(core.counters.get(DecisionCore.HELD)).isEqualTo(1);
        assertThat(core.counters.get(DecisionCore.BUSY)).isZero();
        DecisionCore.Output again = core.decide(Results.at(3, t, 1).build(), at50, t + 2 * WATCHDOG);
        assertThat(again.events).as("one stale event until results are fresh again").isEmpty();
        DecisionCore.Output fresh = core.decide(Results.at(4, t + 3 * WATCHDOG, 1).build(), at50, t + 3 * WATCHDOG);
        assertThat(fresh.events).singleElement().satisfies(e -> assertThat(e.kind())
                .isEqualTo(EngineEvent.Kind.WATCHDOG_RECOVERED));
        assertThat(fresh.toExecute).isNotNull();
    }

    @Test
    void aResultWithoutTimestampsIsHeldAndNeverTakenForSettling() {
        DecisionCore core = core(false, WATCHDOG, refocus);
        core.decide(Results.at(1, T0, 1).build(), at50, T0);
        core.planFinished(ExecutionStatus.SUCCEEDED, "", null, T0, T0 + MS, at50, true);
        DecisionCore.Output c = core.decide(result(2, 0, 0, 0), at50, T0 + 2 * MS);
        assertThat(c.record.gate()).isEqualTo("watchdog: result carries no timestamps; no motion");
    }

    @Test
    void withoutAWatchdogEvenOldResultsAreActedOn() {
        DecisionCore core = core(false, 0, refocus);
        assertThat(core.decide(Results.at(1, T0, 1).build(), at50, T0 + 1000 * WATCHDOG).toExecute).isNotNull();
    }

    @Test
    void aFrameExposedExactlyWhenThePlanFinishedIsNotSettling() {
        DecisionCore core = core(false, WATCHDOG, refocus);
        core.decide(Results.at(1, T0, 1).build(), at50, T0);
        MicroscopeState at51 = States.at(100, 200, 51).build();
        core.planFinished(ExecutionStatus.SUCCEEDED, "", null, T0, T0 + 200 * MS, at51, true);
        DecisionCore.Output c = core.decide(Results.at(2, T0 + 200 * MS, 1).build(), at51, T0 + 250 * MS);
        assertThat(c.toExecute).isEqualTo(HardwarePlan.of("refocus", MoveZ.to(52)));
    }

    @Test
    void theMinimumMoveIntervalCountsFromTheLastPlanThatMoved() {
        FunctionPolicy preset = new FunctionPolicy("preset", 60, false, false,
                (r, s) -> r.frameSequence() == 1 ? HardwarePlan.of("preset", SetPreset.of("Objective", "40X")) : null);
        FunctionPolicy fromTwo = new FunctionPolicy("refocus", 50, true, false,
                (r, s) -> r.frameSequence() >= 2 ? HardwarePlan.of("refocus", MoveZ.to(s.zUm() + 1)) : null);
        DecisionCore core = core(false, 0, preset, fromTwo);
        DecisionCore.Output first = core.decide(Results.at(1, T0, 1).build(), at50, T0);
        assertThat(first.toExecute).isEqualTo(HardwarePlan.of("preset", SetPreset.of("Objective", "40X")));
        core.planFinished(ExecutionStatus.SUCCEEDED, "", null, T0, T0 + MS, at50, true);
        DecisionCore.Output move = core.decide(Results.at(2, T0 + 10 * MS, 1).build(), at50, T0 + 10 * MS);
        assertThat(move.toExecute).as("a preset change is no move").isEqualTo(HardwarePlan.of("refocus",
                MoveZ.to(51)));
        MicroscopeState at51 = States.at(100, 200, 51).build();
        core.planFinished(ExecutionStatus.SUCCEEDED, "", null, T0 + 10 * MS, T0 + 11 * MS, at51, true);
        DecisionCore.Output soon = core.decide(Results.at(3, T0 + 60 * MS, 1).build(), at51, T0 + 60 * MS);
        assertThat(soon.toExecute).isNull();
        assertThat(soon.record.proposals()).singleElement().satisfies(p -> assertThat(p.verdictReasons())
                .singleElement().asString().contains("moves too frequent: 50.0 ms since the last move"));
        DecisionCore.Output later = core.decide(Results.at(4, T0 + 110 * MS, 1).build(), at51, T0 + 110 * MS);
        assertThat(later.toExecute).isEqualTo(HardwarePlan.of("refocus", MoveZ.to(52)));
    }

    @Test
    void aClampedProposalIsCounted() {
        FunctionPolicy far = new FunctionPolicy("far", 50, true, false,
                (r, s) -> HardwarePlan.of("far", MoveZ.to(s.zUm() + 20)));
        DecisionCore core = core(false, 0, far);
        assertThat(core.decide(Results.at(1, T0, 1).build(), at50, T0).toExecute)
                .isEqualTo(HardwarePlan.of("far", MoveZ.to(55)));
        assertThat(core.counters.get(DecisionCore.CLAMPED)).isEqualTo(1);
    }

    @Test
    void inDryRunTheChosenPlanIsLoggedAndToldDryRunAndNothingRuns() {
        DecisionCore core = core(true, 0, refocus);
        DecisionCore.Output c = core.decide(Results.at(1, T0, 1).build(), at50, T0);
        assertThat(c.toExecute).isNull();
        assertThat(core.hardwareBusy()).isFalse();
        assertThat(c.record.execution()).isEqualTo(ExecutionStatus.DRY_RUN);
        assertThat(c.record.executed()).isEqualTo(HardwarePlan.of("refocus", MoveZ.to(51)));
        assertThat(c.record.proposals()).singleElement().satisfies(p -> assertThat(p.outcome())
                .isEqualTo(ProposalOutcome.DRY_RUN));
        assertThat(refocus.outcomes()).containsExactly(ProposalOutcome.DRY_RUN);
        assertThat(core.counters.get(DecisionCore.DRY_RUN_PLANS)).isEqualTo(1);
    }

    @Test
    void theRecordNamesTheTargetOfTheChosenProposalElseOfTheFirstProposal() {
        AcquisitionPolicy z = targeting("z", 50, 7, HardwarePlan.of("z", MoveZ.to(51)));
        AcquisitionPolicy xy = targeting("xy", 40, 9, HardwarePlan.of("xy", MoveXY.to(101, 200)));
        DecisionCore core = core(false, 0, xy, z);
        core.decide(Results.at(1, T0, 1).build(), at50, T0);
        DecisionCore.Output done = core.planFinished(ExecutionStatus.SUCCEEDED, "", null, T0, T0 + 3 * MS, at50,
                true);
        assertThat(done.record.target().id()).isEqualTo(7);
        assertThat(done.record.executionMs()).isEqualTo(3.0);
        AcquisitionPolicy tooFar = targeting("far", 50, 11, HardwarePlan.of("far", MoveZ.to(99)));
        DecisionCore rejecting = core(false, 0, tooFar);
        DecisionCore.Output rejected = rejecting.decide(Results.at(1, T0, 1).build(), at50, T0);
        assertThat(rejected.toExecute).isNull();
        assertThat(rejected.record.target().id()).isEqualTo(11);
    }

    @Test
    void aFinishedPlanWithNothingPendingRecordsNothing() {
        DecisionCore.Output c = core(false, 0, refocus).planFinished(ExecutionStatus.SUCCEEDED, "", null, T0, T0,
                null, true);
        assertThat(c.record).isNull();
        assertThat(c.toExecute).isNull();
        assertThat(c.events).isEmpty();
    }

    @Test
    void theAgeOfAResultIsMeasuredFromCameraElsePublishedElseAnalysedTime() {
        assertThat(DecisionCore.frameNanos(result(1, 3, 5, 7))).isEqualTo(3);
        assertThat(DecisionCore.frameNanos(result(1, 0, 5, 7))).isEqualTo(5);
        assertThat(DecisionCore.frameNanos(result(1, 0, 0, 7))).isEqualTo(7);
        assertThat(DecisionCore.frameNanos(result(1, 0, 0, 0))).isZero();
    }
}
