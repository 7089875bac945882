package org.reflexscope.mm.core;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import mmcorej.CMMCore;
import mmcorej.DeviceType;
import org.reflexscope.policy.hardware.DeviceErrorException;
import org.reflexscope.policy.hardware.HardwareAutofocus;
import org.reflexscope.policy.hardware.HardwareException;

/**
 * Micro-Manager's autofocus device as a {@link HardwareAutofocus}: {@code setAutoFocusDevice} once, then
 * {@code fullFocus()} and a wait for the autofocus and focus devices per call. What the search does is the device
 * adapter's (the demo configuration's {@code DAutoFocus} leaves Z where it is). Same thread as the session's other
 * calls.
 */
public final class MmCoreAutofocus implements HardwareAutofocus {
    private final CMMCore core;
    private final String label;

    private MmCoreAutofocus(CMMCore core, String label) {
        this.core = core;
        this.label = label;
    }

    /**
     * The autofocus device {@code label} of {@code session}'s core, or the core's current one when {@code label}
     * is null.
     *
     * @throws DeviceErrorException if there is no such autofocus device (the message lists the loaded ones)
     */
    public static MmCoreAutofocus of(MmCoreSession session, String label) throws HardwareException {
        CMMCore core = Objects.requireNonNull(session, "session").core();
        List<String> loaded;
        String current;
        try {
            loaded = Arrays.asList(core.getLoadedDevicesOfType(DeviceType.AutoFocusDevice).toArray());
            current = core.getAutoFocusDevice();
        } catch (Exception e) {
            throw new DeviceErrorException("Core", "Could not list the autofocus devices: " + e.getMessage(), e);
        }
        String name = label != null ? label : current;
        if (name == null || name.isEmpty() || !loaded.contains(name)) {
            throw new DeviceErrorException("Core", (name == null || name.isEmpty() ? "The configuration sets no "
                    + "autofocus device" : "'" + name + "' is not an autofocus device of this configuration")
                    + "; its autofocus devices are " + loaded + " (choose one with --autofocus-device)");
        }
        try {
            core.setAutoFocusDevice(name);
        } catch (Exception e) {
            throw new DeviceErrorException(name, "Could not select autofocus device " + name + ": "
                    + e.getMessage(), e);
        }
        return new MmCoreAutofocus(core, name);
    }

    @Override
    public String name() {
        return label;
    }

    @Override
    public void fullFocus() throws HardwareException {
        try {
            core.fullFocus();
            core.waitForDevice(label);
            String focus = core.getFocusDevice();
            if (!focus.isEmpty()) {
                core.waitForDevice(focus);
            }
        } catch (Exception e) {
            throw new DeviceErrorException(label, "Autofocus " + label + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "MmCoreAutofocus{" + label + '}';
    }
}
