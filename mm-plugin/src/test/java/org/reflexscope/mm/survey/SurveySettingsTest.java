package org.reflexscope.mm.survey;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reflexscope.mm.panel.PropertiesSettingsStore;

class SurveySettingsTest {

    @Test
    void theDefaultsAreAThreeByThreeGridWithNothingToFix() {
        SurveySettings d = SurveySettings.defaults();
        assertThat(d.problems()).isEmpty();
        assertThat(d.area()).isEqualTo(SurveySettings.Area.GRID);
        assertThat(d.rows()).isEqualTo(3);
        assertThat(d.columns()).isEqualTo(3);
        assertThat(d.surveyObjective()).isEmpty();
        assertThat(d.visitObjective()).isEmpty();
    }

    @Test
    void eachBadValueIsNamedInOneSentence() {
        SurveySettings bad = SurveySettings.builder().optGrid(0, 3).optOverlap(0.95).optBudget(-1)
                .optObjectives("10X", "10X").optXyRangeUm(Double.NaN).build();
        assertThat(bad.problems()).hasSize(5).anyMatch(p -> p.contains("rows and columns"))
                .anyMatch(p -> p.contains("Overlap")).anyMatch(p -> p.contains("Targets to visit"))
                .anyMatch(p -> p.contains("both 10X")).anyMatch(p -> p.contains("XY range"))
                .allMatch(p -> p.endsWith(".") && !p.contains("\n"));
        assertThat(SurveySettings.builder().optArea(SurveySettings.Area.POSITION_LIST).optGrid(0, 0).build()
                .problems()).as("a position list needs no grid").isEmpty();
    }

    @Test
    void settingsSurviveTheStoreAndUnreadableValuesFallBackToTheDefaults() {
        PropertiesSettingsStore store = new PropertiesSettingsStore();
        SurveySettings s = SurveySettings.builder().optArea(SurveySettings.Area.POSITION_LIST).optGrid(4, 5)
                .optOverlap(0.2).optObjectives(" 20X ", "40X").optBudget(7).optFolder("/data/surveys")
                .optXyRangeUm(5000).build();
        s.saveTo(store);
        SurveySettings back = SurveySettings.loadFrom(store);
        assertThat(back.toString()).isEqualTo(s.toString());
        assertThat(back.surveyObjective()).isEqualTo("20X");
        assertThat(back.folder()).isEqualTo("/data/surveys");
        assertThat(back.xyRangeUm()).isEqualTo(5000);

        store.put("survey.area", "HEXAGON");
        store.put("survey.rows", "three");
        SurveySettings fallback = SurveySettings.loadFrom(store);
        assertThat(fallback.area()).isEqualTo(SurveySettings.Area.GRID);
        assertThat(fallback.rows()).isEqualTo(3);
        assertThat(fallback.columns()).isEqualTo(5);
    }
}
