package org.reflexscope.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.detect.EventScorer;
import org.reflexscope.core.events.DivisionTrendEventScorer;
import org.reflexscope.core.focus.FocusMeasure;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.pipeline.FramePipeline;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.core.frame.PixelCalibration;
import org.reflexscope.core.inference.Device;
import org.reflexscope.core.inference.ModelSource;
import org.reflexscope.core.inference.ModelSpec;
import org.reflexscope.core.inference.OutputKind;
import org.reflexscope.core.inference.support.SyntheticSpots;
import org.reflexscope.core.inference.support.TestModels;

class AnalysisChainTest {

    private static AnalysisChain.Builder chain() {
        return AnalysisChain.builder().optDevice(Device.CPU).optThreads(1).optCameraNoise(1, 100, 0);
    }

    @Test
    void framesTooSmallForTheModelsAfterBinningAreRefusedBeforeARun() throws Exception {
        try (AnalysisChain c = chain().optBinning(4).build()) {
            c.checkFormat(FrameFormat.of(48, 48, PixelType.GRAY16));
            assertThatThrownBy(() -> c.checkFormat(FrameFormat.of(44, 64, PixelType.GRAY16)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("44x64")
                    .hasMessageContaining("at least 12x12").hasMessageContaining("less binning");
        }
        try (AnalysisChain c = chain().build()) {
            assertThatThrownBy(() -> c.checkFormat(FrameFormat.of(8, 8, PixelType.GRAY8)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8x8");
        }
    }

    @Test
    void roiAndBinningMapDetectionsBackToFramePixelsAndStageMicrons() throws Exception {
        SyntheticSpots truth = new SyntheticSpots(3, 512, 400).addSpot(300.3, 140.6, 3, 3, 300);
        FrameSlot slot = truth.render16(5, 100);
        slot.setStage(1000, 2000, 50).setPixelSizeUm(0.5);
        try (AnalysisChain c = chain().optRoi(256, 64, 200, 200).optBinning(2).build()) {
            AnalysisResult r = c.analyze(slot);
            assertThat(r.detections()).hasSize(1);
            Detection d = r.detections().get(0);
            assertThat(d.xPx()).isCloseTo(300.3, offset(0.5));
            assertThat(d.yPx()).isCloseTo(140.6, offset(0.5));
            assertThat(d.xUm()).isCloseTo(1000 + (d.xPx() - 255.5) * 0.5, offset(1e-9));
            assertThat(d.yUm()).isCloseTo(2000 + (d.yPx() - 199.5) * 0.5, offset(1e-9));
            assertThat(d.sizePx()).isBetween(4.0, 16.0);
            assertThat(d.intensity()).as("mean background-subtracted counts near a 300-photon peak").isBetween(75.0, 300.0);
            assertThat(d.label()).isEqualTo("spot");
            assertThat(r.frameWidth()).isEqualTo(512);
            assertThat(r.stepNanos()).containsOnlyKeys("bin", "denoise", "detect", "measure", "focus", "score");
            assertThat(r.focusMeasure()).isEqualTo("normalized-variance");
        }
        PixelCalibration rotated = PixelCalibration.ofMatrix(0, -0.5, 0.5, 0);
        try (AnalysisChain c = chain().optCalibration(rotated).build()) {
            Detection d = c.analyze(slot).detections().get(0);
            assertThat(d.xUm()).isCloseTo(1000 - 0.5 * (d.yPx() - 199.5), offset(1e-9));
            assertThat(d.yUm()).isCloseTo(2000 + 0.5 * (d.xPx() - 255.5), offset(1e-9));
        }
    }

    @Test
    void aRoundCellThatElongatesIsLabelledDividingAndRaisesTheEventScore() throws Exception {
        FrameSlot round = new SyntheticSpots(4, 128, 128).addSpot(64, 64, 4, 4, 400).render16(5, 100);
        FrameSlot elongated = new SyntheticSpots(4, 128, 128).addSpot(64, 64, 9, 4, 400).render16(5, 100);
        try (AnalysisChain c = chain().optBinning(2).build()) {
            AnalysisResult r = null;
            for (int i = 0; i < 14; i++) {
                r = c.analyze(round);
            }
            AnalysisResult e = c.analyze(elongated);
            e = c.analyze(elongated);
            System.out.printf("round: %s%nelongated: %s%n", r.detections(), e.detections());
            assertThat(r.detections().get(0).elongation()).isLessThan(1.2);
            assertThat(r.detections().get(0).label()).isEqualTo("spot");
            assertThat(r.score(AnalysisResult.EVENT_SCORE).getAsDouble()).isLessThan(0.1);
            Detection top = e.detections().get(0);
            assertThat(top.elongation()).isGreaterThan(1.8);
            assertThat(top.label()).isEqualTo(DivisionTrendEventScorer.DIVIDING);
            assertThat(e.score(AnalysisResult.EVENT_SCORE).getAsDouble()).isGreaterThan(0.9);
        }
        try (AnalysisChain c = chain().optBinning(2).build()) {
            for (int i = 0; i < 10; i++) {
                AnalysisResult e = c.analyze(elongated);
                assertThat(e.detections().get(0).label()).as("elongated from the start: never round, no division")
                        .isEqualTo("spot");
                assertThat(e.score(AnalysisResult.EVENT_SCORE).getAsDouble()).isLessThan(0.1);
            }
        }
    }

    @Test
    void fluxesAreMeasuredWhenTheEventScorerReadsThemInFramePixelsAtAnyBinning() throws Exception {
        FrameSlot slot = new SyntheticSpots(6, 128, 128).addSpot(64, 64, 3, 3, 300).render16(5, 100);
        try (AnalysisChain c = chain().build()) {
            assertThat(c.analyze(slot).detections().get(0).flux()).as("the default scorer reads no flux").isNaN();
        }
        double[] flux = new double[2];
        for (int bin = 1; bin <= 2; bin++) {
            try (AnalysisChain c = chain().optBinning(bin)
                    .optEventScorer(DivisionTrendEventScorer.builder().optLight(0.5, 2).build()).build()) {
                flux[bin - 1] = c.analyze(slot).detections().get(0).flux();
            }
        }
        assertThat(flux[0]).isPositive();
        assertThat(flux[1]).as("binned x2: the same light in frame pixels").isCloseTo(flux[0],
                offset(0.1 * flux[0]));
    }

    @Test
    void stepsCanBeSwitchedOffAndReplaced() throws Exception {
        FrameSlot slot = new SyntheticSpots(5, 96, 96).addSpot(40, 50, 3, 3, 300).render16(5, 100);
        try (AnalysisChain c = chain().optDenoiser(null).optDetector(null).optEventScorer(null)
                .optFocusMeasure(FocusMeasure.tenengrad()).build()) {
            AnalysisResult r = c.analyze(slot);
            assertThat(r.stepNanos()).containsOnlyKeys("bin", "focus");
            assertThat(r.detections()).isEmpty();
            assertThat(r.scores()).as("only the saturation, always measured").containsOnlyKeys(
                    AnalysisResult.SATURATION_SCORE);
            assertThat(r.scores().get(AnalysisResult.SATURATION_SCORE)).isZero();
            assertThat(r.focusMeasure()).isEqualTo("tenengrad");
            assertThat(r.focusScore()).isPositive();
        }
        ModelSpec map = ModelSpec.builder().setOutputKind(OutputKind.PROBABILITY_MAP).optThreshold(0.5)
                .optLabel("cell").build();
        ModelSpec score = ModelSpec.builder().setOutputKind(OutputKind.FRAME_SCORE).optScoreName("mitosis").build();
        try (AnalysisChain c = chain().optDenoiser(null)
                .optModel(ModelSource.of("sigmoid", TestModels.sigmoidMap(40, 0.3f), map))
                .optModel(ModelSource.of("classifier", TestModels.meanClassifier(50, 0.02f), score)).build()) {
            AnalysisResult r = c.analyze(slot);
            assertThat(r.detections()).hasSize(1);
            assertThat(r.detections().get(0).label()).isEqualTo("cell");
            assertThat(r.detections().get(0).xPx()).isCloseTo(40, offset(1.0));
            assertThat(r.detections().get(0).yPx()).isCloseTo(50, offset(1.0));
            assertThat(r.scores()).containsOnlyKeys("mitosis", AnalysisResult.SATURATION_SCORE);
            assertThat(r.score("mitosis").getAsDouble()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void roiOutsideTheFrameFailsNamingTheFix() throws Exception {
        FrameSlot slot = new SyntheticSpots(6, 64, 64).render16(5, 100);
        try (AnalysisChain c = chain().optRoi(100, 100, 20, 20).build()) {
            assertThatThrownBy(() -> c.analyze(slot)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("leaves no pixel").hasMessageContaining("choose an ROI inside the frame");
        }
    }

    @Test
    void analysingTheSameFrameTwiceGivesTheSameDetections() throws Exception {
        FrameSlot slot = new SyntheticSpots(8, 200, 200).addRandomSpots(10, 1.5, 2.5, 100, 200, 20).render16(10, 100);
        try (AnalysisChain c = chain().build()) {
            List<Detection> a = c.analyze(slot).detections();
            List<Detection> b = c.analyze(slot).detections();
            assertThat(b).isEqualTo(a);
            assertThat(a).hasSize(10);
        }
    }

    /** Frames with one spot each at a position and stage position that change per frame; a fixed number of them. */
    private static final class MovingSpotSource implements FrameSource {
        private final int frames;
        private int next;

        MovingSpotSource(int frames) {
            this.frames = frames;
        }

        static FrameSlot frame(int k) {
            FrameSlot f = new SyntheticSpots(7 + k, 256, 192).addSpot(60 + 7 * k, 50 + 4 * k, 3, 3, 300)
                    .render16(5, 100);
            f.setStage(100 + k, -50 - 2 * k, 10).setPixelSizeUm(0.65).setImageNumber(k).setCameraNanos(1_000 + k);
            return f;
        }

        @Override
        public FrameFormat maxFormat() {
            return FrameFormat.of(256, 192, PixelType.GRAY16);
        }

        @Override
        public void start() {
        }

        @Override
        public FillResult fill(FrameSlot slot, long timeout, TimeUnit unit) {
            if (next == frames) {
                return FillResult.END_OF_STREAM;
            }
            FrameSlot f = frame(next++);
            slot.copyPixelsFrom(f.shorts(), f.width(), f.height());
            slot.setMetadata(f.metadata());
            slot.setCameraNanos(f.cameraNanos());
            return FillResult.FRAME;
        }

        @Override
        public void stop() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aWarmedUpChainAnalysesRealFramesExactlyAsAFreshOne() throws Exception {
        try (AnalysisChain fresh = chain().optBinning(2).build();
                AnalysisChain warmed = chain().optBinning(2).build()) {
            // another size first (buffers regrow), then the real one, and an 8-bit camera's
            warmed.warmUp(FrameFormat.of(512, 384, PixelType.GRAY16), 5);
            warmed.warmUp(FrameFormat.of(256, 192, PixelType.GRAY16), 20);
            warmed.warmUp(FrameFormat.of(96, 64, PixelType.GRAY8), 2);
            for (int k = 0; k < 8; k++) {
                AnalysisResult a = fresh.analyze(MovingSpotSource.frame(k));
                AnalysisResult b = warmed.analyze(MovingSpotSource.frame(k));
                assertThat(b.detections()).as("frame %d", k).isEqualTo(a.detections()).isNotEmpty();
                assertThat(b.scores()).as("frame %d", k).isEqualTo(a.scores()).containsKey(AnalysisResult.EVENT_SCORE);
                assertThat(b.focusScore()).as("frame %d", k).isEqualTo(a.focusScore());
            }
        }
    }

    @Test
    void theWarmUpNeverCallsTheEventScorer() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        EventScorer counting = new EventScorer() {
            @Override
            public void beginFrame(FrameMetadata frame) {
                calls.incrementAndGet();
            }

            @Override
            public double score(List<Detection> detections) {
                calls.incrementAndGet();
                return 0;
            }

            @Override
            public String label(Detection detection, String otherLabel) {
                calls.incrementAndGet();
                return otherLabel;
            }
        };
        try (AnalysisChain c = chain().optEventScorer(counting).build()) {
            c.warmUp(FrameFormat.of(256, 192, PixelType.GRAY16), 3);
            assertThat(calls).as("scorer calls during the warm-up").hasValue(0);
            assertThat(c.analyze(MovingSpotSource.frame(0)).detections()).hasSize(1);
            assertThat(calls.get()).as("scorer calls for one real frame").isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void inThePipelineTheChainReadsTheRingInPlaceAndGetsWhatAnOfflineRunGets() throws Exception {
        int n = 12;
        List<AnalysisResult> results = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (AnalysisChain inPipeline = chain().optBinning(2).build();
                AnalysisChain offline = chain().optBinning(2).build();
                FramePipeline p = FramePipeline.builder(new MovingSpotSource(n)).optRingSize(4)
                        .optAnalyzer(inPipeline, results::add).build()) {
            assertThat(inPipeline).as("the pipeline reads the slot in place for it")
                    .isInstanceOf(IngestingFrameAnalyzer.class);
            p.start();
            assertThat(p.awaitEndOfStream(60, TimeUnit.SECONDS)).isTrue();
            p.stop();
            assertThat(results).isNotEmpty();
            for (AnalysisResult r : results) {
                int k = (int) r.frame().imageNumber();
                FrameSlot f = MovingSpotSource.frame(k);
                List<Detection> expected = offline.analyze(f).detections();
                assertThat(r.detections()).as("frame %d", k).hasSameSizeAs(expected).isNotEmpty();
                for (int i = 0; i < expected.size(); i++) {
                    Detection d = r.detections().get(i);
                    assertThat(d.xPx()).as("frame %d detection %d", k, i).isEqualTo(expected.get(i).xPx());
                    assertThat(d.yPx()).isEqualTo(expected.get(i).yPx());
                    assertThat(d.xUm()).isCloseTo(100 + k + (d.xPx() - 127.5) * 0.65, offset(1e-9));
                    assertThat(d.yUm()).isCloseTo(-50 - 2 * k + (d.yPx() - 95.5) * 0.65, offset(1e-9));
                }
                assertThat(r.detections().get(0).xPx()).as("the spot").isCloseTo(60 + 7 * k, offset(1.0));
                assertThat(r.frame().stageZUm()).isEqualTo(10);
                assertThat(r.frameWidth()).isEqualTo(256);
                assertThat(r.cameraNanos()).isEqualTo(1_000 + k);
            }
        }
    }
}
