package org.reflexscope.sim.stage;

/** The simulated stage drives that commands can address (and faults can target). */
public enum StageAxis {
    /** The focus drive, device label {@code "Z"}. */
    Z("Z"),
    /** The XY stage, device label {@code "XY"}. */
    XY("XY");

    private final String device;

    StageAxis(String device) {
        this.device = device;
    }

    /** Device label used in {@code HardwareException#device()}. */
    public String device() {
        return device;
    }
}
