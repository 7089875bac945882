package org.micromanager.events;

/** Compile-only declaration of Studio's {@code LiveModeEvent} (never packaged). */
public interface LiveModeEvent {
    boolean isOn();
}
