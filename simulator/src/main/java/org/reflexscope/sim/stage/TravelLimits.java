package org.reflexscope.sim.stage;

import org.reflexscope.policy.hardware.StageLimitException;
import org.reflexscope.sim.scenario.StageSettings;

/** A stage's travel range, which refuses targets outside it like real hardware. Immutable. */
public final class TravelLimits {
    private final StageSettings s;

    public TravelLimits(StageSettings settings) {
        this.s = settings;
    }

    /** @throws StageLimitException if {@code zUm} is outside [zMin, zMax] or not a number */
    public void checkZ(double zUm) throws StageLimitException {
        if (!(zUm >= s.zMinUm() && zUm <= s.zMaxUm())) {
            throw new StageLimitException(StageAxis.Z.device(), "Z target " + zUm + " µm is outside the focus "
                    + "drive's travel [" + s.zMinUm() + ", " + s.zMaxUm() + "] µm; nothing moved. Check the Z soft "
                    + "limits of the safety envelope.");
        }
    }

    /** @throws StageLimitException if {@code (xUm, yUm)} is outside the XY travel or not a number */
    public void checkXY(double xUm, double yUm) throws StageLimitException {
        if (!(xUm >= s.xMinUm() && xUm <= s.xMaxUm() && yUm >= s.yMinUm() && yUm <= s.yMaxUm())) {
            throw new StageLimitException(StageAxis.XY.device(), "XY target (" + xUm + ", " + yUm + ") µm is "
                    + "outside the stage's travel x [" + s.xMinUm() + ", " + s.xMaxUm() + "], y [" + s.yMinUm() + ", "
                    + s.yMaxUm() + "] µm; nothing moved. Check the XY bounding box of the safety envelope.");
        }
    }

    /** Time a Z move of {@code distanceUm} takes, settle included, ms. */
    public double zMoveMs(double distanceUm) {
        return Math.abs(distanceUm) / s.zSpeedUmPerMs() + s.settleMs();
    }

    /** Time an XY move of {@code distanceUm} takes, settle included, ms. */
    public double xyMoveMs(double distanceUm) {
        return Math.abs(distanceUm) / s.xySpeedUmPerMs() + s.settleMs();
    }
}
