package org.reflexscope.policy.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.analysis.FrameAnalyzer;
import org.reflexscope.core.analysis.IngestingFrameAnalyzer;
import org.reflexscope.core.pipeline.Recorder;
import org.reflexscope.core.support.ScriptedFrameSource;
import org.reflexscope.policy.engine.EngineListener;
import org.reflexscope.policy.log.DecisionRecord;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.support.FunctionPolicy;
import org.reflexscope.policy.support.RecordingMicroscope;

class SmartAcquisitionTest {
    private static final SafetyEnvelope ENVELOPE = SafetyEnvelope.builder().optZLimitsUm(0, 1000).optMaxZStepUm(5)
            .build();

    /** An endless stream of 8×8 frames 0, 1, 2, ..., 100 ms apart on the camera clock (analysis-core's test double). */
    static ScriptedFrameSource countingSource() {
        return ScriptedFrameSource.gray16(8, 8, Long.MAX_VALUE).withCameraIntervalMs(100);
    }

    /** An analyzer reporting the frame's pixel value as its focus score. */
    static final class ValueAnalyzer implements FrameAnalyzer {
        @Override
        public AnalysisResult analyze(FrameSlot slot) {
            long now = System.nanoTime();
            return AnalysisResult.builder(slot.sequence(), slot.metadata()).optFrameSize(slot.width(), slot.height())
                    .optFocus(slot.valueAt(0), "value").optTimestamps(slot.cameraNanos(), slot.publishedNanos(), now)
                    .build();
        }
    }

    static final class ListRecorder implements Recorder {
        final List<Long> images = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void record(FrameSlot slot) throws IOException {
            images.add(slot.imageNumber());
        }
    }

    static final class Decisions implements EngineListener {
        final List<DecisionRecord> all = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onDecision(DecisionRecord d) {
            all.add(d);
        }
    }

    private static FunctionPolicy stepUp() {
        return new FunctionPolicy("step", 10, false, false, (r, s) -> HardwarePlan.of("step", MoveZ.to(s.zUm() + 1)));
    }

    @Test
    void lockstepRunAnalysesAndDecidesEveryFrameInOrderAndEndsAtItsLimit() throws Exception {
        RecordingMicroscope scope = new RecordingMicroscope(0, 0, 100);
        ListRecorder rec = new ListRecorder();
        Decisions decisions = new Decisions();
        SessionStatus st;
        try (SmartAcquisition run = SmartAcquisition.builder(countingSource(), scope, ENVELOPE)
                .setAnalyzer(new ValueAnalyzer()).addPolicy(stepUp()).addRecorder("list", rec)
                .addEngineListener(decisions).optLimit(RunLimit.frames(60)).optLockstep(true)
                .optPolicyClock(PolicyClock.CAMERA).build()) {
            assertThat(run.status().state()).isEqualTo(SessionState.READY);
            run.start();
            assertThat(run.awaitEnd(60, TimeUnit.SECONDS)).isTrue();
            st = run.status();
        }
        assertThat(st.state()).isEqualTo(SessionState.ENDED);
        assertThat(st.framesPublished()).isEqualTo(60);
        assertThat(st.framesRecorded()).isEqualTo(60);
        assertThat(st.pipeline().analysed()).isEqualTo(60);
        assertThat(st.pipeline().skipped()).isZero();
        assertThat(st.framesLost()).isZero();
        assertThat(rec.images).hasSize(60);
        for (int i = 0; i < 60; i++) {
            assertThat(rec.images.get(i)).isEqualTo(i);
            assertThat(decisions.all.get(i).frameSequence()).isEqualTo(i);
        }
        assertThat(scope.commands()).hasSize(60).first().isEqualTo("moveZ 101.0");
        assertThat(scope.commands()).last().isEqualTo("moveZ 160.0");
        assertThat(st.decisionLatency().count()).isEqualTo(60);
        assertThat(st.alarms()).isEmpty();
        assertThat(st.oneLine()).contains("60 frames").contains("decisions 60");
    }

