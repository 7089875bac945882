package org.reflexscope.policy.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.policy.hardware.AcquisitionRequest;

/** The visits in the pycro-manager event export: one event per plane of each visit that acquired. */
class VisitEventsTest {
    private static SurveyTarget target(int id, double x, double y) {
        return new SurveyTarget(id, 0, x, y, Detection.builder(1, 1).build());
    }

    @Test
    void eachAcquiredVisitBecomesItsPlanesAtTheVisitObjective() {
        VisitSettings settings = VisitSettings.of("10X", "50X").withParfocalOffsetUm(1)
                .withAcquisition(AcquisitionRequest.zStack(-2, 2, 1).withChannel("DAPI").withExposureMs(30));
        List<Visit> visits = List.of(
                new Visit(target(4, 100, 50), Visit.Outcome.CENTRED, 101.5, 48.0, 2.5, 5, ""),
                new Visit(target(2, 300, 50), Visit.Outcome.REFUSED, Double.NaN, Double.NaN, 0, 0, "outside"),
                new Visit(target(7, -20, 10), Visit.Outcome.UNCORRECTED, -28, 14, 0, 5, "no object"),
                new Visit(target(9, 0, 0), Visit.Outcome.OVER_BUDGET, Double.NaN, Double.NaN, 0, 0, ""));
        List<Map<String, Object>> events = PycroManagerEvents.ofVisits(visits, settings, "Objective", 12, null);
        assertThat(events).as("5 planes for each of the 2 visits that acquired").hasSize(10);
        Map<String, Object> first = events.get(0);
        assertThat(first.get("axes")).isEqualTo(Map.of("target", 4, "z", 0));
        assertThat(first.get("x")).isEqualTo(101.5);
        assertThat(first.get("y")).isEqualTo(48.0);
        assertThat((Double) first.get("z")).isCloseTo(12 + 1 - 2, within(1e-9));
        assertThat((Double) events.get(4).get("z")).isCloseTo(12 + 1 + 2, within(1e-9));
        assertThat(first.get("config_group")).isEqualTo(List.of("Objective", "50X"));
        assertThat(first.get("channel")).isEqualTo(Map.of("group", "Channel", "config", "DAPI"));
        assertThat(first.get("exposure")).isEqualTo(30.0);
        assertThat(events.get(5).get("axes")).isEqualTo(Map.of("target", 7, "z", 0));
        assertThat(events.get(5).get("x")).isEqualTo(-28.0);

        FocusMap tilt = FocusMap.fit(List.of(new double[] {0, 0, 0}, new double[] {1000, 0, 5},
                new double[] {0, 1000, -2}));
        double zAtVisit = tilt.zAt(101.5, 48.0);
        assertThat((Double) PycroManagerEvents.ofVisits(visits, settings, "Objective", 12, tilt).get(2).get("z"))
                .as("the middle plane at the map's Z plus the parfocal offset").isCloseTo(zAtVisit + 1, within(1e-9));

        List<Map<String, Object>> burst = PycroManagerEvents.ofVisits(visits.subList(0, 1),
                VisitSettings.of("10X", "50X"), "Objective", 0, null);
        assertThat(burst).hasSize(1);
        assertThat(burst.get(0).get("axes")).isEqualTo(Map.of("target", 4, "time", 0));
        assertThat(burst.get(0)).doesNotContainKeys("channel", "exposure");
    }

    @Test
    void visitChannelsAndTimePointsAreAxesOfEveryPlane() {
        VisitSettings settings = VisitSettings.of("10X", "50X")
                .withAcquisition(AcquisitionRequest.zStack(-1, 1, 1)).withChannels(List.of("FITC", "Rhodamine"))
                .withTimeLapse(2, 500);
        List<Visit> visits = List.of(new Visit(target(3, 10, 20), Visit.Outcome.CENTRED, 11, 19, 0, 12, ""));
        List<Map<String, Object>> events = PycroManagerEvents.ofVisits(visits, settings, "Objective", 5, null);
        assertThat(events).as("3 planes x 2 channels x 2 time points").hasSize(settings.framesPerVisit()).hasSize(12);
        assertThat(events.get(0).get("axes")).isEqualTo(Map.of("target", 3, "channel", "FITC", "z", 0, "time", 0));
        assertThat(events.get(0)).doesNotContainKey("min_start_time");
        assertThat(events.get(3).get("axes")).isEqualTo(Map.of("target", 3, "channel", "Rhodamine", "z", 0,
                "time", 0));
        assertThat(events.get(3).get("channel")).isEqualTo(Map.of("group", "Channel", "config", "Rhodamine"));
        assertThat(events.get(11).get("axes")).isEqualTo(Map.of("target", 3, "channel", "Rhodamine", "z", 2,
                "time", 1));
        assertThat(events.get(11).get("min_start_time")).isEqualTo(0.5);
        assertThat((Double) events.get(11).get("z")).isCloseTo(5 + 1, within(1e-9));
    }
}
