package org.micromanager;

/** Compile-only declaration of the parts of Studio's {@code StagePosition} that Reflex calls (never packaged). */
public class StagePosition {
    public boolean is2DStagePosition() {
        throw new UnsupportedOperationException("compile-only Studio declaration");
    }

    public String getStageDeviceLabel() {
        throw new UnsupportedOperationException("compile-only Studio declaration");
    }

    public double get2DPositionX() {
        throw new UnsupportedOperationException("compile-only Studio declaration");
    }

    public double get2DPositionY() {
        throw new UnsupportedOperationException("compile-only Studio declaration");
    }
}
