package org.micromanager.acquisition;

/** Compile-only declaration of Studio's {@code AcquisitionStartedEvent}; Reflex calls none of its methods. */
public interface AcquisitionStartedEvent {
}
