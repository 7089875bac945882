package org.reflexscope.sim;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.reflexscope.sim.stage.StageAxis;

/**
 * Faults on demand for reliability tests: stage commands that time out or fail, camera frames that are dropped,
 * a camera that freezes. Thread-safe: arm faults from any thread; they take effect on the next matching command or
 * frame.
 *
 * <p>Effects: a stage fault makes the next {@code count} commands to that drive throw {@code
 * DeviceTimeoutException} ({@link Kind#TIMEOUT}, after the stage timeout in real-time mode) or {@code
 * DeviceErrorException} ({@link Kind#ERROR}); nothing moves. Dropped frames leave a gap in the image numbers and are
 * counted by {@code framesLostUpstream()}. A frozen camera makes {@code fill} wait for its timeout and return
 * {@code TIMEOUT} until {@link #unfreezeCamera()}.
 */
public final class FaultInjector {
    /** How a stage command fails. */
    public enum Kind {
        TIMEOUT,
        ERROR
    }

    private final AtomicInteger zFaults = new AtomicInteger();
    private final AtomicInteger xyFaults = new AtomicInteger();
    private final AtomicReference<Kind> zKind = new AtomicReference<>(Kind.ERROR);
    private final AtomicReference<Kind> xyKind = new AtomicReference<>(Kind.ERROR);
    private final AtomicInteger framesToDrop = new AtomicInteger();
    private volatile boolean frozen;
    private final Runnable wake;

    FaultInjector(Runnable wake) {
        this.wake = wake;
    }

    /** The next {@code count} commands to {@code axis} fail with {@code kind}. */
    public FaultInjector failNextMoves(StageAxis axis, Kind kind, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (axis == StageAxis.Z) {
            zKind.set(kind);
            zFaults.set(count);
        } else {
            xyKind.set(kind);
            xyFaults.set(count);
        }
        return this;
    }

    /** The camera loses its next {@code count} frames. */
    public FaultInjector dropNextFrames(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        framesToDrop.addAndGet(count);
        return this;
    }

    /** The camera stops delivering frames until {@link #unfreezeCamera()}. */
    public FaultInjector freezeCamera() {
        frozen = true;
        return this;
    }

    /** The camera delivers frames again. */
    public FaultInjector unfreezeCamera() {
        frozen = false;
        wake.run();
        return this;
    }

    boolean cameraFrozen() {
        return frozen;
    }

    /** Consumes one pending frame drop; true if this frame is to be dropped. */
    boolean takeFrameDrop() {
        return framesToDrop.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    /** Consumes one pending stage fault of {@code axis}, or returns {@code null} if none is armed. */
    Kind takeStageFault(StageAxis axis) {
        AtomicInteger counter = axis == StageAxis.Z ? zFaults : xyFaults;
        if (counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return (axis == StageAxis.Z ? zKind : xyKind).get();
        }
        return null;
    }
}
