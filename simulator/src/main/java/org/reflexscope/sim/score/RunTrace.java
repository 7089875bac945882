package org.reflexscope.sim.score;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.reflexscope.sim.truth.TrueEvent;

/**
 * Everything the {@link Scorer} needs about one run: its live frames (in order), its high-resolution acquisitions,
 * the true events and the frames lost upstream. Immutable; filled by the simulator
 * ({@code VirtualMicroscope.trace()}) or by a caller (e.g. the CLI re-scoring a run folder) with {@link #builder()}.
 */
public final class RunTrace {
    private final List<FrameRecord> frames;
    private final List<HiResRecord> hiRes;
    private final List<TrueEvent> events;
    private final long framesLost;

    private RunTrace(Builder b) {
        frames = Collections.unmodifiableList(new ArrayList<>(b.frames));
        hiRes = Collections.unmodifiableList(new ArrayList<>(b.hiRes));
        events = Collections.unmodifiableList(new ArrayList<>(b.events));
        framesLost = b.framesLost;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Live frames, in acquisition order. */
    public List<FrameRecord> frames() {
        return frames;
    }

    /** High-resolution acquisitions, in time order. */
    public List<HiResRecord> hiRes() {
        return hiRes;
    }

    /** Ground-truth events of the sample (all of them; the scorer keeps those whose onset falls in the run). */
    public List<TrueEvent> events() {
        return events;
    }

    /** Frames the camera lost before they reached the pipeline. */
    public long framesLost() {
        return framesLost;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RunTrace)) {
            return false;
        }
        RunTrace t = (RunTrace) o;
        return frames.equals(t.frames) && hiRes.equals(t.hiRes) && events.equals(t.events)
                && framesLost == t.framesLost;
    }

    @Override
    public int hashCode() {
        return Objects.hash(frames, hiRes, events, framesLost);
    }

    @Override
    public String toString() {
        return "RunTrace{" + frames.size() + " frames, " + hiRes.size() + " hi-res, " + events.size() + " events, "
                + framesLost + " lost}";
    }

    /** Builder of {@link RunTrace}; every part is optional (an empty run scores as such). */
    public static final class Builder {
        private final List<FrameRecord> frames = new ArrayList<>();
        private final List<HiResRecord> hiRes = new ArrayList<>();
        private final List<TrueEvent> events = new ArrayList<>();
        private long framesLost;

        private Builder() {
        }

        public Builder addFrame(FrameRecord f) {
            frames.add(Objects.requireNonNull(f, "frame"));
            return this;
        }

        public Builder addHiRes(HiResRecord h) {
            hiRes.add(Objects.requireNonNull(h, "hiRes"));
            return this;
        }

        public Builder optEvents(List<TrueEvent> e) {
            events.clear();
            events.addAll(e);
            return this;
        }

        public Builder optFramesLost(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("Frames lost cannot be negative, got " + n);
            }
            framesLost = n;
            return this;
        }

        public RunTrace build() {
            hiRes.sort(java.util.Comparator.comparingDouble(HiResRecord::timeMs));
            return new RunTrace(this);
        }
    }
}
