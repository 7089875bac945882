package org.reflexscope.sim.scenario;

/**
 * Photobleaching: fluorescence fades as {@code 2^(−dose / halfDose)}, where the dose accumulates exposure (ms) ×
 * illumination for every frame taken (live and high resolution). {@code halfDoseMs = 0} disables bleaching.
 */
public final class BleachingSettings {
    private final double halfDoseMs;

    BleachingSettings() {
        halfDoseMs = 0;
    }

    void validate() {
        Check.range("bleaching.halfDoseMs", halfDoseMs, 0, 1e12);
    }

    /** Dose (ms × relative illumination) after which the signal is halved; 0 = no bleaching. */
    public double halfDoseMs() {
        return halfDoseMs;
    }
}
