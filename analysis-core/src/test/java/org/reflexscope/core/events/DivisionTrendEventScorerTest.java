package org.reflexscope.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.detect.EventScorer;
import org.reflexscope.core.frame.FrameMetadata;

class DivisionTrendEventScorerTest {
    private static Detection cell(double x, double y, double elongation) {
        return Detection.builder(x, y).optSizePx(10).optElongation(elongation).optLabel("cell").build();
    }

    /** Labels each detection then scores the frame, as the analysis chain does; returns the labels. */
    private static List<String> frame(EventScorer s, double[] score, Detection... ds) {
        List<String> labels = new ArrayList<>();
        for (Detection d : ds) {
            labels.add(s.label(d, "cell"));
        }
        score[0] = s.score(List.of(ds));
        return labels;
    }

    @Test
    void aRoundCellThatElongatesIsDividingWhileTouchingCellsThatStayElongatedAreNot() {
        DivisionTrendEventScorer s = DivisionTrendEventScorer.defaults();
        SplittableRandom rnd = new SplittableRandom(3);
        double[] score = new double[1];
        // cell A: round for 20 frames, then elongates by 0.06 per frame; pair B: two touching cells, 2.2 throughout.
        int firstDividing = -1;
        for (int f = 0; f < 40; f++) {
            double a = f < 20 ? 1.0 + 0.03 * rnd.nextDouble() : 1.0 + 0.06 * (f - 20);
            double b = 2.2 + 0.1 * (rnd.nextDouble() - 0.5);
            List<String> labels = frame(s, score, cell(50 + 0.1 * f, 50, a), cell(150, 80 - 0.1 * f, b));
            assertThat(labels.get(1)).as("touching pair, frame %d", f).isEqualTo("cell");
            if (f < 20) {
                assertThat(labels.get(0)).as("round cell, frame %d", f).isEqualTo("cell");
                assertThat(score[0]).as("frame %d", f).isLessThan(0.05);
            } else if (firstDividing < 0 && labels.get(0).equals(DivisionTrendEventScorer.DIVIDING)) {
                firstDividing = f;
                assertThat(score[0]).isGreaterThanOrEqualTo(0.5);
            }
        }
        assertThat(firstDividing).as("labelled once the median elongation rose by 0.4 (frame 28)")
                .isBetween(27, 29);
        assertThat(s.trackCount()).isEqualTo(2);
    }

    @Test
    void theLabelIsHeldThroughTheSplitThenGivenAgainOnlyAfterTheObjectWasRoundAgain() {
        DivisionTrendEventScorer s = DivisionTrendEventScorer.builder().optHoldFrames(5).build();
        double[] score = new double[1];
        for (int f = 0; f < 15; f++) {
            assertThat(frame(s, score, cell(50, 50, 1.0))).containsExactly("cell");
        }
        assertThat(frame(s, score, cell(50, 50, 1.6))).as("one elongated frame is not a trend").containsExactly("cell");
        assertThat(frame(s, score, cell(50, 50, 1.6))).containsExactly(DivisionTrendEventScorer.DIVIDING);
        double peak = score[0];
        assertThat(peak).isGreaterThan(0.9);
        // the split: two daughters, one continues the object, the other is new (no history, not labelled)
        assertThat(frame(s, score, cell(51.5, 50, 1.1), cell(47, 50, 1.1)))
                .containsExactly(DivisionTrendEventScorer.DIVIDING, "cell");
        assertThat(score[0]).as("held at its first value while labelled").isEqualTo(peak);
        List<String> last = null;
        for (int f = 0; f < 3; f++) {
            last = frame(s, score, cell(52, 50, 1.1), cell(46, 50, 1.1));
        }
        assertThat(last).containsExactly(DivisionTrendEventScorer.DIVIDING, "cell");
        last = frame(s, score, cell(52, 50, 1.1), cell(46, 50, 1.1));
        assertThat(last).as("5 frames after the first label").containsExactly("cell", "cell");
        assertThat(score[0]).isLessThan(0.05);
        for (int f = 0; f < 30; f++) {
            last = frame(s, score, cell(52, 50, 2.0), cell(46, 50, 1.1));
            assertThat(last).as("still elongated after the hold, frame %d: the same event", f)
                    .containsExactly("cell", "cell");
        }
        int relabelled = -1;
        for (int f = 0; f < 30 && relabelled < 0; f++) {
            last = frame(s, score, cell(52, 50, f < 15 ? 1.0 : 2.0), cell(46, 50, 1.1));
            if (last.get(0).equals(DivisionTrendEventScorer.DIVIDING)) {
                relabelled = f;
            }
        }
        assertThat(relabelled).as("round again for 15 frames, then elongated: a new event on its second frame")
                .isEqualTo(16);
    }

