package org.reflexscope.policy.survey;

/** How long hardware steps take, to price a survey against tiling: XY speed, settle per move, objective switch. */
public final class StageTiming {
    /**
     * The pricing {@code reflex survey} and the panel's survey use for their budgets and the tiling comparison: 5 µm/ms,
     * 5 ms settle per move, 500 ms per objective switch.
     */
    public static final StageTiming TYPICAL = new StageTiming(5, 5, 500);

    private final double xySpeedUmPerMs;
    private final double settleMs;
    private final double objectiveSwitchMs;

    public StageTiming(double xySpeedUmPerMs, double settleMs, double objectiveSwitchMs) {
        if (!(xySpeedUmPerMs > 0) || !(settleMs >= 0) || !(objectiveSwitchMs >= 0)) {
            throw new IllegalArgumentException("Stage timing needs speed > 0 and settle, switch >= 0, got "
                    + xySpeedUmPerMs + " µm/ms, " + settleMs + " ms, " + objectiveSwitchMs + " ms");
        }
        this.xySpeedUmPerMs = xySpeedUmPerMs;
        this.settleMs = settleMs;
        this.objectiveSwitchMs = objectiveSwitchMs;
    }

    public double xySpeedUmPerMs() {
        return xySpeedUmPerMs;
    }

    public double settleMs() {
        return settleMs;
    }

    public double objectiveSwitchMs() {
        return objectiveSwitchMs;
    }
}