    @Test
    void theAnalyzerWarmsUpOnTheSourcesFormatBeforeTheFirstFrameAndAFailedWarmUpIsAnAlarmNotAnEnd()
            throws Exception {
        List<String> warmUps = Collections.synchronizedList(new ArrayList<>());
        class WarmingAnalyzer implements FrameAnalyzer {
            private final boolean fail;

            WarmingAnalyzer(boolean fail) {
                this.fail = fail;
            }

            @Override
            public AnalysisResult analyze(FrameSlot slot) {
                return new ValueAnalyzer().analyze(slot);
            }

            @Override
            public void warmUp(FrameFormat format, int frames) {
                warmUps.add(format + " x" + frames);
                if (fail) {
                    throw new IllegalStateException("synthetic frame rejected");
                }
            }
        }
        for (boolean fail : new boolean[] {false, true}) {
            ListRecorder rec = new ListRecorder();
            SessionStatus st;
            try (SmartAcquisition run = SmartAcquisition.builder(countingSource(), new RecordingMicroscope(0, 0, 0),
                    ENVELOPE).setAnalyzer(new WarmingAnalyzer(fail)).addRecorder("list", rec)
                    .optLimit(RunLimit.frames(10)).optLockstep(true).optWarmUpFrames(7).build()) {
                run.start();
                assertThat(run.awaitEnd(60, TimeUnit.SECONDS)).isTrue();
                st = run.status();
            }
            assertThat(warmUps).last().asString().contains(countingSource().maxFormat().toString())
                    .endsWith(fail ? " x1" : " x6");
            assertThat(rec.images).as("frames recorded, warm-up failed: %b", fail).hasSize(10);
            assertThat(st.pipeline().analysed()).isEqualTo(10);
            if (fail) {
                assertThat(st.alarms()).singleElement().asString().contains("warm-up")
                        .contains("synthetic frame rejected");
            } else {
                assertThat(st.alarms()).isEmpty();
            }
        }
        assertThat(warmUps).as("a fast frame warms up all 7 (1 timed, then 6); a failing first frame stops it")
                .hasSize(3);
        assertThatThrownBy(() -> SmartAcquisition.builder(countingSource(), new RecordingMicroscope(0, 0, 0),
                ENVELOPE).optWarmUpFrames(-1)).hasMessageContaining("Warm-up frames must be >= 0");
    }

