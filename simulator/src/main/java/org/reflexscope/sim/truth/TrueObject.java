package org.reflexscope.sim.truth;

import java.util.Objects;

/**
 * Where one simulated object truly is at one instant: sample coordinates in µm (stage frame, sample drift
 * included; {@code z} relative to the focal surface), its radius and its phase. Immutable.
 */
public final class TrueObject {
    /** What kind of object. */
    public enum Kind {
        BEAD,
        CELL,
        /** A daughter of a division. */
        DAUGHTER
    }

    /** Where a cell is in its life. */
    public enum Phase {
        /** Nothing special (beads, ordinary cells). */
        NORMAL,
        /** Elongating then constricting before a division. */
        PRECURSOR,
        /** Born by a division. */
        DIVIDED
    }

    private final String id;
    private final Kind kind;
    private final Phase phase;
    private final double xUm;
    private final double yUm;
    private final double zUm;
    private final double radiusUm;

    public TrueObject(String id, Kind kind, Phase phase, double xUm, double yUm, double zUm, double radiusUm) {
        this.id = Objects.requireNonNull(id, "id");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.phase = Objects.requireNonNull(phase, "phase");
        this.xUm = xUm;
        this.yUm = yUm;
        this.zUm = zUm;
        this.radiusUm = radiusUm;
    }

    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public Phase phase() {
        return phase;
    }

    public double xUm() {
        return xUm;
    }

    public double yUm() {
        return yUm;
    }

    /** Height relative to the focal surface, µm. */
    public double zUm() {
        return zUm;
    }

    public double radiusUm() {
        return radiusUm;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TrueObject)) {
            return false;
        }
        TrueObject t = (TrueObject) o;
        return id.equals(t.id) && kind == t.kind && phase == t.phase && Double.compare(xUm, t.xUm) == 0
                && Double.compare(yUm, t.yUm) == 0 && Double.compare(zUm, t.zUm) == 0
                && Double.compare(radiusUm, t.radiusUm) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, kind, phase, xUm, yUm, zUm, radiusUm);
    }

    @Override
    public String toString() {
        return "TrueObject{" + id + ", " + kind + ", " + phase + ", (" + xUm + ", " + yUm + ", " + zUm + ") µm, r="
                + radiusUm + '}';
    }
}
