package org.reflexscope.mm.survey;

import java.util.List;
import java.util.Objects;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;

/**
 * A {@link MicroscopeControl} that a user's Stop ends: once {@link #stop()} is called (from any thread), every XY
 * move and acquisition is refused with {@link StoppedException}, so a survey ends at its next step; objective presets
 * and Z moves still pass, so that the survey restores the starting objective and focus on its way out. Otherwise
 * every call goes to the microscope behind it unchanged.
 */
final class StoppableMicroscope implements MicroscopeControl {
    private final MicroscopeControl scope;
    private volatile boolean stopped;

    /** Thrown for the commands refused after {@link #stop()}. */
    static final class StoppedException extends HardwareException {
        private static final long serialVersionUID = 1L;

        StoppedException() {
            super("", "Stopped by the user");
        }
    }

    StoppableMicroscope(MicroscopeControl scope) {
        this.scope = Objects.requireNonNull(scope, "scope");
    }

    /** Refuses XY moves and acquisitions from now on. */
    void stop() {
        stopped = true;
    }

    boolean isStopped() {
        return stopped;
    }

    private void refuseIfStopped() throws StoppedException {
        if (stopped) {
            throw new StoppedException();
        }
    }

    @Override
    public MicroscopeState state() throws HardwareException {
        return scope.state();
    }

    @Override
    public void moveZ(double zUm) throws HardwareException {
        scope.moveZ(zUm);
    }

    @Override
    public void moveXY(double xUm, double yUm) throws HardwareException {
        refuseIfStopped();
        scope.moveXY(xUm, yUm);
    }

    @Override
    public void setPreset(String group, String preset) throws HardwareException {
        scope.setPreset(group, preset);
    }

    @Override
    public List<String> presets(String group) throws HardwareException {
        return scope.presets(group);
    }

    @Override
    public void setExposureMs(double exposureMs) throws HardwareException {
        scope.setExposureMs(exposureMs);
    }

    @Override
    public void setFrameIntervalMs(double intervalMs) throws HardwareException {
        scope.setFrameIntervalMs(intervalMs);
    }

    @Override
    public AcquiredStack acquire(AcquisitionRequest request) throws HardwareException {
        refuseIfStopped();
        return scope.acquire(request);
    }
}
