package org.reflexscope.policy.hardware;

/** A device reported an error (Micro-Manager core exception, adapter fault, unknown preset). */
public class DeviceErrorException extends HardwareException {
    private static final long serialVersionUID = 1L;

    public DeviceErrorException(String device, String message) {
        super(device, message);
    }

    public DeviceErrorException(String device, String message, Throwable cause) {
        super(device, message, cause);
    }
}
