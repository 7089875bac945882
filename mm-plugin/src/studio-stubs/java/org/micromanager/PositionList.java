package org.micromanager;

/** Compile-only declaration of the parts of Studio's {@code PositionList} that Reflex calls (never packaged). */
public class PositionList {
    public PositionList() {
        throw new UnsupportedOperationException("compile-only Studio declaration");
    }

    public int getNumberOfPositions() {
        throw new UnsupportedOperationException("compile-only Studio declaration");
    }

    public MultiStagePosition getPosition(int index) {
        throw new UnsupportedOperationException("compile-only Studio declaration");
    }

    public void addPosition(MultiStagePosition position) {
        throw new UnsupportedOperationException("compile-only Studio declaration");
    }
}
