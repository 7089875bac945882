package org.reflexscope.sim.truth;

import java.util.Objects;

/**
 * A ground-truth event, e.g. a cell division: its onset (start of the visible precursor), the moment it completes
 * (the split), and where it happens (sample µm, at the split). Immutable.
 */
public final class TrueEvent {
    /** What happened. */
    public enum Kind {
        DIVISION
    }

    private final String id;
    private final Kind kind;
    private final double onsetMs;
    private final double timeMs;
    private final double xUm;
    private final double yUm;

    public TrueEvent(String id, Kind kind, double onsetMs, double timeMs, double xUm, double yUm) {
        this.id = Objects.requireNonNull(id, "id");
        this.kind = Objects.requireNonNull(kind, "kind");
        if (!(onsetMs <= timeMs)) {
            throw new IllegalArgumentException("An event's onset (" + onsetMs + " ms) must not follow its time ("
                    + timeMs + " ms)");
        }
        this.onsetMs = onsetMs;
        this.timeMs = timeMs;
        this.xUm = xUm;
        this.yUm = yUm;
    }

    /** The object it happens to (e.g. {@code cell-12}). */
    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** Start of the visible precursor, ms of simulated time. */
    public double onsetMs() {
        return onsetMs;
    }

    /** When the event completes (the split), ms of simulated time. */
    public double timeMs() {
        return timeMs;
    }

    public double xUm() {
        return xUm;
    }

    public double yUm() {
        return yUm;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TrueEvent)) {
            return false;
        }
        TrueEvent e = (TrueEvent) o;
        return id.equals(e.id) && kind == e.kind && Double.compare(onsetMs, e.onsetMs) == 0
                && Double.compare(timeMs, e.timeMs) == 0 && Double.compare(xUm, e.xUm) == 0
                && Double.compare(yUm, e.yUm) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, kind, onsetMs, timeMs, xUm, yUm);
    }

    @Override
    public String toString() {
        return "TrueEvent{" + id + ", " + kind + ", onset=" + onsetMs + " ms, t=" + timeMs + " ms, at (" + xUm + ", "
                + yUm + ") µm}";
    }
}
