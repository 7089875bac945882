package org.reflexscope.policy.hardware;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.reflexscope.core.frame.Frame;

/** The frames of one {@link AcquisitionRequest}, in acquisition order, with the state they were taken in. */
public final class AcquiredStack {
    private final AcquisitionRequest request;
    private final MicroscopeState state;
    private final List<Frame> frames;

    public AcquiredStack(AcquisitionRequest request, MicroscopeState state, List<Frame> frames) {
        this.request = Objects.requireNonNull(request, "request");
        this.state = Objects.requireNonNull(state, "state");
        this.frames = Collections.unmodifiableList(new ArrayList<>(frames));
    }

    public AcquisitionRequest request() {
        return request;
    }

    /** The microscope state when the acquisition started (objective, position, calibration). */
    public MicroscopeState state() {
        return state;
    }

    public List<Frame> frames() {
        return frames;
    }

    @Override
    public String toString() {
        return "AcquiredStack{" + request + ", " + frames.size() + " frames, " + state + '}';
    }
}