    @Test
    void aWarmUpFrameSlowerThanTheBudgetIsAnalysedOnceNotTwoHundredTimes() throws Exception {
        AtomicInteger warmed = new AtomicInteger();
        FrameAnalyzer slow = new FrameAnalyzer() {
            @Override
            public AnalysisResult analyze(FrameSlot slot) {
                return new ValueAnalyzer().analyze(slot);
            }

            @Override
            public void warmUp(FrameFormat format, int frames) throws InterruptedException {
                for (int i = 0; i < frames; i++) {
                    Thread.sleep(SmartAcquisition.WARM_UP_BUDGET_NANOS / 1_000_000 * 3 / 5);
                    warmed.incrementAndGet();
                }
            }
        };
        long t0 = System.nanoTime();
        try (SmartAcquisition run = SmartAcquisition.builder(countingSource(), new RecordingMicroscope(0, 0, 0),
                ENVELOPE).setAnalyzer(slow).optLimit(RunLimit.frames(3)).optLockstep(true).optWarmUpFrames(200)
                .build()) {
            run.start();
            assertThat(run.awaitEnd(60, TimeUnit.SECONDS)).isTrue();
            assertThat(run.status().pipeline().analysed()).isEqualTo(3);
        }
        assertThat(warmed.get()).as("a frame taking 0.6 of the budget leaves room for no second one").isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void dryRunDecidesEverythingAndMovesNothing() throws Exception {
        RecordingMicroscope scope = new RecordingMicroscope(0, 0, 100);
        Decisions decisions = new Decisions();
        try (SmartAcquisition run = SmartAcquisition.builder(countingSource(), scope, ENVELOPE).setAnalyzer(new ValueAnalyzer()).addPolicy(stepUp()).addEngineListener(decisions)
                .optLimit(RunLimit.frames(20)).optLockstep(true).optDryRun(true).build()) {
            run.start();
            assertThat(run.awaitEnd(60, TimeUnit.SECONDS)).isTrue();
            assertThat(run.status().engine().dryRunPlans()).isEqualTo(20);
            assertThat(run.isDryRun()).isTrue();
        }
        assertThat(scope.commands()).isEmpty();
        assertThat(decisions.all).hasSize(20);
    }

    @Test
    void durationLimitCountsCameraTime() throws Exception {
        try (SmartAcquisition run = SmartAcquisition.builder(countingSource(), new RecordingMicroscope(0, 0, 0),
                ENVELOPE).setAnalyzer(new ValueAnalyzer()).optLimit(RunLimit.duration(2.0)).optLockstep(true)
                .build()) {
            run.start();
            assertThat(run.awaitEnd(60, TimeUnit.SECONDS)).isTrue();
            assertThat(run.status().framesPublished()).isEqualTo(20);
            assertThat(run.status().lastCameraTimeMs()).isEqualTo(1900.0);
        }
    }

    @Test
    void stopEndsAnUnlimitedFreeRunningLoopAndEveryFrameIsAccountedFor() throws Exception {
        ListRecorder rec = new ListRecorder();
        SessionStatus st;
        try (SmartAcquisition run = SmartAcquisition.builder(countingSource(), new RecordingMicroscope(0, 0, 0),
                ENVELOPE).setAnalyzer(new ValueAnalyzer()).addRecorder("list", rec).build()) {
            run.start();
            assertThat(run.awaitEnd(200, TimeUnit.MILLISECONDS)).isFalse();
            run.stop();
            st = run.status();
        }
        assertThat(st.state()).isEqualTo(SessionState.ENDED);
        assertThat(st.framesPublished()).isPositive();
        assertThat(rec.images).hasSize((int) st.framesPublished());
        assertThat(st.pipeline().analysed() + st.pipeline().skipped() + st.pipeline().analysisFailed())
                .isEqualTo(st.framesPublished());
    }

    @Test
    void liveRunWithoutZLimitsIsRefusedAndARunStartsOnce() throws Exception {
        try (SmartAcquisition run = SmartAcquisition.builder(countingSource(), new RecordingMicroscope(0, 0, 0),
                SafetyEnvelope.builder().build()).setAnalyzer(new ValueAnalyzer()).addPolicy(stepUp()).build()) {
            assertThatThrownBy(run::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("Z soft");
        }
        try (SmartAcquisition run = SmartAcquisition.builder(countingSource(), new RecordingMicroscope(0, 0, 0),
                ENVELOPE).setAnalyzer(new ValueAnalyzer()).optLimit(RunLimit.frames(3)).build()) {
            run.start();
            assertThatThrownBy(run::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("once");
        }
        assertThatThrownBy(() -> SmartAcquisition.builder(countingSource(), new RecordingMicroscope(0, 0, 0),
                ENVELOPE).build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("analyzer");
        assertThatThrownBy(() -> RunLimit.frames(0)).hasMessageContaining("--frames");
    }

    /**
     * An in-place analyzer reporting the frame's pixel value as its focus score; it counts its calls, and fails the
     * ingest or the analysis of the frames {@code failIngest} / {@code failAnalysis} select.
     */
    static final class InPlaceValueAnalyzer implements IngestingFrameAnalyzer {
        final AtomicInteger ingests = new AtomicInteger();
        final AtomicInteger copiedAnalyses = new AtomicInteger();
        private final java.util.function.LongPredicate failIngest;
        private final java.util.function.LongPredicate failAnalysis;
        private final FrameSlot taken = new FrameSlot(FrameFormat.of(8, 8, PixelType.GRAY16));
        private long sequence;

        InPlaceValueAnalyzer(java.util.function.LongPredicate failIngest,
                java.util.function.LongPredicate failAnalysis) {
            this.failIngest = failIngest;
            this.failAnalysis = failAnalysis;
        }

        @Override
        public void ingest(FrameSlot slot) {
            ingests.incrementAndGet();
            sequence = slot.sequence();
            if (failIngest.test(sequence)) {
                throw new IllegalStateException("ingest fails on frame " + sequence);
            }
            taken.setSize(slot.width(), slot.height());
            taken.setSequence(sequence);
            taken.setMetadata(slot.metadata());
            taken.shorts()[0] = slot.shorts()[0];
            taken.setCameraNanos(slot.cameraNanos());
            taken.setPublishedNanos(slot.publishedNanos());
        }

        @Override
        public AnalysisResult analyzeIngested() {
            if (failAnalysis.test(sequence)) {
                throw new IllegalStateException("analysis fails on frame " + sequence);
            }
            return new ValueAnalyzer().analyze(taken);
        }

        /** Called only if the pipeline copies the frame for this analyzer instead of letting it read in place. */
        @Override
        public AnalysisResult analyze(FrameSlot slot) throws Exception {
            copiedAnalyses.incrementAndGet();
            return IngestingFrameAnalyzer.super.analyze(slot);
        }
    }

    @Test
    void theRunKeepsTheInPlaceReadOfAnIngestingAnalyzer() throws Exception {
        InPlaceValueAnalyzer analyzer = new InPlaceValueAnalyzer(s -> false, s -> false);
        Decisions decisions = new Decisions();
        SessionStatus st;
        try (SmartAcquisition run = SmartAcquisition.builder(countingSource(), new RecordingMicroscope(0, 0, 100),
                ENVELOPE).setAnalyzer(analyzer).addPolicy(stepUp()).addEngineListener(decisions)
                .optLimit(RunLimit.frames(30)).optLockstep(true).optPolicyClock(PolicyClock.CAMERA).build()) {
            assertThat(run.analyzerReadsInPlace()).isTrue();
            run.start();
            assertThat(run.awaitEnd(60, TimeUnit.SECONDS)).isTrue();
            st = run.status();
        }
        assertThat(st.pipeline().analysed()).isEqualTo(30);
        assertThat(analyzer.ingests).as("ring slots read in place").hasValue(30);
        assertThat(analyzer.copiedAnalyses).as("frames copied for the analyzer").hasValue(0);
        assertThat(decisions.all).hasSize(30);
        assertThat(decisions.all.get(29).frameSequence()).isEqualTo(29);
    }

    @Test
    void theAnalysisChainAsEveryRunBuildsItReadsTheRingInPlaceAndAPlainAnalyzerGetsACopy() throws Exception {
        try (AnalysisChain chain = AnalysisChain.builder().build();
                SmartAcquisition run = SmartAcquisition.builder(countingSource(),
                        new RecordingMicroscope(0, 0, 0), ENVELOPE).setAnalyzer(chain).build()) {
            assertThat(run.analyzerReadsInPlace()).as("AnalysisChain through SmartAcquisition").isTrue();
        }
        try (SmartAcquisition run = SmartAcquisition.builder(countingSource(), new RecordingMicroscope(0, 0, 0),
                ENVELOPE).setAnalyzer(new ValueAnalyzer()).build()) {
            assertThat(run.analyzerReadsInPlace()).as("a plain FrameAnalyzer").isFalse();
        }
    }

    @Test
    void inLockstepAFailedIngestOrAnalysisSettlesItsFrameSoTheNextOneIsNotHeldBack() throws Exception {
        InPlaceValueAnalyzer analyzer = new InPlaceValueAnalyzer(s -> s % 4 == 1, s -> s % 4 == 3);
        Decisions decisions = new Decisions();
        SessionStatus st;
        long started = System.nanoTime();
        try (SmartAcquisition run = SmartAcquisition.builder(countingSource(), new RecordingMicroscope(0, 0, 100),
                ENVELOPE).setAnalyzer(analyzer).addPolicy(stepUp()).addEngineListener(decisions)
                .optLimit(RunLimit.frames(20)).optLockstep(true).optLockstepTimeout(Duration.ofSeconds(3))
                .optPolicyClock(PolicyClock.CAMERA).build()) {
            run.start();
            assertThat(run.awaitEnd(60, TimeUnit.SECONDS)).isTrue();
            st = run.status();
        }
        assertThat(st.pipeline().analysed()).isEqualTo(10);
        assertThat(st.pipeline().analysisFailed()).isEqualTo(10);
        assertThat(st.pipeline().skipped()).isZero();
        assertThat(decisions.all).hasSize(10);
        assertThat(st.alarms()).noneMatch(a -> a.contains("lockstep timeout"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no frame waited for the lockstep timeout")
                .isLessThan(Duration.ofSeconds(3));
    }
}
