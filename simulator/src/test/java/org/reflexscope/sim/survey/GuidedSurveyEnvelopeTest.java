package org.reflexscope.sim.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.survey.GuidedSurvey;
import org.reflexscope.policy.survey.SurveyException;
import org.reflexscope.policy.survey.SurveyPlan;
import org.reflexscope.policy.survey.SurveyResult;
import org.reflexscope.policy.survey.Visit;
import org.reflexscope.policy.survey.VisitSettings;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.scenario.CameraSettings;

/** The envelope on the simulator: a survey reaching outside it never starts; visits outside it are refused. */
class GuidedSurveyEnvelopeTest {

    static AnalysisChain chain(SurveyBench bench, int binning) throws Exception {
        CameraSettings cam = bench.scenario().camera();
        return AnalysisChain.builder().optBinning(binning)
                .optCameraNoise(cam.gainAduPerE(), cam.offsetAdu(), cam.readNoiseE()).build();
    }

    static VisitSettings visit() {
        return VisitSettings.of(SurveyBench.SURVEY_OBJECTIVE, SurveyBench.VISIT_OBJECTIVE)
                .withOffsetUm(GuidedSurveyOnSimulatorTest.CAL_OFFSET_X_UM, GuidedSurveyOnSimulatorTest.CAL_OFFSET_Y_UM)
                .withRecentre(true, 0.3);
    }

    @Test
    void aPlanReachingOutsideTheEnvelopeIsRefusedBeforeAnythingMoves() throws Exception {
        SurveyBench bench = SurveyBench.of(11);
        SafetyEnvelope small = SafetyEnvelope.builder().optZLimitsUm(-50, 50).optXYBoundsUm(-500, -500, 500, 500)
                .optAllowedPresets(MicroscopeControl.OBJECTIVE_GROUP, "10X", "50X").build();
        try (VirtualMicroscope scope = bench.microscope(); AnalysisChain tiles = chain(bench, 1);
                AnalysisChain looks = chain(bench, 4)) {
            MicroscopeState before = scope.state();
            GuidedSurvey survey = GuidedSurvey.builder(scope, small, tiles, visit()).optLookAnalyzer(looks).build();
            assertThatThrownBy(() -> survey.run(GuidedSurveyOnSimulatorTest.plan(bench)))
                    .isInstanceOf(SurveyException.class).hasMessageContaining("refuses")
                    .hasMessageContaining("outside the bounding box");
            assertThat(scope.state().xUm()).isEqualTo(before.xUm());
            assertThat(scope.state().yUm()).isEqualTo(before.yUm());
            assertThat(scope.lightDoseMs()).isZero();
        }
    }

    @Test
    void visitsOutsideTheEnvelopeAreRefusedAndTheRestGoOn() throws Exception {
        SurveyBench bench = SurveyBench.of(11);
        SurveyPlan plan = GuidedSurveyOnSimulatorTest.plan(bench);
        double edge = plan.tiles().get(plan.tiles().size() - 1).yUm();
        // exactly the tile centres: the survey fits, visits to targets near the rim do not
        SafetyEnvelope tight = SafetyEnvelope.builder().optZLimitsUm(-50, 50).optXYBoundsUm(-edge, -edge, edge, edge)
                .optAllowedPresets(MicroscopeControl.OBJECTIVE_GROUP, "10X", "50X").build();
        try (VirtualMicroscope scope = bench.microscope(); AnalysisChain tiles = chain(bench, 1);
                AnalysisChain looks = chain(bench, 4)) {
            SurveyResult r = GuidedSurvey.builder(scope, tight, tiles, visit()).optLookAnalyzer(looks)
                    .optRule(GuidedSurveyOnSimulatorTest.RULE).build().run(plan);
            assertThat(r.visits()).anyMatch(v -> v.outcome() == Visit.Outcome.REFUSED)
                    .anyMatch(v -> v.outcome() == Visit.Outcome.CENTRED);
            for (Visit v : r.visits()) {
                if (v.outcome() == Visit.Outcome.REFUSED) {
                    assertThat(v.reason()).contains("outside the bounding box");
                } else {
                    assertThat(Math.abs(v.stageXUm())).isLessThanOrEqualTo(edge);
                    assertThat(Math.abs(v.stageYUm())).isLessThanOrEqualTo(edge);
                }
            }
            long acquired = r.visits().stream().filter(v -> v.outcome() != Visit.Outcome.REFUSED).count();
            assertThat(scope.trace().hiRes().stream().filter(h -> h.name().equals("survey-visit")).count())
                    .isEqualTo(acquired);
            assertThat(scope.state().preset(MicroscopeControl.OBJECTIVE_GROUP)).isEqualTo("10X");
        }
    }
}
