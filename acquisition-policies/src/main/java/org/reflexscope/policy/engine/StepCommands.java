package org.reflexscope.policy.engine;

import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.plan.Acquire;
import org.reflexscope.policy.plan.ActionVisitor;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.plan.SetExposure;
import org.reflexscope.policy.plan.SetFrameInterval;
import org.reflexscope.policy.plan.SetPreset;

/**
 * The one {@link MicroscopeControl} call each plan step stands for; the {@link PlanExecutor} makes them. Returns the
 * acquired stack of an {@link Acquire}, {@code null} for the other steps.
 */
final class StepCommands implements ActionVisitor<AcquiredStack, HardwareException> {
    private final MicroscopeControl control;

    StepCommands(MicroscopeControl control) {
        this.control = control;
    }

    @Override
    public AcquiredStack moveZ(MoveZ action) throws HardwareException {
        control.moveZ(action.zUm());
        return null;
    }

    @Override
    public AcquiredStack moveXY(MoveXY action) throws HardwareException {
        control.moveXY(action.xUm(), action.yUm());
        return null;
    }

    @Override
    public AcquiredStack setPreset(SetPreset action) throws HardwareException {
        control.setPreset(action.group(), action.preset());
        return null;
    }

    @Override
    public AcquiredStack setExposure(SetExposure action) throws HardwareException {
        control.setExposureMs(action.exposureMs());
        return null;
    }

    @Override
    public AcquiredStack setFrameInterval(SetFrameInterval action) throws HardwareException {
        control.setFrameIntervalMs(action.intervalMs());
        return null;
    }

    @Override
    public AcquiredStack acquire(Acquire action) throws HardwareException {
        return control.acquire(action.request());
    }
}
