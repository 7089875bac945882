package org.micromanager.acquisition;

/** Compile-only declaration of Studio's {@code AcquisitionEndedEvent}; Reflex calls none of its methods. */
public interface AcquisitionEndedEvent {
}
