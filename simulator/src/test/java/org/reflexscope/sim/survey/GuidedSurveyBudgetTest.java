package org.reflexscope.sim.survey;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.policy.survey.GuidedSurvey;
import org.reflexscope.policy.survey.SurveyResult;
import org.reflexscope.policy.survey.Visit;
import org.reflexscope.policy.survey.VisitSettings;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.scenario.CameraSettings;

/**
 * Budgets in time and light on the simulated slide (seed 12, 14 rare cells, each visit a look and 5 planes of
 * 20 ms): visiting stops before the visit that would take the survey, its 49 tiles included, past the budget, the
 * targets left are marked over budget, and what the survey spent stays within it.
 */
class GuidedSurveyBudgetTest {

    private static SurveyResult run(double timeBudgetMs, double lightBudgetMs) throws Exception {
        SurveyBench bench = SurveyBench.of(12);
        CameraSettings cam = bench.scenario().camera();
        try (VirtualMicroscope scope = bench.microscope();
                AnalysisChain tiles = AnalysisChain.builder().optBinning(1)
                        .optCameraNoise(cam.gainAduPerE(), cam.offsetAdu(), cam.readNoiseE()).build();
                AnalysisChain looks = AnalysisChain.builder().optBinning(4)
                        .optCameraNoise(cam.gainAduPerE(), cam.offsetAdu(), cam.readNoiseE()).build()) {
            VisitSettings visit = VisitSettings.of(SurveyBench.SURVEY_OBJECTIVE, SurveyBench.VISIT_OBJECTIVE)
                    .withOffsetUm(GuidedSurveyOnSimulatorTest.CAL_OFFSET_X_UM,
                            GuidedSurveyOnSimulatorTest.CAL_OFFSET_Y_UM)
                    .withParfocalOffsetUm(SurveyBench.VISIT_PARFOCAL_UM).withRecentre(true, 0.3)
                    .withAcquisition(GuidedSurveyOnSimulatorTest.STACK);
            return GuidedSurvey.builder(scope, GuidedSurveyOnSimulatorTest.envelope(), tiles, visit)
                    .optLookAnalyzer(looks).optRule(GuidedSurveyOnSimulatorTest.RULE).optBudget(40)
                    .optBudgets(timeBudgetMs, lightBudgetMs, GuidedSurveyOnSimulatorTest.TIMING).build()
                    .run(GuidedSurveyOnSimulatorTest.plan(bench));
        }
    }

    private static long count(SurveyResult r, Visit.Outcome o) {
        return r.visits().stream().filter(v -> v.outcome() == o).count();
    }

    @Test
    void aLightBudgetStopsTheVisitsThatWouldExceedIt() throws Exception {
        // 49 tiles x 20 ms = 980 ms, then 120 ms a visit: 1580 ms leaves room for exactly five visits
        SurveyResult r = run(Double.POSITIVE_INFINITY, 1580);
        System.out.println("light budget 1580 ms: " + r.cost() + ", visits " + r.visits().size());
        assertThat(count(r, Visit.Outcome.CENTRED) + count(r, Visit.Outcome.UNCORRECTED)).isEqualTo(5);
        assertThat(count(r, Visit.Outcome.OVER_BUDGET)).isEqualTo(r.ranked().size() - 5).isPositive();
        assertThat(r.cost().lightMs()).isLessThanOrEqualTo(1580);
        // the visits made come first in the tour; the ones over budget acquired nothing
        assertThat(r.visits().subList(0, 5)).allMatch(v -> v.outcome().acquired());
        assertThat(r.visits().subList(5, r.visits().size())).allMatch(v -> v.frames() == 0);
    }

    @Test
    void aTimeBudgetEndsTheSurveyWithinIt() throws Exception {
        SurveyResult all = run(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        double full = all.cost().timeMs(GuidedSurveyOnSimulatorTest.TIMING);
        double budget = (full + 3000) / 2;
        SurveyResult r = run(budget, Double.POSITIVE_INFINITY);
        double spent = r.cost().timeMs(GuidedSurveyOnSimulatorTest.TIMING);
        System.out.printf("time budget %.0f ms (all visits: %.0f ms): spent %.0f ms, %d of %d visits made%n", budget,
                full, spent, r.visits().size() - count(r, Visit.Outcome.OVER_BUDGET), r.visits().size());
        assertThat(spent).isLessThanOrEqualTo(budget);
        assertThat(count(r, Visit.Outcome.OVER_BUDGET)).isPositive();
        assertThat(count(r, Visit.Outcome.CENTRED)).isPositive();
        assertThat(count(all, Visit.Outcome.OVER_BUDGET)).isZero();
    }
}
