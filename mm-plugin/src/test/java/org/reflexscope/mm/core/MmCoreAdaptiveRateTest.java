package org.reflexscope.mm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.pipeline.FrameAnalyzer;
import org.reflexscope.core.pipeline.Recorder;
import org.reflexscope.policy.rate.AdaptiveRatePolicy;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.session.RunLimit;
import org.reflexscope.policy.session.SmartAcquisition;

/**
 * On a real core with the DemoCamera (which ignores the interval a sequence asks for): the adaptive rate changes
 * the intervals the camera really takes frames at, and the light dose counts only the exposures taken.
 */
class MmCoreAdaptiveRateTest {
    private static final double EXPOSURE_MS = 10;
    private static final double SLOW_MS = 150;
    private static MmCoreSession session;

    @BeforeAll
    static void loadDemoConfig() throws Exception {
        session = MmCoreSession.open(RealCore.homeOrSkip(), MicroManagerInstallation.DEMO_CONFIG);
        session.core().setProperty("Camera", "PixelType", "8bit");
        session.core().setExposure(EXPOSURE_MS);
    }

    @AfterAll
    static void unload() {
        if (session != null) {
            session.close();
        }
    }

    /** The event score is 1 between 1.0 s and 2.0 s of the run's camera clock, 0 before and after. */
    @Test
    void recordedIntervalsFollowThePolicyAndTheDoseIsTheExposureTaken() throws Exception {
        List<double[]> frames = Collections.synchronizedList(new ArrayList<>());
        Recorder times = slot -> frames.add(new double[] {slot.cameraTimeMs(), slot.exposureMs()});
        FrameAnalyzer event = slot -> AnalysisResult.builder(slot.sequence(), slot.metadata())
                .optFrameSize(slot.width(), slot.height())
                .optScore(AnalysisResult.EVENT_SCORE, slot.cameraTimeMs() >= 1000 && slot.cameraTimeMs() < 2000 ? 1 : 0)
                .optTimestamps(slot.cameraNanos(), slot.publishedNanos(), System.nanoTime()).build();
        AdaptiveRatePolicy rate = AdaptiveRatePolicy.builder(SLOW_MS, 0, 0.3, 0.7).optMinFastDwell(Duration.ZERO)
                .build();
        SafetyEnvelope envelope = SafetyEnvelope.builder().optZLimitsUm(-50, 50).build();
        MmCoreFrameSource source = session.frameSourceBuilder().build();
        try (SmartAcquisition run = SmartAcquisition.builder(source, session.microscope(source), envelope)
                .setAnalyzer(event).addRecorder("times", times).addPolicy(rate).optLimit(RunLimit.duration(3.0))
                .build()) {
            run.start();
            assertThat(run.awaitEnd(30, TimeUnit.SECONDS)).isTrue();
            assertThat(run.status().framesLost()).isZero();
        }
        double slowBefore = medianInterval(frames, 300, 950);
        double fast = medianInterval(frames, 1200, 1950);
        double slowAfter = medianInterval(frames, 2300, 2950);
        System.out.printf("DemoCamera at %.0f ms exposure: median intervals %.1f ms (slow), %.1f ms (event), "
                + "%.1f ms (slow again); %d frames; dose %.0f ms%n", EXPOSURE_MS, slowBefore, fast, slowAfter,
                frames.size(), source.exposureTakenMs());
        assertThat(slowBefore).isCloseTo(SLOW_MS, within(SLOW_MS * 0.1));
        assertThat(fast).isLessThan(2.5 * EXPOSURE_MS);
        assertThat(slowAfter).isCloseTo(SLOW_MS, within(SLOW_MS * 0.1));
        // every frame taken was lit for its exposure, the one that crossed the run's duration (not recorded) too
        assertThat(frames.stream().mapToDouble(f -> f[1])).containsOnly(EXPOSURE_MS);
        assertThat(source.framesDelivered() - frames.size()).isBetween(0L, 1L);
        assertThat(source.exposureTakenMs()).isCloseTo(source.framesDelivered() * EXPOSURE_MS, within(1e-6));
    }

    private static double medianInterval(List<double[]> frames, double fromMs, double toMs) {
        List<Double> intervals = new ArrayList<>();
        synchronized (frames) {
            for (int i = 1; i < frames.size(); i++) {
                double t = frames.get(i)[0];
                if (t >= fromMs && t < toMs) {
                    intervals.add(t - frames.get(i - 1)[0]);
                }
            }
        }
        assertThat(intervals).as("frames between %.0f and %.0f ms", fromMs, toMs).hasSizeGreaterThan(2);
        Collections.sort(intervals);
        return intervals.get(intervals.size() / 2);
    }
}