    @Test
    void aMergedBlobThatSplitsIsDividingButAShiftedFieldOrANewcomerFarAwayIsNot() {
        DivisionTrendEventScorer s = DivisionTrendEventScorer.builder().optSplits(true).build();
        double[] score = new double[1];
        for (int f = 0; f < 20; f++) {
            frame(s, score, cell(50, 50, 2.2), cell(150, 150, 1.0));
        }
        // the whole field shifts by 6 px (a stage move): every object is new, none has a matched parent
        for (int f = 0; f < 20; f++) {
            assertThat(frame(s, score, cell(56, 50, 2.2), cell(156, 150, 1.0))).containsOnly("cell");
            assertThat(score[0]).isLessThan(0.05);
        }
        // a newcomer far from everything
        assertThat(frame(s, score, cell(56, 50, 2.2), cell(156, 150, 1.0), cell(100, 30, 1.0))).containsOnly("cell");
        assertThat(score[0]).isLessThan(0.05);
        // the merged blob splits: it stays, a new object appears 8 px away (within 1.2 x size 10)
        assertThat(frame(s, score, cell(57, 50, 1.8), cell(156, 150, 1.0), cell(100, 30, 1.0), cell(49, 50, 1.6)))
                .containsOnly("cell");
        assertThat(score[0]).isEqualTo(DivisionTrendEventScorer.SPLIT_PROBABILITY);
        assertThat(frame(s, score, cell(58, 50, 1.8), cell(156, 150, 1.0), cell(100, 30, 1.0), cell(48, 50, 1.6)))
                .containsExactly(DivisionTrendEventScorer.DIVIDING, "cell", "cell", DivisionTrendEventScorer.DIVIDING);
    }

    @Test
    void anObjectThatAppearsElongatedOrWithTooLittleHistoryIsNotDividing() {
        DivisionTrendEventScorer s = DivisionTrendEventScorer.defaults();
        double[] score = new double[1];
        assertThat(frame(s, score, cell(10, 10, 3.0))).containsExactly("cell");
        assertThat(frame(s, score, cell(10, 10, 1.0), cell(90, 90, 1.0))).containsExactly("cell", "cell");
        // a far jump is another object (beyond the 0.4 x size gate): new track, no history
        for (int f = 0; f < 5; f++) {
            assertThat(frame(s, score, cell(10 + 5 * (f + 1), 10, 1.0 + 0.5 * f))).containsExactly("cell");
        }
        assertThat(frame(s, score)).isEmpty();
        assertThat(score[0]).isZero();
    }

    @Test
    void scoreWithoutLabelCallsLabelsItselfAndFreshScorersAreIndependent() {
        DivisionTrendEventScorer s = DivisionTrendEventScorer.defaults();
        for (int f = 0; f < 15; f++) {
            s.score(List.of(cell(20, 20, 1.0)));
        }
        s.score(List.of(cell(20, 20, 1.8)));
        double dividing = s.score(List.of(cell(20, 20, 1.8)));
        assertThat(dividing).isGreaterThan(0.9);
        EventScorer other = s.fresh();
        assertThat(other).isNotSameAs(s).isInstanceOf(DivisionTrendEventScorer.class);
        assertThat(other.score(List.of(cell(20, 20, 1.8)))).as("no shared history").isLessThan(0.05);
        assertThat(other.toString()).isEqualTo(s.toString());
    }

