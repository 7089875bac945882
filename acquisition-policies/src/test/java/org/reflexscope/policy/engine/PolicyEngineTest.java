package org.reflexscope.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.metrics.LatencyRecorder;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.log.DecisionLogReader;
import org.reflexscope.policy.log.DecisionLogWriter;
import org.reflexscope.policy.log.DecisionRecord;
import org.reflexscope.policy.log.ExecutionStatus;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.plan.ProposalOutcome;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.support.FunctionPolicy;
import org.reflexscope.policy.support.RecordingListener;
import org.reflexscope.policy.support.RecordingMicroscope;
import org.reflexscope.policy.support.Results;
import org.reflexscope.policy.trigger.HighResTriggerPolicy;
import org.reflexscope.policy.trigger.TriggerCriterion;

class PolicyEngineTest {
    private static final long WAIT_MS = 10_000;

    private final RecordingMicroscope scope = new RecordingMicroscope(0, 0, 100);
    private final RecordingListener listener = new RecordingListener();
    private final SafetyEnvelope envelope = SafetyEnvelope.builder().optZLimitsUm(50, 150).optMaxZStepUm(5).build();

    /** Proposes focus one µm up on every result. */
    private static FunctionPolicy upOneMicron() {
        return new FunctionPolicy("up", 10, false, false, (r, s) -> HardwarePlan.of("up", MoveZ.to(s.zUm() + 1)));
    }

    private PolicyEngine.Builder engine(FunctionPolicy p) {
        return PolicyEngine.builder(scope, envelope).addPolicy(p).addListener(listener);
    }

    /** Sends result {@code seq} (stamped now) and waits until the engine has logged {@code seq} decisions. */
    private void sendAndAwait(PolicyEngine e, long seq) throws InterruptedException {
        e.onResult(Results.fresh(seq, 1.0).build());
        assertThat(listener.awaitDecisions(d -> true, (int) seq, WAIT_MS)).as("decision %d", seq).isTrue();
    }

