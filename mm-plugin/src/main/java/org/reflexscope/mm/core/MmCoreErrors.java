package org.reflexscope.mm.core;

import java.util.Locale;
import org.reflexscope.policy.hardware.DeviceErrorException;
import org.reflexscope.policy.hardware.DeviceTimeoutException;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.StageLimitException;

/**
 * Maps the core's plain {@link Exception}s (a message and nothing else) to the port's typed errors, by message:
 * "timed out" → {@link DeviceTimeoutException}; a limit or range complaint → {@link StageLimitException};
 * anything else → {@link DeviceErrorException}. The resulting message names the device, what was attempted and
 * the core's own words.
 */
final class MmCoreErrors {
    private MmCoreErrors() {
    }

    static HardwareException map(String device, String attempted, Exception coreError, long timeoutMs) {
        String coreMessage = coreError.getMessage() == null ? coreError.getClass().getSimpleName()
                : coreError.getMessage().trim();
        String lower = coreMessage.toLowerCase(Locale.ROOT);
        String prefix = "Device '" + device + "': " + attempted + " failed: " + coreMessage;
        if (lower.contains("timed out") || lower.contains("timeout")) {
            DeviceTimeoutException e = new DeviceTimeoutException(device, prefix + ". The device did not report "
                    + "completion within " + timeoutMs + " ms; its position is unknown until read back. Check the "
                    + "device, or raise the timeout if it is merely slow.", timeoutMs);
            e.initCause(coreError);
            return e;
        }
        if (lower.contains("limit") || lower.contains("out of range") || lower.contains("outside")) {
            StageLimitException e = new StageLimitException(device, prefix + ". The target is outside the "
                    + "device's travel range; nothing moved. Choose a target inside the range.");
            e.initCause(coreError);
            return e;
        }
        return new DeviceErrorException(device, prefix + ". Check the device in Micro-Manager's Device Property "
                + "Browser and its connection.", coreError);
    }
}
