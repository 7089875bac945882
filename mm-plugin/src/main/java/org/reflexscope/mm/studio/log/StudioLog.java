package org.reflexscope.mm.studio.log;

import java.util.Objects;
import org.micromanager.LogManager;

/**
 * Where Reflex's log lines go inside Studio: Studio's {@link LogManager}, which writes them to its CoreLog. The
 * plugin {@linkplain #attach attaches} it when Studio hands over its context; until then (and outside Studio)
 * warnings and errors go to standard error and the rest is dropped. Thread-safe.
 */
public final class StudioLog {
    /** Prefix of every Reflex line in CoreLog, so that a user (or a test) can find them. */
    public static final String PREFIX = "[Reflex] ";

    private static volatile LogManager sink;

    private StudioLog() {
    }

    /** Sends Reflex's log lines to {@code logs} from now on. */
    public static void attach(LogManager logs) {
        sink = Objects.requireNonNull(logs, "logs");
    }

    /** Whether a Studio log is attached. */
    static boolean attached() {
        return sink != null;
    }

    /** Logs {@code message} (already formatted, without the prefix) at {@code level}; {@code error} may be null. */
    static void log(Level level, String message, Throwable error) {
        LogManager logs = sink;
        String line = PREFIX + message;
        if (logs == null) {
            if (level.compareTo(Level.WARN) >= 0) {
                System.err.println(line + (error != null ? " (" + error + ")" : ""));
            }
            return;
        }
        switch (level) {
            case DEBUG:
                logs.logDebugMessage(line);
                break;
            case INFO:
                logs.logMessage(line);
                break;
            case WARN:
                logs.logMessage(line + (error != null ? " (" + error + ")" : ""));
                break;
            default:
                if (error instanceof Exception) {
                    logs.logError((Exception) error, line);
                } else {
                    logs.logError(line + (error != null ? " (" + error + ")" : ""));
                }
        }
    }

    /** The levels Reflex forwards, in increasing severity (TRACE is dropped). */
    enum Level {
        DEBUG, INFO, WARN, ERROR
    }
}
