package org.reflexscope.sim.survey;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.survey.GuidedSurvey;
import org.reflexscope.policy.survey.SelectionRule;
import org.reflexscope.policy.survey.StageTiming;
import org.reflexscope.policy.survey.SurveyCost;
import org.reflexscope.policy.survey.SurveyPlan;
import org.reflexscope.policy.survey.SurveyResult;
import org.reflexscope.policy.survey.Visit;
import org.reflexscope.policy.survey.VisitOrder;
import org.reflexscope.policy.survey.VisitSettings;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.scenario.CameraSettings;

/**
 * A guided survey on the simulated slide, scored against its ground truth. The rule's intensity threshold (650)
 * and the budget were chosen on seeds 1-3 (normal cells' intensity at most 557 there, rare ones from 533 before the
 * phenotype was made 3× brighter); the assertions run on seeds 11-15, which the tuning did not look at.
 */
class GuidedSurveyOnSimulatorTest {
    static final SelectionRule RULE = SelectionRule.any().withMinIntensity(650);
    /** The visit objective's offset as a rough calibration knows it: 7.8 µm off the truth (14, -9). */
    static final double CAL_OFFSET_X_UM = 8;
    static final double CAL_OFFSET_Y_UM = -4;
    static final StageTiming TIMING = new StageTiming(5, 5, 500);
    static final AcquisitionRequest STACK = AcquisitionRequest.zStack(-2, 2, 1).withName("survey-visit");

    static SafetyEnvelope envelope() {
        return SafetyEnvelope.builder().optZLimitsUm(-50, 50).optXYBoundsUm(-2000, -2000, 2000, 2000)
                .optAllowedPresets(MicroscopeControl.OBJECTIVE_GROUP, SurveyBench.SURVEY_OBJECTIVE,
                        SurveyBench.VISIT_OBJECTIVE)
                .build();
    }

    static SurveyPlan plan(SurveyBench bench) {
        double h = SurveyBench.HALF_SIDE_UM;
        double f = bench.fieldWidthUm(SurveyBench.SURVEY_OBJECTIVE);
        return SurveyPlan.grid(-h, -h, h, h, f, f, 0.1);
    }

    static final class Run {
        SurveyResult result;
        SurveyScore score;
        double measuredDoseMs;
        MicroscopeState end;
    }

    static Run run(long seed, boolean recentre) throws Exception {
        return run(seed, recentre, VisitOrder.SURVEY_FIRST);
    }

    /** Visits batched this many at a time when interleaved (chosen on seeds 1-3, see docs/survey.md). */
    static final int BATCH = Integer.getInteger("reflex.survey.batch", 5);

    static Run run(long seed, boolean recentre, VisitOrder order) throws Exception {
        SurveyBench bench = SurveyBench.of(seed);
        CameraSettings cam = bench.scenario().camera();
        Run out = new Run();
        try (VirtualMicroscope scope = bench.microscope();
                AnalysisChain tiles = AnalysisChain.builder().optBinning(1)
                        .optCameraNoise(cam.gainAduPerE(), cam.offsetAdu(), cam.readNoiseE()).build();
                AnalysisChain looks = AnalysisChain.builder().optBinning(4)
                        .optCameraNoise(cam.gainAduPerE(), cam.offsetAdu(), cam.readNoiseE()).build()) {
            VisitSettings visit = VisitSettings.of(SurveyBench.SURVEY_OBJECTIVE, SurveyBench.VISIT_OBJECTIVE)
                    .withOffsetUm(CAL_OFFSET_X_UM, CAL_OFFSET_Y_UM).withParfocalOffsetUm(SurveyBench.VISIT_PARFOCAL_UM)
                    .withRecentre(recentre, 0.3).withAcquisition(STACK);
            out.result = GuidedSurvey.builder(scope, envelope(), tiles, visit).optLookAnalyzer(looks).optRule(RULE)
                    .optBudget(40).optMergeRadiusUm(10).optOrder(order, BATCH).build().run(plan(bench));
            out.score = SurveyScore.of(bench.slide().rareCells(), scope.trace().hiRes(), "survey-visit", 0.1);
            out.measuredDoseMs = scope.lightDoseMs();
            out.end = scope.state();
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"11,SURVEY_FIRST", "12,SURVEY_FIRST", "13,SURVEY_FIRST", "14,SURVEY_FIRST", "15,SURVEY_FIRST",
        "11,INTERLEAVED", "12,INTERLEAVED", "13,INTERLEAVED", "14,INTERLEAVED", "15,INTERLEAVED"})
    void findsAndCentresRareCellsWithTenfoldLessTimeAndLightThanTiling(long seed, VisitOrder order)
            throws Exception {
        Run r = run(seed, true, order);
        SurveyBench bench = SurveyBench.of(seed);
        double hiField = bench.fieldWidthUm(SurveyBench.VISIT_OBJECTIVE);
        double h = SurveyBench.HALF_SIDE_UM;
        SurveyCost tiling = SurveyCost.ofTiling(SurveyPlan.grid(-h, -h, h, h, hiField, hiField, 0.1),
                STACK.frames(), SurveyBench.EXPOSURE_MS);
        SurveyCost spent = r.result.cost();
        System.out.printf("seed %d %s: %s; %d targets, %s; tiling %s; time %.1f s vs %.1f s, light %.0f vs %.0f ms%n",
                seed, order, r.score, r.result.targets().size(), spent, tiling, spent.timeMs(TIMING) / 1000,
                tiling.timeMs(TIMING) / 1000, spent.lightMs(), tiling.lightMs());

        assertThat(r.score.trueTargets()).isBetween(10, 20);
        assertThat(r.score.recall()).isGreaterThanOrEqualTo(0.9);
        assertThat(r.score.falseVisitFraction()).isLessThanOrEqualTo(0.1);
        assertThat(tiling.lightMs() / spent.lightMs()).isGreaterThanOrEqualTo(10);
        assertThat(tiling.timeMs(TIMING) / spent.timeMs(TIMING)).isGreaterThanOrEqualTo(10);
        // the priced light is the light the simulator's sample received
        assertThat(spent.lightMs() * bench.scenario().camera().illumination()).isEqualTo(r.measuredDoseMs);
        // objectives and Z restored
        assertThat(r.end.preset(MicroscopeControl.OBJECTIVE_GROUP)).isEqualTo(SurveyBench.SURVEY_OBJECTIVE);
        assertThat(r.end.zUm()).isEqualTo(bench.scenario().stage().startZUm());
        assertThat(r.result.visits()).allMatch(v -> v.outcome() == Visit.Outcome.CENTRED);
    }

    @Test
    void withoutRecentringTheCalibrationErrorLeavesTargetsOffCentre() throws Exception {
        Run r = run(11, false);
        System.out.println("seed 11 without re-centring: " + r.score);
        assertThat(r.result.visits()).isNotEmpty().allMatch(v -> v.outcome() == Visit.Outcome.UNCORRECTED);
        assertThat(r.score.recall()).isLessThan(0.5);
    }

    @Test
    void rareFractionOfTheBenchIsAtMostTwoPercent() {
        for (long seed : new long[] {11, 12, 13, 14, 15}) {
            SurveySlide s = SurveyBench.of(seed).slide();
            assertThat(s.rareCells().size() / (double) s.cellCount()).isLessThanOrEqualTo(0.02);
        }
    }
}
