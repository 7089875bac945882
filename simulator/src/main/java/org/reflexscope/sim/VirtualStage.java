package org.reflexscope.sim;

import org.reflexscope.policy.hardware.DeviceErrorException;
import org.reflexscope.policy.hardware.DeviceTimeoutException;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.sim.stage.StageAxis;
import org.reflexscope.sim.stage.TravelLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link VirtualMicroscope}'s Z and XY stage: checks targets against the travel range (nothing moves outside
 * it), takes the armed faults, sleeps for the move's duration with the real-time clock, then sets the position in
 * the shared {@link ScopeState}. Called from the hardware thread.
 */
final class VirtualStage {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualMicroscope.class);

    private final ScopeState state;
    private final TravelLimits limits;
    private final FaultInjector faults;
    private final double timeoutMs;

    VirtualStage(ScopeState state, TravelLimits limits, FaultInjector faults, double timeoutMs) {
        this.state = state;
        this.limits = limits;
        this.faults = faults;
        this.timeoutMs = timeoutMs;
    }

    void moveZ(double targetUm) throws HardwareException {
        injectedFault(StageAxis.Z);
        limits.checkZ(targetUm);
        double from;
        state.lock.lock();
        try {
            from = state.zUm;
        } finally {
            state.lock.unlock();
        }
        state.realTimeSleep(limits.zMoveMs(targetUm - from), StageAxis.Z.device());
        state.lock.lock();
        try {
            state.zUm = targetUm;
        } finally {
            state.lock.unlock();
        }
        LOG.debug("Z moved {} -> {} µm", from, targetUm);
    }

    void moveXY(double targetXUm, double targetYUm) throws HardwareException {
        injectedFault(StageAxis.XY);
        limits.checkXY(targetXUm, targetYUm);
        double distance;
        state.lock.lock();
        try {
            distance = Math.hypot(targetXUm - state.xUm, targetYUm - state.yUm);
        } finally {
            state.lock.unlock();
        }
        state.realTimeSleep(limits.xyMoveMs(distance), StageAxis.XY.device());
        state.lock.lock();
        try {
            state.xUm = targetXUm;
            state.yUm = targetYUm;
        } finally {
            state.lock.unlock();
        }
    }

    /** Throws {@link org.reflexscope.policy.hardware.StageLimitException} if Z {@code um} is outside the travel. */
    void checkZ(double um) throws HardwareException {
        limits.checkZ(um);
    }

    /** Takes an armed stage fault of {@code axis}: a timeout (after waiting for it) or an error; else nothing. */
    void injectedFault(StageAxis axis) throws HardwareException {
        FaultInjector.Kind kind = faults.takeStageFault(axis);
        if (kind == FaultInjector.Kind.TIMEOUT) {
            state.realTimeSleep(timeoutMs, axis.device());
            throw new DeviceTimeoutException(axis.device(), axis.device() + " stage did not report completion within "
                    + (long) timeoutMs + " ms (injected fault); its position is unknown until read back with state()",
                    (long) timeoutMs);
        }
        if (kind == FaultInjector.Kind.ERROR) {
            throw new DeviceErrorException(axis.device(), axis.device() + " stage reported an error (injected "
                    + "fault); nothing moved. Check the device, then resume.");
        }
    }
}
