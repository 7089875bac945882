package org.reflexscope.policy.plan;

/** Set the camera exposure. */
public final class SetExposure extends HardwareAction {
    private final double exposureMs;

    private SetExposure(double exposureMs) {
        if (!(exposureMs > 0) || !Double.isFinite(exposureMs)) {
            throw new IllegalArgumentException("Exposure must be a finite number > 0 ms, got " + exposureMs);
        }
        this.exposureMs = exposureMs;
    }

    /** Set the exposure to {@code ms} (> 0). */
    public static SetExposure ms(double ms) {
        return new SetExposure(ms);
    }

    public double exposureMs() {
        return exposureMs;
    }

    @Override
    public Kind kind() {
        return Kind.SET_EXPOSURE;
    }

    @Override
    public <R, X extends Exception> R accept(ActionVisitor<R, X> visitor) throws X {
        return visitor.setExposure(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SetExposure && Double.compare(exposureMs, ((SetExposure) o).exposureMs) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(exposureMs);
    }

    @Override
    public String toString() {
        return "SetExposure(" + exposureMs + " ms)";
    }
}
