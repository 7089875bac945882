package org.reflexscope.policy.plan;

/** Set the interval between streamed frames (the acquisition rate). */
public final class SetFrameInterval extends HardwareAction {
    private final double intervalMs;

    private SetFrameInterval(double intervalMs) {
        if (!(intervalMs >= 0) || !Double.isFinite(intervalMs)) {
            throw new IllegalArgumentException("Frame interval must be a finite number >= 0 ms, got " + intervalMs);
        }
        this.intervalMs = intervalMs;
    }

    /** Set the frame interval to {@code ms} (0 = as fast as the camera goes). */
    public static SetFrameInterval ms(double ms) {
        return new SetFrameInterval(ms);
    }

    public double intervalMs() {
        return intervalMs;
    }

    @Override
    public Kind kind() {
        return Kind.SET_FRAME_INTERVAL;
    }

    @Override
    public <R, X extends Exception> R accept(ActionVisitor<R, X> visitor) throws X {
        return visitor.setFrameInterval(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SetFrameInterval && Double.compare(intervalMs, ((SetFrameInterval) o).intervalMs) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(intervalMs);
    }

    @Override
    public String toString() {
        return "SetFrameInterval(" + intervalMs + " ms)";
    }
}
