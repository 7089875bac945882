package org.micromanager;

/** Compile-only declaration of the parts of Studio's {@code MultiStagePosition} that Reflex calls (never packaged). */
public final class MultiStagePosition {
    public MultiStagePosition(String xyStage, double x, double y, String zStage, double z) {
        throw new UnsupportedOperationException("compile-only Studio declaration");
    }

    public String getLabel() {
        throw new UnsupportedOperationException("compile-only Studio declaration");
    }

    public void setLabel(String label) {
        throw new UnsupportedOperationException("compile-only Studio declaration");
    }

    public String getDefaultXYStage() {
        throw new UnsupportedOperationException("compile-only Studio declaration");
    }

    public int size() {
        throw new UnsupportedOperationException("compile-only Studio declaration");
    }

    public StagePosition get(int index) {
        throw new UnsupportedOperationException("compile-only Studio declaration");
    }

    public void setGridCoordinates(int row, int column) {
        throw new UnsupportedOperationException("compile-only Studio declaration");
    }
}
