package org.reflexscope.policy.hardware;

/** A stage refused a target outside its travel range; nothing moved. */
public class StageLimitException extends HardwareException {
    private static final long serialVersionUID = 1L;

    public StageLimitException(String device, String message) {
        super(device, message);
    }
}
