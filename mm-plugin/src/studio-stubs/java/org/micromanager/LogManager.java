package org.micromanager;

/** Compile-only declaration of the parts of Studio's {@code LogManager} that Reflex calls (never packaged). */
public interface LogManager {
    void logMessage(String msg);

    void logError(Throwable e, String msg);
}
