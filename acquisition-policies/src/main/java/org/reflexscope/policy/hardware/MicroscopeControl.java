package org.reflexscope.policy.hardware;

import java.util.List;

/**
 * The microscope's actuators as policies see them: focus, XY stage, configuration presets, exposure, frame
 * interval and small acquisitions at the current position. Implemented by {@code MmCoreMicroscope} (Micro-Manager's
 * core) and {@code VirtualMicroscope} (the simulator).
 *
 * <p><b>Threads.</b> Every call is made from one named hardware thread owned by the policy engine (contract 6 in
 * docs/architecture.md); implementations need not be thread-safe against concurrent commands, but {@link #state()} may
 * also be called from that thread only.
 *
 * <p><b>Completion.</b> Each command returns only once the device reports it has finished (moves settled, preset
 * applied and verified), or throws {@link DeviceTimeoutException} after the implementation's timeout.
 *
 * <p><b>Safety.</b> Implementations execute what they are told; the {@code SafetyEnvelope} in front of them decides
 * what may be told. A position outside the device's own travel range is refused with {@link StageLimitException}
 * and nothing moves.
 *
 * <p>Positions in µm, exposure and intervals in ms.
 */
public interface MicroscopeControl {

    /** Conventional configuration group holding objectives. */
    String OBJECTIVE_GROUP = "Objective";
    /** Conventional configuration group holding channels. */
    String CHANNEL_GROUP = "Channel";

    /** A snapshot of positions, presets and calibration. */
    MicroscopeState state() throws HardwareException;

    /** Moves the focus drive to {@code zUm} (absolute) and waits until it settles. */
    void moveZ(double zUm) throws HardwareException;

    /** Moves the XY stage to {@code (xUm, yUm)} (absolute) and waits until it settles. */
    void moveXY(double xUm, double yUm) throws HardwareException;

    /**
     * Applies {@code preset} of configuration {@code group} (e.g. {@code "Objective"}, {@code "20X"}), waits for the
     * devices, and checks that it took.
     *
     * @throws DeviceErrorException if the group or preset does not exist (the message lists the available ones)
     */
    void setPreset(String group, String preset) throws HardwareException;

    /** The presets available in {@code group}. */
    List<String> presets(String group) throws HardwareException;

    /** Sets the camera exposure in ms. */
    void setExposureMs(double exposureMs) throws HardwareException;

    /** Sets the interval between streamed frames in ms (0 = as fast as the camera goes). */
    void setFrameIntervalMs(double intervalMs) throws HardwareException;

    /**
     * Acquires a burst or a z-stack at the current XY position with the request's channel and exposure, restoring
     * Z, channel and exposure afterwards. The live stream may pause meanwhile; it resumes before this returns.
     *
     * @return the acquired frames, in acquisition order
     */
    AcquiredStack acquire(AcquisitionRequest request) throws HardwareException;
}
