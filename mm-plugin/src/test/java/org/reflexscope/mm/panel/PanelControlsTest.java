package org.reflexscope.mm.panel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PanelControlsTest {

    @Test
    void idleCanOnlyStart() {
        PanelControls c = PanelControls.of(RunState.IDLE, false, false, false);
        assertThat(c.canStart()).isTrue();
        assertThat(c.canPause() || c.canResume() || c.canStop()).isFalse();
    }

    @Test
    void runningCanPauseAndStopButNotStart() {
        PanelControls c = PanelControls.of(RunState.RUNNING, false, false, false);
        assertThat(c.canStart()).isFalse();
        assertThat(c.canPause()).isTrue();
        assertThat(c.canStop()).isTrue();
        PanelControls paused = PanelControls.of(RunState.PAUSED, false, false, false);
        assertThat(paused.canResume()).isTrue();
        assertThat(paused.canPause()).isFalse();
    }

    @Test
    void liveModeOrAnAcquisitionBlocksStartAndResumeWithAReason() {
        PanelControls live = PanelControls.of(RunState.IDLE, true, false, false);
        assertThat(live.canStart()).isFalse();
        assertThat(live.blockedReason()).contains("Live mode");
        PanelControls mda = PanelControls.of(RunState.FAILED, false, true, false);
        assertThat(mda.canStart()).isFalse();
        assertThat(mda.blockedReason()).contains("acquisition");
        assertThat(PanelControls.of(RunState.PAUSED, true, false, false).canResume()).isFalse();
    }

    @Test
    void aRequestInFlightDisablesEverything() {
        PanelControls c = PanelControls.of(RunState.RUNNING, false, false, true);
        assertThat(c.canPause() || c.canStop() || c.canStart()).isFalse();
    }
}
