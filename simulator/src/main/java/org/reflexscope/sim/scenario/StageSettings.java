package org.reflexscope.sim.scenario;

/** XY and Z stage: travel limits, start position, speeds, settle time and command timeout. */
public final class StageSettings {
    private final double xMinUm;
    private final double xMaxUm;
    private final double yMinUm;
    private final double yMaxUm;
    private final double zMinUm;
    private final double zMaxUm;
    private final double startXUm;
    private final double startYUm;
    private final double startZUm;
    private final double xySpeedUmPerMs;
    private final double zSpeedUmPerMs;
    private final double settleMs;
    private final double timeoutMs;

    StageSettings() {
        xMinUm = -10000;
        xMaxUm = 10000;
        yMinUm = -10000;
        yMaxUm = 10000;
        zMinUm = -200;
        zMaxUm = 200;
        startXUm = 0;
        startYUm = 0;
        startZUm = 0;
        xySpeedUmPerMs = 5.0;
        zSpeedUmPerMs = 1.0;
        settleMs = 5.0;
        timeoutMs = 2000.0;
    }

    void validate() {
        ordered("stage.xMinUm", xMinUm, "stage.xMaxUm", xMaxUm);
        ordered("stage.yMinUm", yMinUm, "stage.yMaxUm", yMaxUm);
        ordered("stage.zMinUm", zMinUm, "stage.zMaxUm", zMaxUm);
        Check.range("stage.startXUm", startXUm, xMinUm, xMaxUm);
        Check.range("stage.startYUm", startYUm, yMinUm, yMaxUm);
        Check.range("stage.startZUm", startZUm, zMinUm, zMaxUm);
        Check.range("stage.xySpeedUmPerMs", xySpeedUmPerMs, 1e-6, 1e6);
        Check.range("stage.zSpeedUmPerMs", zSpeedUmPerMs, 1e-6, 1e6);
        Check.range("stage.settleMs", settleMs, 0, 60000);
        Check.range("stage.timeoutMs", timeoutMs, 1, 600000);
    }

    private static void ordered(String minName, double min, String maxName, double max) {
        Check.range(minName, min, -1e6, 1e6);
        Check.range(maxName, max, -1e6, 1e6);
        if (!(min < max)) {
            throw new ScenarioException("'" + minName + "' (" + min + ") must be below '" + maxName + "' (" + max
                    + ")");
        }
    }

    public double xMinUm() {
        return xMinUm;
    }

    public double xMaxUm() {
        return xMaxUm;
    }

    public double yMinUm() {
        return yMinUm;
    }

    public double yMaxUm() {
        return yMaxUm;
    }

    public double zMinUm() {
        return zMinUm;
    }

    public double zMaxUm() {
        return zMaxUm;
    }

    public double startXUm() {
        return startXUm;
    }

    public double startYUm() {
        return startYUm;
    }

    public double startZUm() {
        return startZUm;
    }

    public double xySpeedUmPerMs() {
        return xySpeedUmPerMs;
    }

    public double zSpeedUmPerMs() {
        return zSpeedUmPerMs;
    }

    /** Time after a move before the stage reports done. */
    public double settleMs() {
        return settleMs;
    }

    /** How long a command may take before {@code DeviceTimeoutException}. */
    public double timeoutMs() {
        return timeoutMs;
    }
}
