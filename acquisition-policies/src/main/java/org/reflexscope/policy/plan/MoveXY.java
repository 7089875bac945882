package org.reflexscope.policy.plan;

import java.util.Objects;

/** Move the XY stage to an absolute position. */
public final class MoveXY extends HardwareAction {
    private final double xUm;
    private final double yUm;

    private MoveXY(double xUm, double yUm) {
        this.xUm = finite(xUm, "Target X (µm)");
        this.yUm = finite(yUm, "Target Y (µm)");
    }

    /** Move the stage to {@code (xUm, yUm)} (absolute, µm). */
    public static MoveXY to(double xUm, double yUm) {
        return new MoveXY(xUm, yUm);
    }

    public double xUm() {
        return xUm;
    }

    public double yUm() {
        return yUm;
    }

    @Override
    public Kind kind() {
        return Kind.MOVE_XY;
    }

    @Override
    public <R, X extends Exception> R accept(ActionVisitor<R, X> visitor) throws X {
        return visitor.moveXY(this);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MoveXY)) {
            return false;
        }
        MoveXY m = (MoveXY) o;
        return Double.compare(xUm, m.xUm) == 0 && Double.compare(yUm, m.yUm) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(xUm, yUm);
    }

    @Override
    public String toString() {
        return "MoveXY(" + xUm + ", " + yUm + " µm)";
    }
}
