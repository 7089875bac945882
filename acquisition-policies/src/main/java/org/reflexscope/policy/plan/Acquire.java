package org.reflexscope.policy.plan;

import java.util.Objects;
import org.reflexscope.policy.hardware.AcquisitionRequest;

/** Acquire a burst or a z-stack at the current position ({@link AcquisitionRequest}). */
public final class Acquire extends HardwareAction {
    private final AcquisitionRequest request;

    private Acquire(AcquisitionRequest request) {
        this.request = Objects.requireNonNull(request, "request");
    }

    /** Acquire {@code request} at the position the plan has reached. */
    public static Acquire of(AcquisitionRequest request) {
        return new Acquire(request);
    }

    public AcquisitionRequest request() {
        return request;
    }

    @Override
    public Kind kind() {
        return Kind.ACQUIRE;
    }

    @Override
    public <R, X extends Exception> R accept(ActionVisitor<R, X> visitor) throws X {
        return visitor.acquire(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Acquire && request.equals(((Acquire) o).request);
    }

    @Override
    public int hashCode() {
        return request.hashCode();
    }

    @Override
    public String toString() {
        return "Acquire(" + request + ")";
    }
}
