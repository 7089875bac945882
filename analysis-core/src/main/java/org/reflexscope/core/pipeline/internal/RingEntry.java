package org.reflexscope.core.pipeline.internal;

import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;

/** One preallocated entry of the ring: the frame slot. Internal to the pipeline. */
public final class RingEntry {
    private final FrameSlot slot;

    public RingEntry(FrameFormat capacity) {
        this.slot = new FrameSlot(capacity);
    }

    public FrameSlot slot() {
        return slot;
    }
}
