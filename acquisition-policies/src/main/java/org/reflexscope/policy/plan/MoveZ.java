package org.reflexscope.policy.plan;

/** Move the focus drive to an absolute position. */
public final class MoveZ extends HardwareAction {
    private final double zUm;

    private MoveZ(double zUm) {
        this.zUm = finite(zUm, "Target Z (µm)");
    }

    /** Move focus to {@code zUm} (absolute, µm). */
    public static MoveZ to(double zUm) {
        return new MoveZ(zUm);
    }

    public double zUm() {
        return zUm;
    }

    @Override
    public Kind kind() {
        return Kind.MOVE_Z;
    }

    @Override
    public <R, X extends Exception> R accept(ActionVisitor<R, X> visitor) throws X {
        return visitor.moveZ(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MoveZ && Double.compare(zUm, ((MoveZ) o).zUm) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(zUm);
    }

    @Override
    public String toString() {
        return "MoveZ(" + zUm + " µm)";
    }
}
