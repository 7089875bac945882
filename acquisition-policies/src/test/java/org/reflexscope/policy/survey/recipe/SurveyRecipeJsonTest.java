package org.reflexscope.policy.survey.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.reflexscope.policy.survey.SelectionRule;
import org.reflexscope.policy.survey.SelectionRule.Criterion;

/** The survey recipe's JSON: every entry round-trips, and a bad entry is one line that names it. */
class SurveyRecipeJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyEntryRoundTripsThroughJson() throws Exception {
        SurveyRecipe r = SurveyRecipe.builder().simulated(13L, 0.02, new double[] {6, -4})
                .plate(new double[] {2, 3, 9000, 6400, -100, 50}, List.of("A1", "B3")).overlap(0.2)
                .surveyObjective("10X")
                .selection(SelectionRule.any().withLabel("mitotic").with(Criterion.INTENSITY, 650, 4000)
                        .with(Criterion.SIZE_PX, 20, Double.POSITIVE_INFINITY)
                        .with(Criterion.ELONGATION, Double.NEGATIVE_INFINITY, 1.5).withMinScore(0.7))
                .count(7).timeS(30.0).lightMs(2000.0).visitObjective("50X").visitOffsetUm(new double[] {8, -4})
                .parfocalUm(1.0).recentre(false).zStackUm(new double[] {-3, 3, 0.5})
                .visitChannels(List.of("DAPI", "GFP")).visitFrames(3).visitIntervalMs(500.0).order("interleaved")
                .batch(2).autofocus("scan").focusScan(new double[] {4, 1})
                .model("/models/nuclei.onnx", "probability", "bcyx", 256, 0.4, "nucleus").modelDevice("cpu")
                .xyBoxUm(new double[] {-2000, -2000, 2000, 2000}).zLimitsUm(new double[] {-50, 50}).build();
        String text = JSON.writeValueAsString(SurveyRecipeJson.tree(r));
        SurveyRecipe back = SurveyRecipeJson.recipe(JSON.readTree(text));
        assertThat(back).isEqualTo(r);
        assertThat(back.selection()).isEqualTo(r.selection());
        assertThat(back.selection().max(Criterion.ELONGATION)).isEqualTo(1.5);
        assertThat(back.selection().min(Criterion.ELONGATION)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(back.wells()).containsExactly("A1", "B3");
        assertThat(back.zStackUm()).containsExactly(-3, 3, 0.5);
        assertThat(back.visitChannels()).containsExactly("DAPI", "GFP");
        assertThat(back.visitFrames()).isEqualTo(3);
        assertThat(back.visitIntervalMs()).isEqualTo(500);
        assertThat(back.order()).isEqualTo("interleaved");
        assertThat(back.batch()).isEqualTo(2);
        assertThat(back.autofocus()).isEqualTo("scan");
        assertThat(back.focusScan()).containsExactly(4, 1);
        SurveyRecipe device = SurveyRecipe.builder().autofocus("device").autofocusDevice("Autofocus").build();
        assertThat(SurveyRecipeJson.recipe(SurveyRecipeJson.tree(device)).autofocusDevice()).isEqualTo("Autofocus");
        SurveyRecipe mapped = SurveyRecipe.builder().focusMap(new double[] {10, 1}).build();
        assertThat(SurveyRecipeJson.recipe(SurveyRecipeJson.tree(mapped)).focusMap()).containsExactly(10, 1);
        assertThat(back.model()).isEqualTo("/models/nuclei.onnx");
        assertThat(back.modelTile()).isEqualTo(256);
        assertThat(back.modelThreshold()).isEqualTo(0.4);
        assertThat(back.modelLabel()).isEqualTo("nucleus");
        assertThat(back.modelDevice()).isEqualTo("cpu");
        JsonNode sel = JSON.readTree(text).path("selection");
        assertThat(sel.path("intensity").path("min").asDouble()).isEqualTo(650);
        assertThat(sel.path("sizePx").has("max")).as("an open side is left out").isFalse();

        java.util.Map<String, String> camera = new java.util.LinkedHashMap<>();
        camera.put("Mode", "Fluorescent Beads");
        camera.put("BeadDensity", "20");
        SurveyRecipe mm = SurveyRecipe.builder().microManager("/opt/mm", "MMConfig_demo.cfg", "Objective")
                .cameraProperties(camera).region(new double[] {-600, -600, 600, 600}).build();
        assertThat(SurveyRecipeJson.recipe(SurveyRecipeJson.tree(mm))).isEqualTo(mm);
        assertThat(SurveyRecipeJson.recipe(SurveyRecipeJson.tree(mm)).cameraProperties())
                .containsExactly(java.util.Map.entry("Mode", "Fluorescent Beads"), java.util.Map.entry("BeadDensity",
                        "20"));
        assertThat(SurveyRecipeJson.recipe(JSON.readTree("{\"source\": {\"kind\": \"micro-manager\", \"home\": "
                + "\"/mm\", \"cameraProperties\": {\"BeadDensity\": 20}}}")).cameraProperties())
                .as("a number is its text").containsExactly(java.util.Map.entry("BeadDensity", "20"));
        assertThat(SurveyRecipeJson.recipe(JSON.readTree("{}"))).isEqualTo(SurveyRecipe.builder().build());
    }