    @Test
    void liveEngineWithoutZLimitsRefusesToStart() {
        SafetyEnvelope noZ = SafetyEnvelope.builder().optMaxZStepUm(5).build();
        PolicyEngine e = PolicyEngine.builder(scope, noZ).addPolicy(upOneMicron()).build();
        assertThatThrownBy(e::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Z soft limits").hasMessageContaining("optZLimitsUm");
        e.close();
    }

    @Test
    void executesPlansOnTheHardwareThreadAndLogsEachDecision() throws Exception {
        StringWriter out = new StringWriter();
        LatencyRecorder lr = new LatencyRecorder(1_000_000_000L);
        try (DecisionLogWriter log = new DecisionLogWriter(out, "test");
                PolicyEngine e = engine(upOneMicron()).optDecisionLog(log).optLatencyRecorder(lr).build()) {
            e.start();
            for (long i = 1; i <= 3; i++) {
                sendAndAwait(e, i);
            }
            assertThat(scope.commands()).containsExactly("moveZ 101.0", "moveZ 102.0", "moveZ 103.0");
            assertThat(scope.threads()).isNotEmpty().allMatch("reflex-hardware"::equals);
            assertThat(listener.threads()).allMatch("reflex-decide"::equals);
            assertThat(e.counters().executed()).isEqualTo(3);
            assertThat(lr.summary(PolicyEngine.HOP_DECIDED_ACTUATED).count()).isEqualTo(3);
            assertThat(lr.summary(PolicyEngine.HOP_CAMERA_ACTUATED).count()).isEqualTo(3);
        }
        List<DecisionRecord> back = new DecisionLogReader().read(new StringReader(out.toString()), "test");
        assertThat(back).isEqualTo(listener.decisions());
        assertThat(back).allMatch(d -> d.execution() == ExecutionStatus.SUCCEEDED && d.actuatedNanos() > 0);
        assertThat(back.get(0).proposals().get(0).outcome()).isEqualTo(ProposalOutcome.EXECUTED);
    }

    @Test
    void dryRunDecidesAndLogsButExecutesNothing() throws Exception {
        FunctionPolicy up = upOneMicron();
        try (PolicyEngine e = engine(up).optDryRun(true).build()) {
            e.start();
            for (long i = 1; i <= 3; i++) {
                sendAndAwait(e, i);
            }
            assertThat(e.counters().dryRunPlans()).isEqualTo(3);
        }
        assertThat(scope.commands()).isEmpty();
        assertThat(listener.decisions()).allMatch(d -> d.execution() == ExecutionStatus.DRY_RUN);
        assertThat(up.outcomes()).containsOnly(ProposalOutcome.DRY_RUN);
    }

    @Test
    void aStageThatThrowsPausesPoliciesAndNothingMovesAfter() throws Exception {
        scope.fault(RecordingMicroscope.Call.MOVE_Z, RecordingMicroscope.Fault.THROW);
        try (PolicyEngine e = engine(upOneMicron()).build()) {
            e.start();
            sendAndAwait(e, 1);
            assertThat(listener.awaitEvent(EngineEvent.Kind.HARDWARE_FAILURE, WAIT_MS)).isTrue();
            assertThat(e.isPaused()).isTrue();
            for (long i = 2; i <= 4; i++) {
                sendAndAwait(e, i);
            }
            assertThat(e.counters().failures()).isEqualTo(1);
        }
        assertThat(scope.commands()).isEmpty();
        DecisionRecord first = listener.decisions().get(0);
        assertThat(first.execution()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(first.error()).contains("injected device error");
        assertThat(listener.decisions().subList(1, 4)).allMatch(d -> d.gate().startsWith("paused"));
    }

    @Test
    void aStageThatNeverReturnsTimesOutAndPausesPolicies() throws Exception {
        scope.fault(RecordingMicroscope.Call.MOVE_Z, RecordingMicroscope.Fault.HANG);
        try (PolicyEngine e = engine(upOneMicron()).optStepTimeout(Duration.ofMillis(300)).build()) {
            e.start();
            sendAndAwait(e, 1);
            assertThat(listener.awaitEvent(EngineEvent.Kind.HARDWARE_FAILURE, WAIT_MS)).isTrue();
            assertThat(listener.decisions().get(0).execution()).isEqualTo(ExecutionStatus.TIMED_OUT);
            sendAndAwait(e, 2);
            assertThat(listener.decisions().get(1).gate()).startsWith("paused");
            scope.releaseHang();
        }
        assertThat(scope.commands()).isEmpty();
    }

    @Test
    void staleResultsCauseNoMotion() throws Exception {
        try (PolicyEngine e = engine(upOneMicron()).optWatchdog(Duration.ofMillis(200)).build()) {
            e.start();
            e.onResult(Results.at(1, System.nanoTime() - 2_000_000_000L, 1.0).build());
            assertThat(listener.awaitDecisions(d -> true, 1, WAIT_MS)).isTrue();
            assertThat(listener.awaitEvent(EngineEvent.Kind.WATCHDOG_STALE, WAIT_MS)).isTrue();
            sendAndAwait(e, 2);
            assertThat(listener.awaitEvent(EngineEvent.Kind.WATCHDOG_RECOVERED, WAIT_MS)).isTrue();
        }
        DecisionRecord stale = listener.decisions().get(0);
        assertThat(stale.gate()).startsWith("watchdog");
        assertThat(stale.proposals()).extracting(p -> p.outcome()).containsExactly(ProposalOutcome.HELD);
        assertThat(scope.commands()).containsExactly("moveZ 101.0");
    }

    @Test
    void manualOverridePausesUntilResumed() throws Exception {
        try (PolicyEngine e = engine(upOneMicron()).build()) {
            e.start();
            sendAndAwait(e, 1);
            scope.moveByHand(120);
            sendAndAwait(e, 2);
            assertThat(listener.awaitEvent(EngineEvent.Kind.MANUAL_OVERRIDE, WAIT_MS)).isTrue();
            sendAndAwait(e, 3);
            assertThat(scope.commands()).containsExactly("moveZ 101.0");
            e.resume();
            assertThat(listener.awaitEvent(EngineEvent.Kind.RESUMED, WAIT_MS)).isTrue();
            sendAndAwait(e, 4);
        }
        assertThat(scope.commands()).containsExactly("moveZ 101.0", "moveZ 121.0");
        assertThat(listener.decisions().get(1).gate()).startsWith("manual override");
    }

    @Test
    void aHighResPlanAcquiresDeliversTheStackAndRestoresTheLowResState() throws Exception {
        SafetyEnvelope env = SafetyEnvelope.builder().optZLimitsUm(50, 150).optMaxZStepUm(5)
                .optMaxXYStepUm(100).optAllowedPresets("Objective", "10X", "40X").build();
        HighResTriggerPolicy trigger = HighResTriggerPolicy.builder("40X", AcquisitionRequest.burst(4))
                .optConsecutiveFrames(2).optCriterion(TriggerCriterion.any().withLabel("dividing"))
                .optParfocalOffsetUm("40X", 3).build();
        Detection dividing = Detection.builder(255.5 + 20, 255.5).optLabel("dividing").optScore(0.9).build();
        try (PolicyEngine e = PolicyEngine.builder(scope, env).addPolicy(trigger).addListener(listener).build()) {
            e.start();
            e.onResult(Results.fresh(1, 1, dividing).build());
            assertThat(listener.awaitDecisions(d -> true, 1, WAIT_MS)).isTrue();
            e.onResult(Results.fresh(2, 1, dividing).build());
            assertThat(listener.awaitDecisions(d -> d.execution() == ExecutionStatus.SUCCEEDED, 1, WAIT_MS))
                    .isTrue();
            assertThat(e.counters().executed()).isEqualTo(1);
        }
        assertThat(scope.commands()).containsExactly("moveXY 10.0 0.0", "setPreset Objective 40X", "moveZ 103.0",
                "acquire BURST 4", "setPreset Objective 10X", "moveZ 100.0", "moveXY 0.0 0.0");
        assertThat(listener.stacks()).singleElement().satisfies(st -> assertThat(st.request().frames())
                .isEqualTo(4));
        assertThat(scope.maxConcurrentCalls()).isEqualTo(1);
    }

    @Test
    void aStageReportingATimeoutFailsThePlanAsTimedOutAndPauses() throws Exception {
        scope.fault(RecordingMicroscope.Call.MOVE_Z, RecordingMicroscope.Fault.TIMEOUT);
        try (PolicyEngine e = engine(upOneMicron()).build()) {
            e.start();
            sendAndAwait(e, 1);
            assertThat(listener.awaitEvent(EngineEvent.Kind.HARDWARE_FAILURE, WAIT_MS)).isTrue();
            sendAndAwait(e, 2);
        }
        assertThat(listener.decisions().get(0).execution()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(listener.decisions().get(0).error()).contains("[MOVE_Z]").contains("did not settle");
        assertThat(listener.decisions().get(1).gate()).startsWith("paused");
        assertThat(listener.events()).filteredOn(ev -> ev.kind() == EngineEvent.Kind.HARDWARE_FAILURE)
                .singleElement().satisfies(ev -> {
                    assertThat(ev.pausesPolicies()).isTrue();
                    assertThat(ev.cause()).isPresent();
                });
        assertThat(scope.commands()).isEmpty();
    }

    @Test
    void aFailingStateReadPausesPoliciesBeforeAnythingMoves() throws Exception {
        scope.fault(RecordingMicroscope.Call.STATE, RecordingMicroscope.Fault.THROW);
        try (PolicyEngine e = engine(upOneMicron()).build()) {
            e.start();
            sendAndAwait(e, 1);
            assertThat(listener.awaitEvent(EngineEvent.Kind.HARDWARE_FAILURE, WAIT_MS)).isTrue();
            assertThat(e.counters().paused()).isTrue();
        }
        assertThat(scope.commands()).isEmpty();
    }

    @Test
    void aDecisionLogOnAFullDiskStopsLoggingButNotDeciding() throws Exception {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isWritable(full),
                "Skipped: no writable /dev/full (a Linux device whose every write fails: no space left)");
        try (DecisionLogWriter log = DecisionLogWriter.open(full);
                PolicyEngine e = engine(upOneMicron()).optDecisionLog(log).build()) {
            e.start();
            for (long i = 1; i <= 3; i++) {
                sendAndAwait(e, i);
            }
            assertThat(scope.commands()).containsExactly("moveZ 101.0", "moveZ 102.0", "moveZ 103.0");
            assertThat(e.decisionLogFailure()).hasValueSatisfying(m -> assertThat(m)
                    .contains("Could not write decision 1").contains("No space left on device"));
            assertThat(log.lines()).isZero();
        }
    }
}
