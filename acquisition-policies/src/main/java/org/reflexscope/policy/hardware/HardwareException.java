package org.reflexscope.policy.hardware;

/**
 * A microscope command failed. Subclasses say how: {@link DeviceTimeoutException}, {@link DeviceErrorException},
 * {@link StageLimitException}. The message names the device and what to check.
 */
public class HardwareException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String device;

    public HardwareException(String device, String message) {
        super(message);
        this.device = device;
    }

    public HardwareException(String device, String message, Throwable cause) {
        super(message, cause);
        this.device = device;
    }

    /** Label of the device involved (e.g. {@code "Z"}, {@code "XY"}, {@code "Camera"}), or {@code ""}. */
    public String device() {
        return device;
    }
}
