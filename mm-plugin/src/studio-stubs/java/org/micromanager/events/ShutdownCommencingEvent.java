package org.micromanager.events;

/** Compile-only declaration of Studio's {@code ShutdownCommencingEvent}; Reflex calls none of its methods. */
public interface ShutdownCommencingEvent {
}
