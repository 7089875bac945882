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
import org.reflexscope.core.analysis.FrameAnalyzer;
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
    private static final double SLOW_MS = 100;
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

    /** The event score is 1 between 1.2 s and 2.4 s of the run's camera clock, 0 before and after. */
    @Test
    void recordedIntervalsFollowThePolicyAndTheDoseIsTheExposureTaken() throws Exception {
        List<double[]> frames = Collections.synchronizedList(new ArrayList<>());
        MmCoreFrameSource source = session.frameSourceBuilder().build();
        // camera time, exposure, and the interval the policy had asked for when the frame was recorded
        Recorder times = slot -> frames.add(new double[] {slot.cameraTimeMs(), slot.exposureMs(),
            source.intervalMs()});
        FrameAnalyzer event = slot -> AnalysisResult.builder(slot.sequence(), slot.metadata())
                .optFrameSize(slot.width(), slot.height())
                .optScore(AnalysisResult.EVENT_SCORE, slot.cameraTimeMs() >= 1200 && slot.cameraTimeMs() < 2400 ? 1 : 0)
                .optTimestamps(slot.cameraNanos(), slot.publishedNanos(), System.nanoTime()).build();
        AdaptiveRatePolicy rate = AdaptiveRatePolicy.builder(SLOW_MS, 0, 0.3, 0.7).optMinFastDwell(Duration.ZERO)
                .build();
        SafetyEnvelope envelope = SafetyEnvelope.builder().optZLimitsUm(-50, 50).build();
        try (SmartAcquisition run = SmartAcquisition.builder(source, session.microscope(source), envelope)
                .setAnalyzer(event).addRecorder("times", times).addPolicy(rate).optLimit(RunLimit.duration(3.6))
                .build()) {
            run.start();
            assertThat(run.awaitEnd(30, TimeUnit.SECONDS)).isTrue();
            assertThat(run.status().framesLost()).isZero();
        }
        // the policy went slow, fast for the event, slow again (when exactly depends on how fast decisions come)
        List<Double> asked = new ArrayList<>();
        synchronized (frames) {
            for (double[] f : frames) {
                if (asked.isEmpty() || asked.get(asked.size() - 1) != f[2]) {
                    asked.add(f[2]);
                }
            }
        }
        assertThat(asked).as("intervals asked for, in order").containsSubsequence(SLOW_MS, 0.0, SLOW_MS);
        double slow = medianInterval(frames, SLOW_MS);
        double fast = medianInterval(frames, 0);
        System.out.printf("DemoCamera at %.0f ms exposure: median interval %.1f ms while %.0f ms was asked for, "
                + "%.1f ms while free-running; %d frames; dose %.0f ms%n", EXPOSURE_MS, slow, SLOW_MS, fast,
                frames.size(), source.exposureTakenMs());
        assertThat(slow).isCloseTo(SLOW_MS, within(SLOW_MS * 0.1));
        assertThat(fast).isLessThan(2.5 * EXPOSURE_MS);
        // every frame taken was lit for its exposure, the one that crossed the run's duration (not recorded) too
        assertThat(frames.stream().mapToDouble(f -> f[1])).containsOnly(EXPOSURE_MS);
        assertThat(source.framesDelivered() - frames.size()).isBetween(0L, 1L);
        assertThat(source.exposureTakenMs()).isCloseTo(source.framesDelivered() * EXPOSURE_MS, within(1e-6));
    }

    /**
     * The median interval between consecutive frames recorded while {@code askedMs} was asked for (the frame
     * before and the one after too, so that no interval spans a change).
     */
    private static double medianInterval(List<double[]> frames, double askedMs) {
        List<Double> intervals = new ArrayList<>();
        synchronized (frames) {
            for (int i = 1; i + 1 < frames.size(); i++) {
                if (frames.get(i - 1)[2] == askedMs && frames.get(i)[2] == askedMs && frames.get(i + 1)[2] == askedMs) {
                    intervals.add(frames.get(i)[0] - frames.get(i - 1)[0]);
                }
            }
        }
        assertThat(intervals).as("intervals while %.0f ms was asked for", askedMs).hasSizeGreaterThanOrEqualTo(5);
        Collections.sort(intervals);
        return intervals.get(intervals.size() / 2);
    }
}
