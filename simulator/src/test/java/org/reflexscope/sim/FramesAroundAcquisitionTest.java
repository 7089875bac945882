package org.reflexscope.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.analysis.FrameAnalyzer;
import org.reflexscope.core.pipeline.Recorder;
import org.reflexscope.policy.engine.AcquisitionPolicy;
import org.reflexscope.policy.engine.EngineEvent;
import org.reflexscope.policy.engine.EngineListener;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.log.DecisionRecord;
import org.reflexscope.policy.plan.Acquire;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.plan.Proposal;
import org.reflexscope.policy.plan.SetPreset;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.session.RunLimit;
import org.reflexscope.policy.session.SessionStatus;
import org.reflexscope.policy.session.SmartAcquisition;
import org.reflexscope.sim.scenario.ClockMode;
import org.reflexscope.sim.scenario.Scenario;

/**
 * On the real-time clock the live camera keeps streaming while a plan switches to the high-resolution objective,
 * moves Z to its parfocal offset and back (each move with its settle time) around a z-stack: the frames taken then
 * are recorded but neither analysed nor shown to a policy, and are counted by what the plan did. Before, they were
 * analysed as live frames at 40X (about 15 at this stage's 150 ms settle) and fed to the policies.
 */
class FramesAroundAcquisitionTest {
    private static final String PLAN = "objective switch, Z move, z-stack acquisition";

    /** Proposes the trigger's kind of plan once, on the tenth live frame, and notes every frame it is shown. */
    private static final class OneAcquisition implements AcquisitionPolicy {
        final List<String> seenObjectives = Collections.synchronizedList(new ArrayList<>());
        private int frames;

        @Override
        public String name() {
            return "one-acquisition";
        }

        @Override
        public int priority() {
            return 10;
        }

        @Override
        public Optional<Proposal> propose(AnalysisResult result, MicroscopeState state, long nowNanos) {
            seenObjectives.add(result.frame().objective());
            if (++frames != 10) {
                return Optional.empty();
            }
            double z = state.zUm();
            HardwarePlan plan = HardwarePlan.of("hires", SetPreset.of(MicroscopeControl.OBJECTIVE_GROUP, "40X"),
                    MoveZ.to(z + 2), Acquire.of(AcquisitionRequest.zStack(-1, 1, 1)),
                    SetPreset.of(MicroscopeControl.OBJECTIVE_GROUP, "10X"), MoveZ.to(z));
            return Optional.of(Proposal.builder(name(), priority(), plan).optReason("test").build());
        }
    }

    @Test
    void framesTakenDuringAnAcquisitionPlanAreRecordedButNotAnalysedAsLive() throws Exception {
        Scenario s = Scenario.defaults().with("camera.width", 64).with("camera.height", 64)
                .with("camera.exposureMs", 5.0).with("camera.frameIntervalMs", 20.0).with("stage.settleMs", 150.0)
                .with("durationS", 60.0);
        List<String> analysedObjectives = Collections.synchronizedList(new ArrayList<>());
        FrameAnalyzer probe = slot -> {
            analysedObjectives.add(slot.objective());
            return AnalysisResult.builder(slot.sequence(), slot.metadata()).optFrameSize(slot.width(), slot.height())
                    .optTimestamps(slot.cameraNanos(), slot.publishedNanos(), System.nanoTime()).build();
        };
        AtomicLong recorded = new AtomicLong();
        Recorder counter = slot -> recorded.incrementAndGet();
        List<String> gates = Collections.synchronizedList(new ArrayList<>());
        List<AcquiredStack> stacks = Collections.synchronizedList(new ArrayList<>());
        OneAcquisition policy = new OneAcquisition();
        SafetyEnvelope envelope = SafetyEnvelope.builder().optZLimitsUm(-50, 50)
                .optAllowedPresets(MicroscopeControl.OBJECTIVE_GROUP, "10X", "40X").build();
        SessionStatus status;
        try (VirtualMicroscope scope = VirtualMicroscope.builder(s).optClock(ClockMode.REAL_TIME).build();
                SmartAcquisition run = SmartAcquisition.builder(scope, scope, envelope).setAnalyzer(probe)
                        .addRecorder("count", counter).addPolicy(policy).optWatchdog(Duration.ZERO)
                        .optLimit(RunLimit.frames(60)).addEngineListener(new EngineListener() {
                            @Override
                            public void onDecision(DecisionRecord d) {
                                gates.add(d.gate());
                            }

                            @Override
                            public void onEvent(EngineEvent e) {
                            }

                            @Override
                            public void onStack(AcquiredStack stack) {
                                stacks.add(stack);
                            }
                        }).build()) {
            run.start();
            assertThat(run.awaitEnd(30, TimeUnit.SECONDS)).isTrue();
            status = run.status();
        }
        assertThat(stacks).as("the plan ran").hasSize(1);
        // the simulator renders a frame when it is read: one due just before the plan started but read just after the
        // switch shows 40X with a camera time before the plan (a real camera would have exposed it at 10X)
        assertThat(analysedObjectives).as("frames analysed").contains("10X");
        assertThat(analysedObjectives.stream().filter("40X"::equals).count()).as("analysed at 40X: %s",
                analysedObjectives).isLessThanOrEqualTo(1);
        assertThat(policy.seenObjectives.stream().filter("40X"::equals).count()).as("shown to the policy at 40X")
                .isLessThanOrEqualTo(1);
        Map<String, Long> notLive = status.framesNotLive();
        assertThat(notLive).as("frames not analysed, by reason").containsOnlyKeys(PLAN);
        // two Z moves of 150 ms settle each at 20 ms frames: about 15 frames; the analyzer takes the newest frame,
        // so some of them are skipped rather than marked
        assertThat(notLive.get(PLAN)).isGreaterThanOrEqualTo(5);
        // the engine decides on the newest result: a result may be superseded before its decision
        assertThat(gates.stream().filter(g -> g.equals("not live: " + PLAN)).count()).as("decisions gated")
                .isBetween(1L, notLive.get(PLAN));
        assertThat(status.framesAnalysedLive()).isEqualTo(analysedObjectives.size());
        assertThat(recorded.get()).as("every frame is recorded").isEqualTo(status.framesPublished())
                .isEqualTo(60);
    }
}
