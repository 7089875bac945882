package org.reflexscope.core.record;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.reflexscope.core.frame.Frame;

/**
 * One image read back from a dataset: the frame (pixels and metadata), its NDTiff axes and the pipeline's
 * bookkeeping (sequence and timestamps) recorded with it. Immutable.
 */
public final class RecordedFrame {
    private final Frame frame;
    private final Map<String, Integer> axes;
    private final long sequence;
    private final long cameraNanos;
    private final long publishedNanos;

    /**
     * @param sequence the pipeline's publish sequence, or -1 if not recorded (e.g. a written stack)
     * @param cameraNanos camera time ({@code System.nanoTime()} of the recording JVM), 0 if not recorded
     * @param publishedNanos publish time ({@code System.nanoTime()} of the recording JVM), 0 if not recorded
     */
    public RecordedFrame(Frame frame, Map<String, Integer> axes, long sequence, long cameraNanos,
            long publishedNanos) {
        this.frame = Objects.requireNonNull(frame, "frame");
        this.axes = Collections.unmodifiableMap(new LinkedHashMap<>(axes));
        this.sequence = sequence;
        this.cameraNanos = cameraNanos;
        this.publishedNanos = publishedNanos;
    }

    public Frame frame() {
        return frame;
    }

    /** The image's NDTiff axes, e.g. {@code {time=3}} or {@code {z=12}}. */
    public Map<String, Integer> axes() {
        return axes;
    }

    public long sequence() {
        return sequence;
    }

    public long cameraNanos() {
        return cameraNanos;
    }

    public long publishedNanos() {
        return publishedNanos;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RecordedFrame)) {
            return false;
        }
        RecordedFrame r = (RecordedFrame) o;
        return frame.equals(r.frame) && axes.equals(r.axes) && sequence == r.sequence
                && cameraNanos == r.cameraNanos && publishedNanos == r.publishedNanos;
    }

    @Override
    public int hashCode() {
        return Objects.hash(frame, axes, sequence, cameraNanos, publishedNanos);
    }

    @Override
    public String toString() {
        return "RecordedFrame{" + axes + ", sequence=" + sequence + ", " + frame + '}';
    }
}