    @Test
    void theRuleFromARecipeSelectsByEveryRange() throws Exception {
        SurveyRecipe r = SurveyRecipeJson.recipe(JSON.readTree("{\"selection\": {\"intensity\": {\"min\": 100, "
                + "\"max\": 200}, \"label\": \"nucleus\"}}"));
        SelectionRule rule = r.selection();
        assertThat(rule.matches(detection(150, "nucleus"))).isTrue();
        assertThat(rule.matches(detection(250, "nucleus"))).as("above max").isFalse();
        assertThat(rule.matches(detection(99, "nucleus"))).as("below min").isFalse();
        assertThat(rule.matches(detection(150, "spot"))).as("other label").isFalse();
        assertThat(rule.matches(detection(Double.NaN, "nucleus"))).as("unmeasured").isFalse();
        assertThat(SelectionRule.any().matches(detection(Double.NaN, "spot"))).isTrue();
    }

    private static org.reflexscope.core.detect.Detection detection(double intensity, String label) {
        return org.reflexscope.core.detect.Detection.builder(10, 10).optIntensity(intensity).optLabel(label).build();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"selection\": {\"intensty\": {\"min\": 1}}}|selection.intensty is not an entry",
        "{\"selection\": {\"intensity\": {\"min\": 5, \"max\": 2}}}|selection.intensity must have min <= max",
        "{\"selection\": {\"intensity\": {}}}|selection.intensity must give min, max or both",
        "{\"selection\": {\"score\": {\"min\": \"high\"}}}|selection.score.min must be a number",
        "{\"budget\": {\"count\": -1}}|budget.count must be >= 0",
        "{\"budget\": {\"count\": 2.5}}|budget.count must be a whole number",
        "{\"budget\": {\"lightMs\": 0}}|budget.lightMs must be > 0",
        "{\"visit\": {\"recentre\": \"yes\"}}|visit.recentre must be true or false",
        "{\"visit\": {\"zStack\": {\"fromUm\": 2, \"toUm\": -2, \"stepUm\": 1}}}|visit.zStack must have fromUm <= toUm",
        "{\"visit\": {\"zStack\": {\"fromUm\": -2, \"toUm\": 2}}}|visit.zStack.stepUm is missing",
        "{\"visit\": {\"offsetUm\": [1]}}|visit.offsetUm must be [X, Y]",
        "{\"survey\": {\"overlap\": 0.95}}|survey.overlap must be a fraction in [0, 0.9]",
        "{\"survey\": {\"region\": [5, 0, 1, 9]}}|survey.region must be [XMIN, YMIN, XMAX, YMAX] with MIN < MAX",
        "{\"survey\": {\"region\": [0, 0, 1, 1], \"polygon\": [0, 0, 1, 0, 0, 1]}}|more than one of region",
        "{\"survey\": {\"wells\": [\"A1\"]}}|survey.plate and survey.wells go together",
        "{\"survey\": \"everything\"}|survey must be an object",
        "{\"source\": {\"kind\": \"microscope\"}}|source.kind must be",
        "{\"source\": {\"seed\": 3, \"kind\": \"micro-manager\", \"home\": \"/mm\"}}|source.seed applies to the simulator",
        "{\"source\": {\"kind\": \"micro-manager\"}}|source.home must name",
        "{\"source\": {\"cameraProperties\": {\"Mode\": \"Noise\"}}}|source.cameraProperties applies to a real",
        "{\"source\": {\"kind\": \"micro-manager\", \"home\": \"/mm\", \"cameraProperties\": [\"Mode\"]}}"
            + "|source.cameraProperties must be an object",
        "{\"source\": {\"kind\": \"micro-manager\", \"home\": \"/mm\", \"cameraProperties\": {\"Mode\": {}}}}"
            + "|source.cameraProperties.Mode must be text or a number",
        "{\"visit\": {\"channels\": [\"DAPI\", \"DAPI\"]}}|visit.channels must be distinct preset names",
        "{\"visit\": {\"channels\": \"DAPI\"}}|visit.channels must be a list of names",
        "{\"visit\": {\"frames\": 0}}|visit.frames must be >= 1, got 0",
        "{\"visit\": {\"frames\": 1.5}}|visit.frames must be a whole number",
        "{\"visit\": {\"intervalMs\": -1}}|visit.intervalMs must be >= 0 ms",
        "{\"visit\": {\"order\": \"random\"}}|visit.order must be \"survey-first\" or \"interleaved\"",
        "{\"visit\": {\"batch\": 0}}|visit.batch must be >= 1",
        "{\"survey\": {\"autofocus\": \"sideways\"}}|survey.autofocus must be",
        "{\"survey\": {\"focusScan\": {\"rangeUm\": 1, \"stepUm\": 2}}}|survey.focusScan must have 0 < stepUm",
        "{\"survey\": {\"focusScan\": {\"rangeUm\": 4}}}|survey.focusScan.stepUm is missing",
        "{\"model\": {\"output\": \"probability\"}}|model.path is missing",
        "{\"visit\": {\"intervalMs\": 500}}|visit.intervalMs needs visit.frames of 2 or more",
        "{\"visit\": {\"batch\": 2}}|visit.batch applies to visit.order \"interleaved\"",
        "{\"survey\": {\"autofocus\": \"off\", \"focusScan\": {\"rangeUm\": 4, \"stepUm\": 1}}}"
            + "|survey.focusScan applies to survey.autofocus",
        "{\"survey\": {\"autofocus\": \"scan\", \"focusMap\": {\"rangeUm\": 4, \"stepUm\": 1}}}"
            + "|survey.focusMap asks for survey.autofocus \"map\", not \"scan\"",
        "{\"survey\": {\"autofocus\": \"scan\", \"autofocusDevice\": \"AF\"}}|survey.autofocusDevice applies",
        "{\"model\": {\"path\": \"m.onnx\", \"output\": \"blob\"}}|model.output must be one of",
        "{\"model\": {\"path\": \"m.onnx\", \"tile\": -1}}|model.tile must be >= 0",
        "{\"model\": {\"device\": \"tpu\"}}|model.device must be",
        "{\"model\": {\"file\": \"m.onnx\"}}|model.file is not an entry of a survey recipe; model's entries are",
        "{\"envelope\": {\"zLimitsUm\": [5, 1]}}|envelope.zLimitsUm must be [MIN, MAX] with MIN < MAX",
        "{\"budgets\": {}}|budgets is not an entry of a survey recipe; the recipe's entries are [source, survey",
        "[1, 2]|a survey recipe must be an object"})
    void aBadEntryIsOneLineNamingIt(String json, String message) throws Exception {
        assertThatThrownBy(() -> SurveyRecipeJson.recipe(JSON.readTree(json)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