    @Test
    void badSettingsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> DivisionTrendEventScorer.builder().optRoundMax(0.5))
                .hasMessageContaining("Round elongation");
        assertThatThrownBy(() -> DivisionTrendEventScorer.builder().optRise(0)).hasMessageContaining("rise");
        assertThatThrownBy(() -> DivisionTrendEventScorer.builder().optMinHistoryFrames(2))
                .hasMessageContaining("History frames");
        assertThatThrownBy(() -> DivisionTrendEventScorer.builder().optMergeFraction(-1))
                .hasMessageContaining("Merge fraction");
        assertThatThrownBy(() -> DivisionTrendEventScorer.builder().optHoldFrames(0))
                .hasMessageContaining("Hold frames");
        assertThatThrownBy(() -> DivisionTrendEventScorer.builder().optGateFraction(Double.NaN))
                .hasMessageContaining("Gate fraction");
    }

    private static Detection cell(double x, double y, double elongation, double intensity) {
        return Detection.builder(x, y).optSizePx(10).optElongation(elongation).optIntensity(intensity)
                .optLabel("cell").build();
    }

    @Test
    void aCellThatElongatesWithoutDimmingIsNotDividingOneThatDimsIs() {
        DivisionTrendEventScorer s = DivisionTrendEventScorer.builder().optDimming(0.85).build();
        double[] score = new double[1];
        List<String> labels = null;
        for (int f = 0; f < 40; f++) {
            double e = f < 10 ? 1.0 : Math.min(1.8, 1.0 + 0.05 * (f - 10));
            double dimmed = f < 10 ? 400 : Math.max(280, 400 - 6 * (f - 10));
            // A: stretches and dims (same fluorescence over a larger footprint); B: a neighbour biases its shape
            labels = frame(s, score, cell(50, 50, e, dimmed), cell(150, 50, e, 410));
            assertThat(labels.get(1)).as("not dimmed, frame %d", f).isEqualTo("cell");
        }
        assertThat(s.toString()).contains("dimming 0.85");
        DivisionTrendEventScorer again = DivisionTrendEventScorer.builder().optDimming(0.85).build();
        int first = -1;
        for (int f = 0; f < 40 && first < 0; f++) {
            double e = f < 10 ? 1.0 : Math.min(1.8, 1.0 + 0.05 * (f - 10));
            double dimmed = f < 10 ? 400 : Math.max(280, 400 - 6 * (f - 10));
            if (frame(again, score, cell(50, 50, e, dimmed)).get(0).equals(DivisionTrendEventScorer.DIVIDING)) {
                first = f;
            }
        }
        assertThat(first).as("elongation 0.4 above the roundest, intensity 340/400 <= 0.85 (frame 19)")
                .isBetween(19, 21);
        assertThatThrownBy(() -> DivisionTrendEventScorer.builder().optDimming(1.5))
                .hasMessageContaining("Dimming ratio");
    }

    @Test
    void anElongatedCellNotYetDimmedRaisesTheFrameScoreOnceButIsLabelledOnlyWhenItDims() {
        DivisionTrendEventScorer s = DivisionTrendEventScorer.builder().optDimming(0.85).build();
        DivisionTrendEventScorer off = DivisionTrendEventScorer.builder().optDimming(0.85)
                .optScoreShapeBeforeDimming(false).build();
        double[] score = new double[1];
        double[] offScore = new double[1];
        List<Integer> raised = new ArrayList<>();
        int labelled = -1;
        for (int f = 0; f < 40 && labelled < 0; f++) {
            double e = f < 10 ? 1.0 : 1.8;
            double intensity = f < 25 ? 400 : 300;
            List<String> labels = frame(s, score, cell(50, 50, e, intensity));
            List<String> offLabels = frame(off, offScore, cell(50, 50, e, intensity));
            assertThat(offLabels).as("the label does not depend on the option, frame %d", f).isEqualTo(labels);
            if (labels.get(0).equals(DivisionTrendEventScorer.DIVIDING)) {
                labelled = f;
            } else {
                assertThat(offScore[0]).as("without the option, frame %d", f).isLessThan(0.5);
                if (score[0] >= 0.5) {
                    raised.add(f);
                }
            }
        }
        assertThat(raised).as("elongated at frame 10, median of three from frame 11: one raised frame, not held")
                .containsExactly(11);
        assertThat(labelled).as("dimmed from frame 25, median of three from frame 26").isEqualTo(26);
    }

    @Test
    void aRoundCellThatMergesWithANeighbourRestartsItsShapeHistory() {
        DivisionTrendEventScorer s = DivisionTrendEventScorer.defaults();
        double[] score = new double[1];
        for (int f = 0; f < 10; f++) {
            frame(s, score, cell(50, 50, 1.0, 400), cell(58, 50, 1.0, 400));
        }
        // the neighbour vanishes 8 px away (within 1.2 x size): one elongated, dimmer blob remains
        for (int f = 0; f < 20; f++) {
            assertThat(frame(s, score, cell(51, 50, 1.8, 300))).as("merged, frame %d", f).containsExactly("cell");
            assertThat(score[0]).isLessThan(0.05);
        }
        // the same without a neighbour is a precursor
        DivisionTrendEventScorer alone = DivisionTrendEventScorer.defaults();
        for (int f = 0; f < 10; f++) {
            frame(alone, score, cell(50, 50, 1.0, 400));
        }
        frame(alone, score, cell(51, 50, 1.8, 300));
        assertThat(frame(alone, score, cell(51, 50, 1.8, 300))).containsExactly(DivisionTrendEventScorer.DIVIDING);
    }

    @Test
    void aRoundShapeLongAgoIsForgottenAfterTheRoundMemory() {
        DivisionTrendEventScorer s = DivisionTrendEventScorer.builder().optRoundMemoryFrames(20).build();
        double[] score = new double[1];
        for (int f = 0; f < 10; f++) {
            frame(s, score, cell(50, 50, 1.0));
        }
        // 30 frames at 1.3 (out of round, below the rise), then 1.5: 0.5 above the old roundest, but that is
        // forgotten, and 1.3 was never round
        for (int f = 0; f < 30; f++) {
            assertThat(frame(s, score, cell(50, 50, 1.3))).containsExactly("cell");
        }
        for (int f = 0; f < 5; f++) {
            assertThat(frame(s, score, cell(50, 50, 1.5))).as("frame %d", f).containsExactly("cell");
        }
        DivisionTrendEventScorer remembers = DivisionTrendEventScorer.builder().optRoundMemoryFrames(40).build();
        for (int f = 0; f < 10; f++) {
            frame(remembers, score, cell(50, 50, 1.0));
        }
        for (int f = 0; f < 30; f++) {
            frame(remembers, score, cell(50, 50, 1.3));
        }
        frame(remembers, score, cell(50, 50, 1.5));
        assertThat(frame(remembers, score, cell(50, 50, 1.5))).containsExactly(DivisionTrendEventScorer.DIVIDING);
        assertThatThrownBy(() -> DivisionTrendEventScorer.builder().optRoundMemoryFrames(0))
                .hasMessageContaining("Round memory");
    }

    @Test
    void aCrowdedFieldKeepsOneTrackPerCellAndSkippingTheUnusedNeighbourSearchChangesNoDecision() {
        // 400 cells on a jittered 20 px lattice (gate 4 px), drifting; every fifth elongates after 20 round frames.
        // Defaults skip the nearest-neighbour search (nothing reads it); a vanishing isolation fraction forces it.
        DivisionTrendEventScorer skipping = DivisionTrendEventScorer.defaults();
        DivisionTrendEventScorer searching = DivisionTrendEventScorer.builder().optIsolationFraction(Double.MIN_VALUE)
                .build();
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 400;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 20 * (i % 20) + 10 + 4 * (rnd.nextDouble() - 0.5);
            y[i] = 20 * (i / 20) + 10 + 4 * (rnd.nextDouble() - 0.5);
        }
        double[] a = new double[1];
        double[] b = new double[1];
        int dividing = 0;
        for (int f = 0; f < 40; f++) {
            Detection[] ds = new Detection[n];
            for (int i = 0; i < n; i++) {
                x[i] += 0.1 + 0.5 * (rnd.nextDouble() - 0.5);
                y[i] += 0.5 * (rnd.nextDouble() - 0.5);
                double e = i % 5 == 0 && f >= 20 ? 1.0 + 0.06 * (f - 20) : 1.0 + 0.03 * rnd.nextDouble();
                ds[i] = cell(x[i], y[i], e);
            }
            List<String> skipped = frame(skipping, a, ds);
            List<String> searched = frame(searching, b, ds);
            assertThat(skipped).as("frame %d", f).isEqualTo(searched);
            assertThat(a[0]).as("frame %d", f).isEqualTo(b[0]);
            dividing += (int) skipped.stream().filter(DivisionTrendEventScorer.DIVIDING::equals).count();
            assertThat(skipping.trackCount()).as("one track per cell, frame %d", f).isEqualTo(n);
        }
        assertThat(dividing).as("the elongating fifth is labelled").isGreaterThanOrEqualTo(80);
        assertThat(searching.trackCount()).isEqualTo(n);
    }

    /** A frame at {@code tMs} with the stage at {@code (stageX, 0)} µm and 1 µm pixels. */
    private static FrameMetadata at(double tMs, double stageX) {
        return FrameMetadata.builder().optCameraTimeMs(tMs).optStage(stageX, 0, 0).optPixelSizeUm(1).build();
    }

    /** A cell seen at image pixel {@code (x, y)} with the stage at {@code stageX}: sample position x + stageX. */
    private static Detection seen(double x, double y, double stageX, double e, double intensity) {
        return Detection.builder(x, y).optSizePx(10).optElongation(e).optIntensity(intensity).optLabel("cell")
                .optStage(x + stageX, y).build();
    }

    /** Frame {@code f} (200 ms apart) of a round cell elongating from frame 20, at a fixed sample position. */
    private static String elongatingCell(EventScorer s, int f, double stageX, boolean withFrame) {
        double e = f < 20 ? 1.0 : 1.0 + 0.06 * (f - 20);
        double intensity = f < 20 ? 400 : 300;
        if (withFrame) {
            s.beginFrame(at(200.0 * f, stageX));
        }
        String label = s.label(seen(100 - stageX, 50, stageX, e, intensity), "cell");
        s.score(List.of());
        return label;
    }

    @Test
    void aStageMoveDoesNotRestartObjectsWhenTheFrameGivesStageAndPixelSize() {
        EventScorer withFrames = DivisionTrendEventScorer.builder().optDimming(0.85).build();
        EventScorer pixelsOnly = DivisionTrendEventScorer.builder().optDimming(0.85).build();
        EventScorer still = DivisionTrendEventScorer.builder().optDimming(0.85).build();
        int first = -1;
        int firstPixels = -1;
        int firstStill = -1;
        for (int f = 0; f < 40; f++) {
            // the stage moves 8 µm (8 px, twice the association gate) every 4 frames from frame 12 on
            double stageX = f < 12 ? 0 : 8 * ((f - 12) / 4 + 1);
            if (elongatingCell(withFrames, f, stageX, true).equals(DivisionTrendEventScorer.DIVIDING) && first < 0) {
                first = f;
            }
            if (elongatingCell(pixelsOnly, f, stageX, false).equals(DivisionTrendEventScorer.DIVIDING)
                    && firstPixels < 0) {
                firstPixels = f;
            }
            if (elongatingCell(still, f, 0, true).equals(DivisionTrendEventScorer.DIVIDING) && firstStill < 0) {
                firstStill = f;
            }
        }
        assertThat(firstStill).as("labelled once the median rose 0.4 and the cell dimmed").isBetween(27, 29);
        assertThat(first).as("followed in sample coordinates across the moves").isEqualTo(firstStill);
        assertThat(firstPixels).as("in image pixels every move restarts the object: never round long enough")
                .isEqualTo(-1);
    }

    /** Frames of one object at (100, 50): round, then elongating and dimming; returns the first labelled frame. */
    private static int cycle(EventScorer s, int from, int frames, double msPerFrame) {
        int first = -1;
        for (int f = from; f < from + frames; f++) {
            int k = f - from;
            double e = k < 20 ? 1.0 : 1.0 + 0.06 * (k - 20);
            s.beginFrame(at(msPerFrame * f, 0));
            String label = s.label(seen(100, 50, 0, e, k < 20 ? 400 : 300), "cell");
            s.score(List.of());
            if (first < 0 && label.equals(DivisionTrendEventScorer.DIVIDING)) {
                first = f;
            }
        }
        return first;
    }

    @Test
    void whereAnObjectWasLabelledNoneIsLabelledAgainWithinTheRefractoryPeriod() {
        // 500 ms per frame: a round-elongate cycle of 40 frames takes 20 s
        EventScorer s = DivisionTrendEventScorer.builder().optDimming(0.85).optHoldFrames(5).build();
        assertThat(cycle(s, 0, 40, 500)).as("first cycle").isBetween(27, 29);
        assertThat(cycle(s, 40, 40, 500)).as("second cycle, 20 s later: within the 40 s refractory period")
                .isEqualTo(-1);
        assertThat(cycle(s, 80, 40, 500)).as("third cycle, 40 s after the first label").isBetween(107, 109);

        EventScorer off = DivisionTrendEventScorer.builder().optDimming(0.85).optHoldFrames(5)
                .optRefractory(Duration.ZERO, 2).build();
        cycle(off, 0, 40, 500);
        assertThat(cycle(off, 40, 40, 500)).as("refractory period off").isBetween(67, 69);

        EventScorer noTimes = DivisionTrendEventScorer.builder().optDimming(0.85).optHoldFrames(5).build();
        assertThat(cycle(noTimes, 0, 40, Double.NaN)).isBetween(27, 29);
        assertThat(cycle(noTimes, 40, 40, Double.NaN)).as("without frame times there is no refractory period")
                .isBetween(67, 69);
        assertThatThrownBy(() -> DivisionTrendEventScorer.builder().optRefractory(Duration.ofSeconds(-1), 2))
                .hasMessageContaining("Refractory period");
        assertThatThrownBy(() -> DivisionTrendEventScorer.builder().optRefractory(Duration.ofSeconds(1), 0))
                .hasMessageContaining("Refractory distance fraction");
    }

    /**
     * Frames of a round cell (intensity 400) that dims to {@code dimmed} over frames 20-24 (round still) and at
     * frame 25 is seen as the two given objects; returns their labels (and the far cell's) at frame 26.
     */
    private static List<String> dimThenSplit(DivisionTrendEventScorer s, double dimmed, Detection a, Detection b) {
        double[] score = new double[1];
        for (int f = 0; f < 25; f++) {
            s.beginFrame(at(200.0 * f, 0));
            frame(s, score, seen(100, 50, 0, 1.05, f < 20 ? 400 : dimmed), seen(30, 20, 0, 1.0, 400));
        }
        s.beginFrame(at(5000, 0));
        assertThat(frame(s, score, a, b, seen(30, 20, 0, 1.0, 400))).as("labels are given before the frame's "
                + "splits are known").containsExactly("cell", "cell", "cell");
        s.beginFrame(at(5200, 0));
        return frame(s, score, a, b, seen(30, 20, 0, 1.0, 400));
    }

    @Test
    void aRoundCellThatDimsAndIsThenSeenAsTwoLobesAroundItIsDividing() {
        String d = DivisionTrendEventScorer.DIVIDING;
        Detection left = seen(94, 50, 0, 1.1, 280);
        Detection right = seen(106, 50, 0, 1.1, 280);
        assertThat(dimThenSplit(DivisionTrendEventScorer.builder().optDimming(0.85).build(), 320, left, right))
                .containsExactly(d, d, "cell");
        assertThat(dimThenSplit(DivisionTrendEventScorer.builder().optDimming(0.85).build(), 400, left, right))
                .as("the cell had not dimmed").containsExactly("cell", "cell", "cell");
        assertThat(dimThenSplit(DivisionTrendEventScorer.builder().optDimming(0.85).build(), 320,
                seen(94, 50, 0, 1.1, 400), seen(106, 50, 0, 1.1, 400)))
                .as("the two objects are as bright as the round cell: two cells, not its halves")
                .containsExactly("cell", "cell", "cell");
        assertThat(dimThenSplit(DivisionTrendEventScorer.builder().optDimming(0.85).build(), 320, left,
                seen(125, 50, 0, 1.1, 280))).as("not on either side of it").containsExactly("cell", "cell", "cell");
        assertThat(dimThenSplit(DivisionTrendEventScorer.builder().optDimming(0.85).optDimmedSplits(false).build(),
                320, left, right)).as("off").containsExactly("cell", "cell", "cell");
        assertThat(dimThenSplit(DivisionTrendEventScorer.defaults(), 320, left, right))
                .as("no dimming check: off").containsExactly("cell", "cell", "cell");
    }

    /**
     * Frame {@code f} (200 ms apart) of a cell round and bright until frame 29, unseen by the detector in frames
     * 30–47 (3.6 s), then elongated and dimmed; with {@code times} the frames give their time. Returns the first
     * frame it is labelled, or -1.
     */
    private static int lostWhileDimming(EventScorer s, boolean times) {
        for (int f = 0; f < 60; f++) {
            if (times) {
                s.beginFrame(at(200.0 * f, 0));
            }
            boolean seen = f < 30 || f >= 48;
            String label = seen ? s.label(seen(50, 50, 0, f < 30 ? 1.0 : 1.6, f < 30 ? 400 : 280), "cell") : "";
            s.score(List.of());
            if (label.equals(DivisionTrendEventScorer.DIVIDING)) {
                return f;
            }
        }
        return -1;
    }

    @Test
    void aCellTheDetectorMissesForSecondsKeepsItsRoundHistory() {
        assertThat(lostWhileDimming(DivisionTrendEventScorer.builder().optDimming(0.85).build(), true))
                .as("kept 5 s unseen: labelled once the median of three shows it").isBetween(48, 51);
        assertThat(lostWhileDimming(DivisionTrendEventScorer.builder().optDimming(0.85)
                .optMaxMissedTime(Duration.ZERO).build(), true)).as("forgotten after 5 frames: a new object")
                .isEqualTo(-1);
        assertThat(lostWhileDimming(DivisionTrendEventScorer.builder().optDimming(0.85).build(), false))
                .as("frames without times: 5 frames only").isEqualTo(-1);
        assertThat(lostWhileDimming(DivisionTrendEventScorer.builder().optDimming(0.85)
                .optMaxMissedTime(Duration.ofSeconds(3)).build(), true)).as("3.6 s unseen is over 3 s")
                .isEqualTo(-1);
        assertThatThrownBy(() -> DivisionTrendEventScorer.builder().optMaxMissedTime(Duration.ofSeconds(-1)))
                .hasMessageContaining("Missed time");
    }

    /**
     * A pair of overlapping cells seen as one object at elongation 1.3 for 40 frames, then one of them stretches
     * (the pair's elongation rises by 0.06 a frame to 1.9) while the object's intensity falls to {@code dimmed} of
     * its value; returns the first frame it is labelled, or -1.
     */
    private static int nearlyRoundPair(DivisionTrendEventScorer s, double dimmed) {
        double[] score = new double[1];
        for (int f = 0; f < 70; f++) {
            double e = f < 40 ? 1.3 : Math.min(1.9, 1.3 + 0.06 * (f - 40));
            double intensity = f < 40 ? 400 : 400 * Math.max(dimmed, 1 - 0.02 * (f - 40));
            if (frame(s, score, cell(50, 50, e, intensity)).get(0).equals(DivisionTrendEventScorer.DIVIDING)) {
                return f;
            }
        }
        return -1;
    }

    @Test
    void aNearlyRoundObjectThatElongatesAndDimsMoreIsDividingWhenNearlyRoundCounts() {
        assertThat(nearlyRoundPair(DivisionTrendEventScorer.builder().optDimming(0.85).build(), 0.7))
                .as("never round (1.3 > 1.2)").isEqualTo(-1);
        int first = nearlyRoundPair(DivisionTrendEventScorer.builder().optDimming(0.85).optNearlyRound(1.35, 0.8)
                .build(), 0.7);
        assertThat(first).as("rise 0.4 from 1.3 (frame 47) and the median of three dimmed to 0.8 (frame 51)")
                .isBetween(50, 53);
        assertThat(nearlyRoundPair(DivisionTrendEventScorer.builder().optDimming(0.85).optNearlyRound(1.35, 0.8)
                .build(), 0.82)).as("dimmed to 0.82 only: enough for a round cell, not for a nearly round one")
                .isEqualTo(-1);
        assertThat(nearlyRoundPair(DivisionTrendEventScorer.builder().optDimming(0.85).optNearlyRound(1.25, 0.8)
                .build(), 0.7)).as("1.3 is above the nearly round limit").isEqualTo(-1);
        assertThatThrownBy(() -> DivisionTrendEventScorer.builder().optNearlyRound(0.9, 0.8))
                .hasMessageContaining("Nearly round limit");
        assertThatThrownBy(() -> DivisionTrendEventScorer.builder().optNearlyRound(1.35, 0))
                .hasMessageContaining("Nearly round dimming");
    }

    /**
     * A cell at {@code (x, y)} (size 10) that is round for 10 frames, then elongates by 0.05 a frame and dims from
     * 400 to 280 (what a cell leaving the field through the edge looks like, as well as a precursor); returns the
     * first frame it is labelled, or -1, and the largest frame score in {@code maxScore[0]}.
     */
    private static int stretchingAt(DivisionTrendEventScorer s, double x, double y, double[] maxScore) {
        double[] score = new double[1];
        maxScore[0] = 0;
        int first = -1;
        for (int f = 0; f < 40; f++) {
            double e = f < 10 ? 1.0 : Math.min(1.8, 1.0 + 0.05 * (f - 10));
            double intensity = f < 10 ? 400 : Math.max(280, 400 - 6 * (f - 10));
            boolean labelled = frame(s, score, cell(x, y, e, intensity)).get(0)
                    .equals(DivisionTrendEventScorer.DIVIDING);
            maxScore[0] = Math.max(maxScore[0], score[0]);
            if (labelled && first < 0) {
                first = f;
            }
        }
        return first;
    }

    private static DivisionTrendEventScorer withEdge() {
        return DivisionTrendEventScorer.builder().optDimming(0.85).optImageEdge(256, 200, 0.3).build();
    }

    @Test
    void anObjectCutByTheImageEdgeIsNeitherLabelledNorScored() {
        double[] max = new double[1];
        assertThat(stretchingAt(DivisionTrendEventScorer.builder().optDimming(0.85).build(), 2, 100, max))
                .as("without the edge check the cut cell looks like a precursor").isBetween(19, 21);
        assertThat(max[0]).isGreaterThanOrEqualTo(0.5);
        // margin 0.3 x size 10 = 3 px from each edge of the 256 x 200 image
        double[][] cut = {{2, 100}, {128, 2.5}, {253, 100}, {128, 197}, {0, 0}};
        for (double[] at : cut) {
            assertThat(stretchingAt(withEdge(), at[0], at[1], max)).as("cut at %s,%s", at[0], at[1]).isEqualTo(-1);
            assertThat(max[0]).as("score at %s,%s", at[0], at[1]).isZero();
        }
        double[][] inside = {{128, 100}, {3.5, 100}, {251.5, 100}, {128, 195.5}};
        for (double[] at : inside) {
            assertThat(stretchingAt(withEdge(), at[0], at[1], max)).as("inside at %s,%s", at[0], at[1])
                    .isBetween(19, 21);
        }
        assertThat(withEdge().toString()).contains("edge 0.30 x size of 256 x 200");
        assertThat(DivisionTrendEventScorer.defaults().toString()).contains("edge off");
        assertThat(withEdge().fresh().toString()).contains("edge 0.30 x size of 256 x 200");
        assertThatThrownBy(() -> DivisionTrendEventScorer.builder().optImageEdge(0, 200, 0.3))
                .hasMessageContaining("Image size");
        assertThatThrownBy(() -> DivisionTrendEventScorer.builder().optImageEdge(256, 200, -0.3))
                .hasMessageContaining("Edge fraction");
        assertThat(stretchingAt(DivisionTrendEventScorer.builder().optDimming(0.85).optImageEdge(256, 200, 0.3)
                .optImageEdge(256, 200, 0).build(), 2, 100, max)).as("fraction 0: off again").isBetween(19, 21);
    }

    @Test
    void aDimmedSplitWithALobeCutByTheEdgeIsNotLabelled() {
        String d = DivisionTrendEventScorer.DIVIDING;
        Detection left = seen(94, 50, 0, 1.1, 280);
        Detection right = seen(106, 50, 0, 1.1, 280);
        DivisionTrendEventScorer.Builder edge = DivisionTrendEventScorer.builder().optDimming(0.85);
        assertThat(dimThenSplit(edge.optImageEdge(200, 200, 0.3).build(), 320, left, right))
                .as("both lobes inside").containsExactly(d, d, "cell");
        // the same split in a 108-pixel-wide image: the right lobe's centre is 1 px from the edge
        assertThat(dimThenSplit(DivisionTrendEventScorer.builder().optDimming(0.85).optImageEdge(108, 200, 0.3)
                .build(), 320, left, right)).as("right lobe cut").containsExactly("cell", "cell", "cell");
    }

    /**
     * Six round cells of flux 1000 far apart, and at (100, 100) a cell that is round for 10 frames, then elongates
     * by 0.05 a frame and dims from 400 to 280 while its flux goes from {@code roundFlux} to {@code stretchedFlux}
     * (NaN: no flux); returns the first frame that cell is labelled, or -1.
     */
    private static int stretchingWithLight(DivisionTrendEventScorer s, double roundFlux, double stretchedFlux) {
        double[] score = new double[1];
        for (int f = 0; f < 40; f++) {
            double e = f < 10 ? 1.0 : Math.min(1.8, 1.0 + 0.05 * (f - 10));
            double intensity = f < 10 ? 400 : Math.max(280, 400 - 6 * (f - 10));
            double flux = f < 10 ? roundFlux : stretchedFlux;
            List<Detection> ds = new ArrayList<>(referenceCells(5));
            ds.add(0, Detection.builder(100, 100).optSizePx(10).optElongation(e).optIntensity(intensity)
                    .optFlux(flux).optLabel("cell").build());
            if (frame(s, score, ds.toArray(new Detection[0])).get(0).equals(DivisionTrendEventScorer.DIVIDING)) {
                return f;
            }
        }
        return -1;
    }

    /** {@code n} round cells of flux 1000 in a row at y = 300, far from everything else. */
    private static List<Detection> referenceCells(int n) {
        List<Detection> ds = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            ds.add(Detection.builder(200 + 40 * k, 300).optSizePx(10).optElongation(1.0).optIntensity(400)
                    .optFlux(1000).optLabel("cell").build());
        }
        return ds;
    }

    private static DivisionTrendEventScorer withLight(double min, double max) {
        return DivisionTrendEventScorer.builder().optDimming(0.85).optLight(min, max).build();
    }

    @Test
    void anObjectIsLabelledOnlyWhileItHoldsOneCellsLight() {
        assertThat(stretchingWithLight(withLight(0.6, 1.5), 1000, 980)).as("one cell's light").isBetween(19, 21);
        assertThat(stretchingWithLight(withLight(0.6, 1.5), 500, 490)).as("half a cell's: a daughter")
                .isEqualTo(-1);
        assertThat(stretchingWithLight(withLight(0.6, 1.5), 2000, 1950)).as("two cells' light: a pair")
                .isEqualTo(-1);
        assertThat(stretchingWithLight(withLight(0.4, 1.5), 500, 490)).as("a lower minimum").isBetween(19, 21);
        assertThat(stretchingWithLight(withLight(0.6, 2.5), 2000, 1950)).as("a higher maximum").isBetween(19, 21);
        assertThat(stretchingWithLight(withLight(0.6, 1.5), Double.NaN, Double.NaN))
                .as("no flux measured: the check is skipped").isBetween(19, 21);
        DivisionTrendEventScorer off = DivisionTrendEventScorer.builder().optDimming(0.85).build();
        assertThat(stretchingWithLight(off, 500, 300)).as("check off").isBetween(19, 21);
        assertThat(off.usesFlux()).isFalse();
        assertThat(withLight(0.6, 1.5).usesFlux()).isTrue();
        assertThat(withLight(0.6, 1.5).toString()).contains("light 0.60-1.50 x typical");
        assertThat(withLight(0.6, 1.5).fresh().toString()).contains("light 0.60-1.50 x typical");
        assertThat(off.toString()).contains("light off", "no light splits");
        assertThatThrownBy(() -> DivisionTrendEventScorer.builder().optLight(0.6, 0.5))
                .hasMessageContaining("Light range");
        assertThatThrownBy(() -> DivisionTrendEventScorer.builder().optLight(Double.NaN, 2))
                .hasMessageContaining("Light range");
    }

    /**
     * A round cell (flux 1000, intensity 400) among five reference cells, followed for 12 frames, that dims only to
     * {@code dimmed} and is then seen as two lobes 3 px either side of it with fluxes {@code a} and {@code b} and
     * intensity 300; returns the lobes' labels in the frame after the split.
     */
    private static List<String> splitSharingLight(DivisionTrendEventScorer s, double roundest, double a, double b) {
        double[] score = new double[1];
        for (int f = 0; f < 12; f++) {
            double intensity = f < 9 ? 400 : 370;
            List<Detection> ds = new ArrayList<>(referenceCells(5));
            ds.add(0, Detection.builder(100, 100).optSizePx(10).optElongation(f < 9 ? roundest : 1.3)
                    .optIntensity(intensity).optFlux(1000).optLabel("cell").build());
            frame(s, score, ds.toArray(new Detection[0]));
        }
        List<Detection> ds = new ArrayList<>(referenceCells(5));
        ds.add(0, Detection.builder(97, 100).optSizePx(10).optElongation(1.1).optIntensity(300).optFlux(a)
                .optLabel("cell").build());
        ds.add(1, Detection.builder(103, 100).optSizePx(10).optElongation(1.1).optIntensity(300).optFlux(b)
                .optLabel("cell").build());
        frame(s, score, ds.toArray(new Detection[0]));
        return frame(s, score, ds.toArray(new Detection[0])).subList(0, 2);
    }

    @Test
    void aRoundCellSeenAsTwoObjectsThatShareItsLightIsDividingBeforeItHasDimmed() {
        String d = DivisionTrendEventScorer.DIVIDING;
        DivisionTrendEventScorer.Builder on = DivisionTrendEventScorer.builder().optDimming(0.85)
                .optLightSplits(true);
        assertThat(splitSharingLight(on.build(), 1.0, 480, 500)).as("halves of its light").containsExactly(d, d);
        assertThat(splitSharingLight(DivisionTrendEventScorer.builder().optDimming(0.85).build(), 1.0, 480, 500))
                .as("without light splits: dimmed to 0.93 only").containsExactly("cell", "cell");
        assertThat(splitSharingLight(on.build(), 1.0, 900, 950)).as("two cells' light: a pair drifting apart")
                .containsExactly("cell", "cell");
        assertThat(splitSharingLight(on.build(), 1.0, 200, 800)).as("not halves").containsExactly("cell", "cell");
        assertThat(splitSharingLight(on.build(), 1.3, 480, 500)).as("never round").containsExactly("cell", "cell");
        assertThat(on.build().usesFlux()).isTrue();
        assertThat(on.build().fresh().toString()).contains("light splits");
    }
}
