package org.reflexscope.sim.optics;

import java.util.SplittableRandom;
import org.reflexscope.sim.internal.Randoms;
import org.reflexscope.sim.scenario.DriftSettings;

/**
 * Where the focal surface and the sample are at time t: linear focal drift plus a slow thermal-like wander (two
 * seeded sinusoids of incommensurate periods, zero at t = 0), and linear XY sample drift. Immutable, thread-safe.
 */
public final class FocusDrift {
    private final double startUm;
    private final double rateUmPerMs;
    private final double amplitudeUm;
    private final double omega1;
    private final double omega2;
    private final double phase1;
    private final double phase2;
    private final double xRateUmPerMs;
    private final double yRateUmPerMs;

    public FocusDrift(DriftSettings s, long seed) {
        SplittableRandom r = new SplittableRandom(Randoms.derive(seed, 404));
        startUm = s.focusStartUm();
        rateUmPerMs = s.focusRateUmPerMin() / 60000.0;
        amplitudeUm = s.wanderAmplitudeUm();
        omega1 = 2 * Math.PI / (s.wanderPeriodS() * 1000.0);
        omega2 = omega1 / 2.71828;
        phase1 = r.nextDouble() * 2 * Math.PI;
        phase2 = r.nextDouble() * 2 * Math.PI;
        xRateUmPerMs = s.xyRateUmPerMin().get(0) / 60000.0;
        yRateUmPerMs = s.xyRateUmPerMin().get(1) / 60000.0;
    }

    /** Stage Z (µm) at which the focal surface is in focus with the reference objective at {@code tMs}. */
    public double focalPlaneUm(double tMs) {
        double wander = amplitudeUm * (0.6 * (Math.sin(omega1 * tMs + phase1) - Math.sin(phase1))
                + 0.4 * (Math.sin(omega2 * tMs + phase2) - Math.sin(phase2)));
        return startUm + rateUmPerMs * tMs + wander;
    }

    /** Sample XY drift along x since t = 0, µm. */
    public double driftXUm(double tMs) {
        return xRateUmPerMs * tMs;
    }

    /** Sample XY drift along y since t = 0, µm. */
    public double driftYUm(double tMs) {
        return yRateUmPerMs * tMs;
    }
}
