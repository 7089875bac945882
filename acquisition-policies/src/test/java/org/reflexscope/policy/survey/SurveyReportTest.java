package org.reflexscope.policy.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.survey.record.SurveyReport;

/**
 * The survey report page (its own test package so it can make a {@link SurveyResult}): every visit outcome in the
 * visit table, budget shares against the limits, the tiling ratio, and text escaped.
 */
class SurveyReportTest {
    @Test
    void visitsBudgetsAndCostAreOnThePage() {
        SurveyPlan plan = SurveyPlan.grid(0, 0, 500, 500, 256, 256, 0.1);
        SurveyTarget a = new SurveyTarget(0, 0, 100, 100, Detection.builder(1, 1).optIntensity(900).build());
        SurveyTarget b = new SurveyTarget(1, 1, 400, 100, Detection.builder(1, 1).optIntensity(800).build());
        SurveyTarget c = new SurveyTarget(2, 3, 400, 400, Detection.builder(1, 1).optIntensity(700).build());
        List<Visit> visits = List.of(new Visit(a, Visit.Outcome.CENTRED, 101, 99, 3.5, 5, ""),
                new Visit(b, Visit.Outcome.REFUSED, Double.NaN, Double.NaN, 0, 0, "outside <the box>"),
                new Visit(c, Visit.Outcome.OVER_BUDGET, Double.NaN, Double.NaN, 0, 0, ""));
        SurveyCost cost = new SurveyCost();
        cost.addExposures(9, 20);
        cost.addExposures(5, 20);
        cost.addMove(300);
        cost.addObjectiveSwitch();
        SurveyResult result = new SurveyResult(plan, List.of(a, b, c), List.of(a, b, c), 2, visits, cost, null,
                List.of());
        StageTiming timing = new StageTiming(5, 5, 500);
        SurveyCost tiling = SurveyCost.ofTiling(SurveyPlan.grid(0, 0, 500, 500, 51.2, 51.2, 0.1), 5, 20);
        String html = SurveyReport.builder("A <test> survey", result, timing, 4).optBudgets(2000, 560)
                .optTiling(tiling, "50X tiling").optCentringErrorsUm(Map.of(0, 0.25)).optLine("Ground truth: 1 of 1.")
                .build().render(new byte[] {1, 2, 3});
        assertThat(html).contains("<title>A &lt;test&gt; survey</title>").contains("src=\"data:image/png;base64,AQID\"")
                .contains("Surveyed " + plan.tiles().size() + " tiles, found 3 targets (2 detections merged")
                .contains("Visited 3: 1 centred, 0 uncorrected, 1 refused by the safety envelope, 1 left over")
                .contains("<li>Ground truth: 1 of 1.</li>")
                .contains("<td class=\"refused\">refused</td>").contains("outside &lt;the box&gt;")
                .contains("<td class=\"over_budget\">over_budget</td>").contains("<td class=\"n\">0.25</td>");
        // 14 frames of 20 ms against a 560 ms light budget: half; 1 of 4 targets visited: a quarter
        assertThat(html).containsPattern("light \\(ms of exposure\\)</th><td class=\"n\">280</td><td class=\"n\">560"
                + "</td><td><span class=\"bar\" style=\"width:100px\"></span> 50 %");
        assertThat(html).contains("targets visited</th><td class=\"n\">1</td><td class=\"n\">4</td>");
        double ratio = tiling.timeMs(timing) / cost.timeMs(timing);
        assertThat(html).contains(String.format(java.util.Locale.ROOT, "The survey took %.1f× less time", ratio));
        assertThat(ratio).isGreaterThan(1);

        String bare = SurveyReport.builder("bare", result, timing, 4).build().render(null);
        assertThat(bare).contains("No overview picture").contains("No exhaustive tiling estimate")
                .doesNotContain("centring error").doesNotContain("<img");

        VisitSettings lapse = VisitSettings.of("10X", "50X").withAcquisition(AcquisitionRequest.zStack(-2, 2, 1))
                .withChannels(List.of("DAPI", "GFP")).withTimeLapse(3, 2000);
        String visitRows = SurveyReport.builder("visit", result, timing, 4)
                .optVisit(SelectionRule.any().withMinIntensity(650), lapse).build().render(null);
        assertThat(visitRows).contains("selection rule").contains("650")
                .contains("Z_STACK, 5 frames in channels DAPI, GFP at 3 time points 2000 ms apart: 30 frames per "
                        + "visit");
    }
}
