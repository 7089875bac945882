package org.reflexscope.mm.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflexscope.mm.panel.PropertiesSettingsStore;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.survey.FocusMode;
import org.reflexscope.policy.survey.VisitOrder;
import org.reflexscope.policy.survey.VisitSettings;

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

    @Test
    void theVisitFocusOrderAndBudgetSettingsSurviveTheStoreAndBuildTheCliValueTypes() {
        PropertiesSettingsStore store = new PropertiesSettingsStore();
        SurveySettings s = SurveySettings.builder().optFocus(FocusMode.MAP, 6, 0.5)
                .optVisitChannels(List.of("FITC", " Rhodamine ")).optTimeLapse(3, 2000).optZStack(7, 0.5)
                .optOrder(VisitOrder.INTERLEAVED, 2).optBudgets(60, Double.NaN).build();
        assertThat(s.problems()).isEmpty();
        s.saveTo(store);
        SurveySettings back = SurveySettings.loadFrom(store);
        assertThat(back.focus()).isEqualTo(FocusMode.MAP);
        assertThat(back.focusRangeUm()).isEqualTo(6);
        assertThat(back.focusStepUm()).isEqualTo(0.5);
        assertThat(back.visitChannels()).containsExactly("FITC", "Rhodamine");
        assertThat(back.timePoints()).isEqualTo(3);
        assertThat(back.intervalMs()).isEqualTo(2000);
        assertThat(back.order()).isEqualTo(VisitOrder.INTERLEAVED);
        assertThat(back.batch()).isEqualTo(2);
        assertThat(back.timeBudgetS()).isEqualTo(60);
        assertThat(back.lightBudgetMs()).isInfinite();
        assertThat(back.hasBudgets()).isTrue();

        AcquisitionRequest stack = back.visitStack();
        assertThat(stack.frames()).isEqualTo(7);
        assertThat(stack.zStartOffsetUm()).isEqualTo(-1.5);
        assertThat(stack.zStepUm()).isEqualTo(0.5);
        VisitSettings v = back.applyTo(VisitSettings.of("10X", "40X"));
        assertThat(v.channels()).containsExactly("FITC", "Rhodamine");
        assertThat(v.framesPerVisit()).isEqualTo(7 * 2 * 3);
        assertThat(SurveySettings.defaults().hasBudgets()).isFalse();
        assertThat(SurveySettings.defaults().visitStack().frames()).as("as reflex survey --mm").isEqualTo(5);
    }

    @Test
    void badVisitFocusOrderAndBudgetValuesAreRefused() {
        SurveySettings bad = SurveySettings.builder().optVisitChannels(List.of("FITC", "FITC")).optTimeLapse(0, 0)
                .optZStack(0, 1).optFocus(FocusMode.SCAN, 1, 2).optOrder(VisitOrder.INTERLEAVED, 0)
                .optBudgets(-5, 0).build();
        assertThat(bad.problems()).hasSize(6).anyMatch(p -> p.contains("channels must be distinct"))
                .anyMatch(p -> p.contains("time point")).anyMatch(p -> p.contains("planes"))
                .anyMatch(p -> p.contains("focus scan")).anyMatch(p -> p.contains("batch"))
                .anyMatch(p -> p.contains("budgets")).allMatch(p -> p.endsWith(".") && !p.contains("\n"));
        assertThat(SurveySettings.builder().optFocus(FocusMode.DEVICE, 1, 2).build().problems())
                .as("the scan's range does not matter to the autofocus device").isEmpty();
    }
}
