package org.reflexscope.policy.survey;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.HardwareAutofocus;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.plan.Acquire;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.plan.SetPreset;
import org.reflexscope.policy.safety.EnvelopeVerdict;
import org.reflexscope.policy.safety.SafetyEnvelope;

/**
 * The survey's only way to the microscope: every move, preset and acquisition is checked by the
 * {@link SafetyEnvelope} first (clamping not allowed: a command outside it is refused and nothing runs), waits out
 * the envelope's minimum interval between moves, and is counted in the {@link SurveyCost}. One thread only.
 */
final class GuardedStage {
    private final MicroscopeControl scope;
    private final SafetyEnvelope envelope;
    private final SurveyCost cost;
    private long lastMoveNanos = Long.MIN_VALUE;

    GuardedStage(MicroscopeControl scope, SafetyEnvelope envelope, SurveyCost cost) {
        this.scope = Objects.requireNonNull(scope, "scope");
        this.envelope = Objects.requireNonNull(envelope, "envelope");
        this.cost = Objects.requireNonNull(cost, "cost");
    }

    MicroscopeState state() throws HardwareException {
        return scope.state();
    }

    /** Moves XY, or throws {@link SurveyException} with the envelope's reasons if it is outside. */
    void moveXY(double xUm, double yUm, String why) throws HardwareException, SurveyException {
        MicroscopeState s = scope.state();
        allow(HardwarePlan.of(why, MoveXY.to(xUm, yUm)), s, true);
        scope.moveXY(xUm, yUm);
        cost.addMove(Math.hypot(xUm - s.xUm(), yUm - s.yUm()));
    }

    void moveZ(double zUm, String why) throws HardwareException, SurveyException {
        allow(HardwarePlan.of(why, MoveZ.to(zUm)), scope.state(), true);
        scope.moveZ(zUm);
    }

    /**
     * Runs the microscope's autofocus and returns the Z it found. The device moves Z itself, so its move is checked
     * after the fact, as a move from the Z before: if the envelope would have refused it, Z goes back to the Z
     * before (the last one the envelope allowed) and this throws {@link SurveyException}.
     */
    double deviceFocus(HardwareAutofocus device, String why) throws HardwareException, SurveyException {
        MicroscopeState before = scope.state();
        device.fullFocus();
        double z = scope.state().zUm();
        EnvelopeVerdict v = envelope.check(HardwarePlan.of(why, MoveZ.to(z)), before, false, Long.MAX_VALUE);
        if (!v.allowed() || !Double.isFinite(z)) {
            scope.moveZ(before.zUm());
            throw new SurveyException("The autofocus device " + device.name() + " left Z at " + z + " µm ("
                    + why + "), which the safety envelope refuses: " + String.join("; ", v.reasons())
                    + "; Z went back to " + before.zUm() + " µm");
        }
        return z;
    }

    /** Counts a wait between a visit's time points in the cost. */
    void addWait(double ms) {
        cost.addWait(ms);
    }

    void setPreset(String group, String preset) throws HardwareException, SurveyException {
        allow(HardwarePlan.of("preset " + group + "=" + preset, SetPreset.of(group, preset)), scope.state(), false);
        scope.setPreset(group, preset);
        if (MicroscopeControl.OBJECTIVE_GROUP.equals(group)) {
            cost.addObjectiveSwitch();
        }
    }

    AcquiredStack acquire(AcquisitionRequest request) throws HardwareException, SurveyException {
        MicroscopeState s = scope.state();
        allow(HardwarePlan.of(request.name(), Acquire.of(request)), s, false);
        AcquiredStack stack = scope.acquire(request);
        double exposure = Double.isNaN(request.exposureMs()) ? s.exposureMs() : request.exposureMs();
        cost.addExposures(stack.frames().size(), exposure);
        return stack;
    }

    private void allow(HardwarePlan plan, MicroscopeState state, boolean motion) throws SurveyException {
        if (motion) {
            waitForMoveInterval();
        }
        EnvelopeVerdict v = envelope.check(plan, state, false, motion ? sinceLastMove() : Long.MAX_VALUE);
        if (!v.allowed()) {
            throw new SurveyException("The safety envelope refused '" + plan.name() + "': "
                    + String.join("; ", v.reasons()));
        }
        if (motion) {
            lastMoveNanos = System.nanoTime();
        }
    }

    private long sinceLastMove() {
        return lastMoveNanos == Long.MIN_VALUE ? Long.MAX_VALUE : System.nanoTime() - lastMoveNanos;
    }

    private void waitForMoveInterval() throws SurveyException {
        long wait = envelope.minMoveInterval().toNanos() - sinceLastMove();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SurveyException("Survey interrupted while waiting for the envelope's move interval", e);
            }
        }
    }
}
