package org.micromanager;

/** Compile-only declaration of the parts of Studio's {@code PositionListManager} that Reflex calls (never packaged). */
public interface PositionListManager {
    PositionList getPositionList();

    void setPositionList(PositionList list);
}
