package org.reflexscope.policy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.support.States;

class PycroManagerEventsTest {
    @Test
    void aHighResPlanBecomesHardwareEventsAndOneImageEventPerPlane() {
        HardwarePlan plan = HardwarePlan.of("highres", MoveXY.to(110, 200), SetPreset.of("Objective", "40X"),
                MoveZ.to(52.5), Acquire.of(AcquisitionRequest.zStack(-1, 1, 1).withChannel("RFP")
                        .withExposureMs(30)), SetPreset.of("Objective", "10X"), MoveZ.to(50), MoveXY.to(100, 200));
        ArrayNode ev = PycroManagerEvents.fromPlan(plan, States.at(100, 200, 50).build(), 12.5);
        assertThat(ev).hasSize(8);
        assertThat(ev.get(0).get("x").asDouble()).isEqualTo(110);
        assertThat(ev.get(0).get("min_start_time").asDouble()).isEqualTo(12.5);
        assertThat(ev.get(0).has("axes")).as("a move takes no image").isFalse();
        JsonNode plane0 = ev.get(2);
        assertThat(plane0.get("axes").get("z").asInt()).isZero();
        assertThat(plane0.get("z").asDouble()).isEqualTo(51.5);
        assertThat(plane0.get("config_group").toString()).isEqualTo("[\"Channel\",\"RFP\"]");
        assertThat(plane0.get("exposure").asDouble()).isEqualTo(30);
        assertThat(plane0.get("tags").get("Objective").asText()).isEqualTo("40X");
        assertThat(ev.get(4).get("z").asDouble()).isEqualTo(53.5);
        assertThat(ev.get(5).get("z").asDouble()).as("z restored after the stack").isEqualTo(52.5);
        assertThat(ev.get(7).get("y").asDouble()).isEqualTo(200);
    }

    @Test
    void aRateChangeBecomesATimelapseInSeconds() {
        ArrayNode ev = PycroManagerEvents.timelapse(250, 4, 10);
        assertThat(ev).hasSize(4);
        assertThat(ev.get(3).get("axes").get("time").asInt()).isEqualTo(3);
        assertThat(ev.get(3).get("min_start_time").asDouble()).isEqualTo(10.75);
    }
}
