package org.reflexscope.policy.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FocusMapAndEventsTest {

    @Test
    void aPlaneThroughMeasuredPointsPredictsFocusElsewhere() {
        // z = 2 + 0.006 x - 0.004 y, measured at four corners and the centre with ±0.1 µm of error
        List<double[]> points = List.of(new double[] {-600, -600, 2 - 3.6 + 2.4 + 0.1},
                new double[] {600, -600, 2 + 3.6 + 2.4 - 0.1}, new double[] {600, 600, 2 + 3.6 - 2.4 + 0.1},
                new double[] {-600, 600, 2 - 3.6 - 2.4 - 0.1}, new double[] {0, 0, 2});
        FocusMap map = FocusMap.fit(points);
        assertThat(map.zAt(300, -150)).isCloseTo(2 + 1.8 + 0.6, within(0.1));
        assertThat(map.slopesUmPerMm()[0]).isCloseTo(6, within(0.2));
        assertThat(map.slopesUmPerMm()[1]).isCloseTo(-4, within(0.2));
        assertThat(map.maxResidualUm()).isCloseTo(0.1, within(0.05));
        assertThatThrownBy(() -> FocusMap.fit(List.of(new double[] {0, 0, 1}, new double[] {1, 1, 2},
                new double[] {2, 2, 3}))).hasMessageContaining("one line");
        assertThatThrownBy(() -> FocusMap.fit(List.of(new double[] {0, 0, 1}))).hasMessageContaining("at least 3");
    }

    @Test
    void thePlanBecomesPycroManagerEventsWithTheTileAxes() {
        SurveyPlan plan = SurveyPlan.grid(0, 0, 1000, 600, 256, 256, 0.1);
        List<Map<String, Object>> events = PycroManagerEvents.ofPlan(plan, "Objective", "10X", 12.5, null);
        assertThat(events).hasSize(plan.tiles().size());
        for (int i = 0; i < events.size(); i++) {
            SurveyTile t = plan.tiles().get(i);
            Map<String, Object> e = events.get(i);
            assertThat(e).containsOnlyKeys("axes", "x", "y", "z", "config_group");
            assertThat(e.get("axes")).isEqualTo(Map.of("position", i, "row", t.row(), "column", t.column()));
            assertThat(e.get("x")).isEqualTo(t.xUm());
            assertThat(e.get("y")).isEqualTo(t.yUm());
            assertThat(e.get("z")).isEqualTo(12.5);
            assertThat(e.get("config_group")).isEqualTo(List.of("Objective", "10X"));
        }
        FocusMap tilt = FocusMap.fit(List.of(new double[] {0, 0, 0}, new double[] {1000, 0, 5},
                new double[] {0, 1000, 0}));
        assertThat((Double) PycroManagerEvents.ofPlan(plan, "Objective", "10X", 0, tilt).get(4).get("z"))
                .isCloseTo(0.005 * plan.tiles().get(4).xUm(), within(1e-9));
        List<Map<String, Object>> listed = PycroManagerEvents.ofPlan(SurveyPlan.positions(List.of(
                new double[] {1, 2})), "Objective", "10X", 0, null);
        assertThat(listed.get(0).get("axes")).isEqualTo(Map.of("position", 0));
    }
}
