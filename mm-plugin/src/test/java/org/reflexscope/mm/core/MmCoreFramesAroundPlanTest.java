package org.reflexscope.mm.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.analysis.FrameAnalyzer;
import org.reflexscope.core.pipeline.Recorder;
import org.reflexscope.policy.engine.AcquisitionPolicy;
import org.reflexscope.policy.engine.EngineListener;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.plan.Acquire;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.plan.Proposal;
import org.reflexscope.policy.plan.SetPreset;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.session.RunLimit;
import org.reflexscope.policy.session.SessionStatus;
import org.reflexscope.policy.session.SmartAcquisition;

/**
 * On a real core with the DemoCamera streaming: a plan that switches to 40X, moves Z to a parfocal offset, snaps a
 * burst, switches back and returns Z (what the high-resolution trigger does) leaves the frames the camera streamed
 * meanwhile recorded but not analysed, nor shown to a policy, and counts them. The demo focus drive settles at once,
 * so the microscope here waits 150 ms after each Z move as a real focus drive does (the only stand-in: frames,
 * clock, objective and stage are the core's).
 */
class MmCoreFramesAroundPlanTest {
    private static final String PLAN = "objective switch, Z move, high-resolution acquisition";
    private static final long SETTLE_MS = 150;
    private static MmCoreSession session;

    @BeforeAll
    static void loadDemoConfig() throws Exception {
        session = MmCoreSession.open(RealCore.homeOrSkip(), MicroManagerInstallation.DEMO_CONFIG);
        session.core().setExposure(10);
    }

    @AfterAll
    static void unload() {
        if (session != null) {
            session.close();
        }
    }

    /** The core's microscope, each Z move followed by a focus drive's settle time. */
    private static MicroscopeControl settling(MicroscopeControl core) {
        return new MicroscopeControl() {
            @Override
            public MicroscopeState state() throws HardwareException {
                return core.state();
            }

            @Override
            public void moveZ(double zUm) throws HardwareException {
                core.moveZ(zUm);
                try {
                    Thread.sleep(SETTLE_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void moveXY(double xUm, double yUm) throws HardwareException {
                core.moveXY(xUm, yUm);
            }

            @Override
            public void setPreset(String group, String preset) throws HardwareException {
                core.setPreset(group, preset);
            }

            @Override
            public List<String> presets(String group) throws HardwareException {
                return core.presets(group);
            }

            @Override
            public void setExposureMs(double exposureMs) throws HardwareException {
                core.setExposureMs(exposureMs);
            }

            @Override
            public void setFrameIntervalMs(double intervalMs) throws HardwareException {
                core.setFrameIntervalMs(intervalMs);
            }

            @Override
            public AcquiredStack acquire(AcquisitionRequest request) throws HardwareException {
                return core.acquire(request);
            }
        };
    }

    @Test
    void framesStreamedDuringAnAcquisitionPlanAreRecordedButNotAnalysed() throws Exception {
        List<String> analysed = Collections.synchronizedList(new ArrayList<>());
        List<String> shown = Collections.synchronizedList(new ArrayList<>());
        List<AcquiredStack> stacks = Collections.synchronizedList(new ArrayList<>());
        FrameAnalyzer probe = slot -> {
            analysed.add(slot.objective());
            return AnalysisResult.builder(slot.sequence(), slot.metadata()).optFrameSize(slot.width(), slot.height())
                    .optTimestamps(slot.cameraNanos(), slot.publishedNanos(), System.nanoTime()).build();
        };
        AcquisitionPolicy once = new AcquisitionPolicy() {
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
            public Optional<Proposal> propose(AnalysisResult r, MicroscopeState s, long nowNanos) {
                shown.add(r.frame().objective());
                if (++frames != 10) {
                    return Optional.empty();
                }
                HardwarePlan plan = HardwarePlan.of("hires",
                        SetPreset.of(MicroscopeControl.OBJECTIVE_GROUP, "40X"), MoveZ.to(s.zUm() + 2),
                        Acquire.of(AcquisitionRequest.burst(2)), SetPreset.of(MicroscopeControl.OBJECTIVE_GROUP,
                                "10X"), MoveZ.to(s.zUm()));
                return Optional.of(Proposal.builder(name(), priority(), plan).optReason("test").build());
            }
        };
        AtomicLong recorded = new AtomicLong();
        Recorder counter = slot -> recorded.incrementAndGet();
        SafetyEnvelope envelope = SafetyEnvelope.builder().optZLimitsUm(-50, 50)
                .optAllowedPresets(MicroscopeControl.OBJECTIVE_GROUP, "10X", "40X").build();
        MmCoreFrameSource source = session.frameSourceBuilder().build();
        MicroscopeControl scope = session.microscope(source);
        scope.setPreset(MicroscopeControl.OBJECTIVE_GROUP, "10X");
        SessionStatus status;
        try (SmartAcquisition run = SmartAcquisition.builder(source, settling(scope), envelope).setAnalyzer(probe)
                .addRecorder("count", counter).addPolicy(once).optWatchdog(Duration.ZERO)
                .addEngineListener(new EngineListener() {
                    @Override
                    public void onStack(AcquiredStack stack) {
                        stacks.add(stack);
                    }
                }).optLimit(RunLimit.duration(2.5)).build()) {
            run.start();
            assertThat(run.awaitEnd(30, TimeUnit.SECONDS)).isTrue();
            status = run.status();
        }
        Map<String, Long> notLive = status.framesNotLive();
        System.out.printf("Real core, DemoCamera 10 ms: %d frames, %d analysed live (%s at 40X), not live %s%n",
                status.framesPublished(), status.framesAnalysedLive(),
                analysed.stream().filter("40X"::equals).count(), notLive);
        assertThat(stacks).as("the plan ran").hasSize(1);
        assertThat(stacks.get(0).frames()).hasSize(2);
        assertThat(analysed).as("frames analysed").contains("10X").doesNotContain("40X");
        assertThat(shown).as("frames shown to the policy").contains("10X").doesNotContain("40X");
        assertThat(notLive).containsOnlyKeys(PLAN);
        // 2 × 150 ms of settling at 10 ms frames; the analyzer takes the newest frame, so some are skipped instead
        assertThat(notLive.get(PLAN)).isGreaterThanOrEqualTo(3);
        assertThat(status.framesLost()).isZero();
        assertThat(recorded.get()).as("every frame is recorded").isEqualTo(status.framesPublished());
        assertThat(scope.state().preset(MicroscopeControl.OBJECTIVE_GROUP)).isEqualTo("10X");
    }
}
