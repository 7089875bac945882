package org.reflexscope.sim.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How the focal plane and the sample drift: the focal plane starts at {@code focusStartUm} (stage Z at which the
 * sample is in focus with the reference objective), moves linearly at {@code focusRateUmPerMin} plus a slow
 * thermal-like wander of amplitude {@code wanderAmplitudeUm} and period {@code wanderPeriodS}; the sample drifts in
 * XY at {@code xyRateUmPerMin}.
 */
public final class DriftSettings {
    private final double focusStartUm;
    private final double focusRateUmPerMin;
    private final double wanderAmplitudeUm;
    private final double wanderPeriodS;
    private final List<Double> xyRateUmPerMin;

    DriftSettings() {
        focusStartUm = 0;
        focusRateUmPerMin = 2.0;
        wanderAmplitudeUm = 0.3;
        wanderPeriodS = 120;
        xyRateUmPerMin = new ArrayList<>(List.of(0.0, 0.0));
    }

    void validate() {
        Check.range("drift.focusStartUm", focusStartUm, -1e5, 1e5);
        Check.range("drift.focusRateUmPerMin", focusRateUmPerMin, -1000, 1000);
        Check.range("drift.wanderAmplitudeUm", wanderAmplitudeUm, 0, 1000);
        Check.range("drift.wanderPeriodS", wanderPeriodS, 0.1, 1e7);
        Check.size("drift.xyRateUmPerMin", xyRateUmPerMin, 2);
        Check.range("drift.xyRateUmPerMin[0]", Check.notNull("drift.xyRateUmPerMin[0]", xyRateUmPerMin.get(0)),
                -1e4, 1e4);
        Check.range("drift.xyRateUmPerMin[1]", Check.notNull("drift.xyRateUmPerMin[1]", xyRateUmPerMin.get(1)),
                -1e4, 1e4);
    }

    public double focusStartUm() {
        return focusStartUm;
    }

    public double focusRateUmPerMin() {
        return focusRateUmPerMin;
    }

    public double wanderAmplitudeUm() {
        return wanderAmplitudeUm;
    }

    public double wanderPeriodS() {
        return wanderPeriodS;
    }

    /** {@code [x, y]} sample drift in µm per minute. */
    public List<Double> xyRateUmPerMin() {
        return Collections.unmodifiableList(xyRateUmPerMin);
    }
}
