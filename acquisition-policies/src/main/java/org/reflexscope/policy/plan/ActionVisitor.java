package org.reflexscope.policy.plan;

/**
 * One handler per type of {@link HardwareAction}: {@link HardwareAction#accept} calls the one for the action's type,
 * so code acting on a step neither switches on {@link HardwareAction#kind()} nor casts, and a new action type is a
 * compile error wherever it is not handled.
 *
 * @param <R> what the handlers return
 * @param <X> the checked exception they may throw ({@link RuntimeException} for none)
 */
public interface ActionVisitor<R, X extends Exception> {
    R moveZ(MoveZ action) throws X;

    R moveXY(MoveXY action) throws X;

    R setPreset(SetPreset action) throws X;

    R setExposure(SetExposure action) throws X;

    R setFrameInterval(SetFrameInterval action) throws X;

    R acquire(Acquire action) throws X;
}
