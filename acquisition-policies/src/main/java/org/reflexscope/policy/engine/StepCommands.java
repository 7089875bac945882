package org.reflexscope.policy.engine;

import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.plan.Acquire;
import org.reflexscope.policy.plan.HardwareAction;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.plan.SetExposure;
import org.reflexscope.policy.plan.SetFrameInterval;
import org.reflexscope.policy.plan.SetPreset;

/** The one {@link MicroscopeControl} call each plan step stands for; the {@link PlanExecutor} makes them. */
final class StepCommands {
    private StepCommands() {
    }

    /** Makes {@code step}'s call on {@code control}; returns the acquired stack of an {@link Acquire}, else null. */
    static AcquiredStack run(HardwareAction step, MicroscopeControl control) throws HardwareException {
        switch (step.kind()) {
            case MOVE_Z:
                control.moveZ(((MoveZ) step).zUm());
                return null;
            case MOVE_XY:
                control.moveXY(((MoveXY) step).xUm(), ((MoveXY) step).yUm());
                return null;
            case SET_PRESET:
                control.setPreset(((SetPreset) step).group(), ((SetPreset) step).preset());
                return null;
            case SET_EXPOSURE:
                control.setExposureMs(((SetExposure) step).exposureMs());
                return null;
            case SET_FRAME_INTERVAL:
                control.setFrameIntervalMs(((SetFrameInterval) step).intervalMs());
                return null;
            case ACQUIRE:
                return control.acquire(((Acquire) step).request());
            default:
                throw new IllegalArgumentException("Unknown action kind " + step.kind());
        }
    }
}
