package org.reflexscope.policy.hardware;

/** A device did not report completion within its timeout; its position is unknown until read back. */
public class DeviceTimeoutException extends HardwareException {
    private static final long serialVersionUID = 1L;
    private final long timeoutMs;

    public DeviceTimeoutException(String device, String message, long timeoutMs) {
        super(device, message);
        this.timeoutMs = timeoutMs;
    }

    public long timeoutMs() {
        return timeoutMs;
    }
}
