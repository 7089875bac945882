package org.reflexscope.bench.policy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.policy.engine.AcquisitionPolicy;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.rate.AdaptiveRatePolicy;
import org.reflexscope.policy.refocus.RefocusPolicy;
import org.reflexscope.policy.safety.EnvelopeVerdict;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.track.TrackPolicy;
import org.reflexscope.policy.trigger.HighResTriggerPolicy;
import org.reflexscope.policy.trigger.TriggerCriterion;

/**
 * The decision path of one analysed frame, without hardware: the four built-in policies proposing on a result
 * with 20 detections, and the safety envelope checking a refocus+track plan (accepted, clamped, rejected).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecisionPathBenchmark {
    private SafetyEnvelope envelope;
    private MicroscopeState state;
    private AnalysisResult result;
    private List<AcquisitionPolicy> policies;
    private HardwarePlan inside;
    private HardwarePlan tooFar;
    private long now;

    @Setup
    public void setUp() {
        envelope = SafetyEnvelope.builder().optZLimitsUm(0, 200).optMaxZStepUm(5).optXYBoundsUm(-5000, -5000, 5000,
                5000).optMaxXYStepUm(100).optMinMoveInterval(Duration.ofMillis(20))
                .optAllowedPresets(MicroscopeControl.OBJECTIVE_GROUP, "10X", "40X").build();
        state = MicroscopeState.builder().setPosition(100, 200, 50).optPreset(MicroscopeControl.OBJECTIVE_GROUP,
                "10X").optPixelSizeUm(0.65).optImageSize(2048, 2048).optFrameIntervalMs(1000).build();
        AnalysisResult.Builder b = AnalysisResult.builder(1, FrameMetadata.builder().optStage(100, 200, 50).build())
                .optFrameSize(2048, 2048).optFocus(0.8, "normalized-variance")
                .optScore(AnalysisResult.EVENT_SCORE, 0.5);
        for (int i = 0; i < 20; i++) {
            b.addDetection(Detection.builder(100 + i * 90, 1024 + i).optId(i).optSizePx(10 + i).optScore(0.3 + i
                    * 0.03).optLabel(i == 7 ? "dividing" : "cell").optElongation(i == 7 ? 1.8 : 1.1).build());
        }
        result = b.build();
        policies = List.of(RefocusPolicy.builder().build(), TrackPolicy.builder().build(),
                HighResTriggerPolicy.builder("40X", AcquisitionRequest.zStack(-2, 2, 0.5))
                        .optCriterion(TriggerCriterion.any().withLabel("dividing").withMinScore(0.9)).build(),
                AdaptiveRatePolicy.builder(1000, 50, 0.3, 0.7).build());
        inside = HardwarePlan.of("refocus+track", MoveZ.to(50.5), MoveXY.to(110, 205));
        tooFar = HardwarePlan.of("refocus+track", MoveZ.to(80), MoveXY.to(900, 205));
    }

    @Benchmark
    public void fourPoliciesPropose(Blackhole bh) {
        now += 10_000_000L;
        for (AcquisitionPolicy p : policies) {
            bh.consume(p.propose(result, state, now));
        }
    }

    @Benchmark
    public EnvelopeVerdict envelopeAccepts() {
        return envelope.check(inside, state, false, Long.MAX_VALUE);
    }

    @Benchmark
    public EnvelopeVerdict envelopeClamps() {
        return envelope.check(tooFar, state, true, Long.MAX_VALUE);
    }

    @Benchmark
    public EnvelopeVerdict envelopeRejects() {
        return envelope.check(tooFar, state, false, Long.MAX_VALUE);
    }

    /** Runs this benchmark alone. */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(DecisionPathBenchmark.class.getSimpleName()).build()).run();
    }
}
