package org.reflexscope.policy.hardware;

/**
 * The microscope's own autofocus (Micro-Manager's autofocus device: a hardware focus lock, or a software search
 * run by the device adapter). Implemented by {@code MmCoreAutofocus}.
 *
 * <p><b>Safety.</b> The device moves the focus drive itself, so no envelope can check its moves beforehand; a
 * caller checks the Z it leaves behind ({@link MicroscopeControl#state()}) and returns to the last allowed Z when it
 * is outside. Called from the same hardware thread as {@link MicroscopeControl}.
 */
public interface HardwareAutofocus {
    /** The device's name, for messages. */
    String name();

    /**
     * Runs one full focus search at the current XY and returns once the device and the focus drive are idle.
     *
     * @throws HardwareException if the device reports an error or times out
     */
    void fullFocus() throws HardwareException;
}
