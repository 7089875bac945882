package org.reflexscope.mm.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;

/**
 * What every {@link MicroscopeControl} adapter promises, asserted the same way against each: the virtual
 * microscope, a replay of real images, and Micro-Manager's core with the demo configuration. A subclass says how to
 * make its microscope (not streaming).
 */
public abstract class MicroscopeControlContract {
    /** The microscope under test (the subclass owns and closes it). */
    protected abstract MicroscopeControl microscope() throws Exception;

    @Test
    void movesReadBack() throws Exception {
        MicroscopeControl scope = microscope();
        scope.moveZ(12.5);
        scope.moveXY(123.4, -56.7);
        MicroscopeState s = scope.state();
        assertThat(s.zUm()).isCloseTo(12.5, within(0.01));
        assertThat(s.xUm()).isCloseTo(123.4, within(0.01));
        assertThat(s.yUm()).isCloseTo(-56.7, within(0.01));
        scope.moveZ(0);
        assertThat(scope.state().zUm()).isCloseTo(0, within(0.01));
    }

    @Test
    void everyObjectivePresetTakesAndIsCalibrated() throws Exception {
        MicroscopeControl scope = microscope();
        List<String> objectives = scope.presets(MicroscopeControl.OBJECTIVE_GROUP);
        assertThat(objectives).hasSizeGreaterThanOrEqualTo(2);
        String first = scope.state().preset(MicroscopeControl.OBJECTIVE_GROUP);
        for (String o : objectives) {
            scope.setPreset(MicroscopeControl.OBJECTIVE_GROUP, o);
            MicroscopeState s = scope.state();
            assertThat(s.preset(MicroscopeControl.OBJECTIVE_GROUP)).isEqualTo(o);
            assertThat(s.pixelSizeUm()).as("pixel size with %s", o).isPositive();
        }
        scope.setPreset(MicroscopeControl.OBJECTIVE_GROUP, first);
    }

    @Test
    void anUnknownPresetIsRefusedAndNothingChanges() throws Exception {
        MicroscopeControl scope = microscope();
        String before = scope.state().preset(MicroscopeControl.OBJECTIVE_GROUP);
        assertThatThrownBy(() -> scope.setPreset(MicroscopeControl.OBJECTIVE_GROUP, "no-such-objective"))
                .isInstanceOf(HardwareException.class).hasMessageContaining("no-such-objective");
        assertThat(scope.state().preset(MicroscopeControl.OBJECTIVE_GROUP)).isEqualTo(before);
    }

    @Test
    void aZStackHasItsPlanesAndRestoresFocus() throws Exception {
        MicroscopeControl scope = microscope();
        scope.moveZ(20);
        AcquiredStack stack = scope.acquire(AcquisitionRequest.zStack(-1, 1, 1));
        assertThat(stack.frames()).hasSize(3);
        assertThat(scope.state().zUm()).isCloseTo(20, within(0.01));
        scope.moveZ(0);
    }
}
