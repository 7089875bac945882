package org.micromanager.events;

/** Compile-only declaration of Studio's {@code EventManager} (never packaged). */
public interface EventManager {
    void registerForEvents(Object obj);

    void unregisterForEvents(Object obj);

    void post(Object event);
}
