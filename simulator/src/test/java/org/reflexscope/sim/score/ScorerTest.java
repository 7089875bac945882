package org.reflexscope.sim.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflexscope.sim.truth.TrueEvent;

class ScorerTest {

    private static FrameRecord frame(long n, double t, double z, double focal, double tx, double ty) {
        return FrameRecord.builder().setFrame(n, t).setStage(0, 0, z).optFocalPlaneUm(focal).optTarget(tx, ty)
                .optDoseMs(10).build();
    }

    @Test
    void handBuiltRunScoresToKnownValues() {
        RunTrace trace = RunTrace.builder()
                .addFrame(frame(0, 0, 0.0, 0.0, 3, 4))      // focus error 0, tracking 5
                .addFrame(frame(1, 100, 1.0, -2.0, 0, 0))   // focus error 3, tracking 0
                .addFrame(frame(2, 200, 0.0, 4.0, 0, 12))   // focus error -4, tracking 12
                .addFrame(frame(3, 1000, 0.0, 0.0, 0, 0))   // focus error 0, tracking 0
                .addHiRes(HiResRecord.centred(150, 0, 0, 20, 20, 5, 50, "a"))     // captures e1 after 50 ms
                .addHiRes(HiResRecord.centred(400, 100, 100, 20, 20, 5, 50, "b")) // captures e2 after 300 ms
                .addHiRes(HiResRecord.centred(500, 0, 0, 20, 20, 5, 50, "c"))     // nothing: e1 there but 200 ms after its split
                .optEvents(List.of(
                        new TrueEvent("e1", TrueEvent.Kind.DIVISION, 100, 300, 5, 5),
                        new TrueEvent("e2", TrueEvent.Kind.DIVISION, 100, 300, 95, 105),
                        new TrueEvent("e3", TrueEvent.Kind.DIVISION, 200, 400, -500, 0),   // never imaged
                        new TrueEvent("late", TrueEvent.Kind.DIVISION, 5000, 6000, 0, 0))) // after the run
                .optFramesLost(2).build();
        Score s = Scorer.builder().optCaptureAfterSplitMs(120).optDepthOfFieldUm(2.0).build().score(trace);
        assertThat(s.eventsTotal()).isEqualTo(3);
        assertThat(s.eventsCaptured()).isEqualTo(2);
        assertThat(s.recall()).isEqualTo(2.0 / 3);
        assertThat(s.hiResTotal()).isEqualTo(3);
        assertThat(s.hiResUseful()).isEqualTo(2);
        assertThat(s.precision()).isEqualTo(2.0 / 3);
        assertThat(s.meanDelayMs()).isEqualTo(175.0);
        assertThat(s.maxDelayMs()).isEqualTo(300.0);
        assertThat(s.focusRmsUm()).isCloseTo(Math.sqrt((0 + 9 + 16 + 0) / 4.0), within(1e-12));
        assertThat(s.focusMaxUm()).isEqualTo(4.0);
        assertThat(s.fractionInFocus()).isEqualTo(0.5);
        assertThat(s.trackingRmsUm()).isCloseTo(Math.sqrt((25 + 0 + 144 + 0) / 4.0), within(1e-12));
        assertThat(s.trackingMaxUm()).isEqualTo(12.0);
        assertThat(s.lightDoseMs()).isEqualTo(4 * 10 + 3 * 50.0);
        assertThat(s.framesRecorded()).isEqualTo(4);
        assertThat(s.framesLost()).isEqualTo(2);
        assertThat(s.toMap()).containsEntry("recall", 2.0 / 3).containsKey("trackingRmsUm");
    }

    @Test
    void anEventNoLiveFrameShowedBeforeItSplitIsNotInView() {
        // live field [-50, 50]² until 500 ms, then the stage moved by 200 µm in x
        FrameRecord.Builder[] f = {
            FrameRecord.builder().setFrame(0, 0).setStage(0, 0, 0).optField(-50, -50, 50, 50),
            FrameRecord.builder().setFrame(1, 400).setStage(0, 0, 0).optField(-50, -50, 50, 50),
            FrameRecord.builder().setFrame(2, 800).setStage(200, 0, 0).optField(150, -50, 250, 50)};
        RunTrace.Builder t = RunTrace.builder();
        for (FrameRecord.Builder b : f) {
            t.addFrame(b.build());
        }
        RunTrace trace = t.addHiRes(HiResRecord.centred(300, 10, 0, 20, 20, 5, 50, "a"))
                .addHiRes(HiResRecord.centred(700, 80, 0, 20, 20, 5, 50, "b"))
                .optEvents(List.of(
                        new TrueEvent("seen", TrueEvent.Kind.DIVISION, 100, 450, 10, 0),
                        new TrueEvent("edge", TrueEvent.Kind.DIVISION, 100, 450, 50, 50),   // on the field's corner
                        new TrueEvent("outside", TrueEvent.Kind.DIVISION, 100, 700, 80, 0), // captured blind
                        new TrueEvent("later", TrueEvent.Kind.DIVISION, 600, 900, 200, 0))) // shown at 800 ms
                .build();
        Score s = Scorer.builder().build().score(trace);
        assertThat(s.eventsTotal()).isEqualTo(4);
        assertThat(s.eventsCaptured()).isEqualTo(2);
        assertThat(s.eventsInView()).isEqualTo(3);
        assertThat(s.eventsCapturedInView()).as("'outside' was captured but never in view").isEqualTo(1);
        assertThat(s.recallInView()).isEqualTo(1.0 / 3);
        assertThat(s.toMap()).containsEntry("eventsInView", 3);
    }

    @Test
    void withoutRecordedFieldsAnEventIsInViewIfAFrameFellInItsPrecursor() {
        RunTrace trace = RunTrace.builder().addFrame(frame(0, 0, 0, 0, 0, 0)).addFrame(frame(1, 200, 0, 0, 0, 0))
                .optEvents(List.of(new TrueEvent("far", TrueEvent.Kind.DIVISION, 100, 400, 1e6, 0),
                        new TrueEvent("between frames", TrueEvent.Kind.DIVISION, 20, 150, 0, 0))).build();
        Score s = Scorer.builder().build().score(trace);
        assertThat(s.eventsTotal()).isEqualTo(2);
        assertThat(s.eventsInView()).as("no frame between the second one's onset and split").isEqualTo(1);
        FrameRecord.Builder b = FrameRecord.builder().setFrame(0, 0).setStage(0, 0, 0);
        assertThatThrownBy(() -> b.optField(1, 0, 0, 1)).hasMessageContaining("min <= max");
    }

    @Test
    void emptyRunHasUndefinedRatiosNotZeros() {
        Score s = Scorer.builder().build().score(RunTrace.builder().build());
        assertThat(s.recall()).isNaN();
        assertThat(s.precision()).isNaN();
        assertThat(s.focusRmsUm()).isNaN();
        assertThat(s.framesRecorded()).isZero();
    }

    @Test
    void framesWithoutTargetOrFocalPlaneAreLeftOutOfThoseErrors() {
        RunTrace trace = RunTrace.builder()
                .addFrame(FrameRecord.builder().setFrame(0, 0).setStage(0, 0, 1).build())
                .addFrame(FrameRecord.builder().setFrame(1, 10).setStage(0, 0, 1).optFocalPlaneUm(0).build())
                .build();
        Score s = Scorer.builder().build().score(trace);
        assertThat(s.focusRmsUm()).isEqualTo(1.0);
        assertThat(s.trackingRmsUm()).isNaN();
        assertThat(s.fractionInFocus()).isNaN();
    }
}
