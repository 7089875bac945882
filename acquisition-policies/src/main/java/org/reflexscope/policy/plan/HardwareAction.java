package org.reflexscope.policy.plan;

/**
 * One step a policy asks the microscope to take: an immutable value from a small closed set ({@link MoveZ},
 * {@link MoveXY}, {@link SetPreset}, {@link SetExposure}, {@link SetFrameInterval}, {@link Acquire}). Steps are
 * grouped into a {@link HardwarePlan}, which is what the engine checks against the safety envelope and executes.
 *
 * <p>The set is closed: constructors are package-private, and {@link #kind()} names the type so that code can
 * switch over it exhaustively. All positions are absolute, in µm; times in ms.
 */
public abstract class HardwareAction {
    /** The closed set of action types. */
    public enum Kind {
        MOVE_Z, MOVE_XY, SET_PRESET, SET_EXPOSURE, SET_FRAME_INTERVAL, ACQUIRE
    }

    HardwareAction() {
    }

    /** Which of the closed set this action is. */
    public abstract Kind kind();

    /** Calls {@code visitor}'s handler for this action's type and returns what it returns. */
    public abstract <R, X extends Exception> R accept(ActionVisitor<R, X> visitor) throws X;

    /** Whether this action moves a stage (subject to the envelope's minimum interval between moves). */
    public boolean isMotion() {
        return kind() == Kind.MOVE_Z || kind() == Kind.MOVE_XY;
    }

    static double finite(double v, String what) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be a finite number, got " + v);
        }
        return v;
    }
}
