package org.reflexscope.mm.studio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reflexscope.mm.panel.PanelControls;
import org.reflexscope.mm.panel.RunState;

class ReflexWindowTest {

    @Test
    void aSurveyWaitsForARunningOrPausedRunAndForMicroManagersCamera() {
        assertThat(ReflexWindow.surveyBlockedReason(RunState.RUNNING, "")).contains("run is running");
        assertThat(ReflexWindow.surveyBlockedReason(RunState.PAUSED, "")).contains("run is running");
        assertThat(ReflexWindow.surveyBlockedReason(RunState.IDLE, "")).isEmpty();
        assertThat(ReflexWindow.surveyBlockedReason(RunState.FAILED, "")).as("a failed run holds nothing").isEmpty();
        String live = PanelControls.of(RunState.IDLE, true, false, false).blockedReason();
        assertThat(live).contains("Live mode");
        assertThat(ReflexWindow.surveyBlockedReason(RunState.IDLE, live)).isEqualTo(live);
    }
}
