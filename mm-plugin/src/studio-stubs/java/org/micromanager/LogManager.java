package org.micromanager;

/**
 * Compile-only declaration of the parts of Studio's {@code LogManager} that Reflex calls (never packaged; checked
 * against a real MMJ_.jar by {@code StudioApiStubsTest}). Messages go to Studio's CoreLog.
 */
public interface LogManager {
    void logMessage(String msg);

    void logDebugMessage(String msg);

    void logError(String msg);

    void logError(Exception e, String msg);
}
