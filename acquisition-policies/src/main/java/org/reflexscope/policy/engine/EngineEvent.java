package org.reflexscope.policy.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * Something the user should know about the policy engine: lifecycle changes, hardware failures, manual override,
 * stale analysis. Immutable; delivered to {@link EngineListener#onEvent}.
 */
public final class EngineEvent {
    /** What happened. */
    public enum Kind {
        /** The engine started (payload: mode, policies). */
        STARTED,
        /** Paused by the user. */
        PAUSED,
        /** Resumed by the user; policies run again. */
        RESUMED,
        /** A hardware command failed or timed out: policies are paused until {@link PolicyEngine#resume()}. */
        HARDWARE_FAILURE,
        /** Someone else moved the hardware: policies are paused until {@link PolicyEngine#resume()}. */
        MANUAL_OVERRIDE,
        /** Analysis results are older than the watchdog limit: no motion until fresh results arrive. */
        WATCHDOG_STALE,
        /** Fresh results again after {@link #WATCHDOG_STALE}. */
        WATCHDOG_RECOVERED,
        /** The engine stopped. */
        STOPPED
    }

    private final Kind kind;
    private final String message;
    private final long nanos;
    private final Throwable cause;

    public EngineEvent(Kind kind, String message, long nanos, Throwable cause) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.message = Objects.requireNonNull(message, "message");
        this.nanos = nanos;
        this.cause = cause;
    }

    public Kind kind() {
        return kind;
    }

    /** What happened and what to do, in words. */
    public String message() {
        return message;
    }

    /** When, on the {@link System#nanoTime()} clock. */
    public long nanos() {
        return nanos;
    }

    /** The hardware exception behind a {@link Kind#HARDWARE_FAILURE}, if any. */
    public Optional<Throwable> cause() {
        return Optional.ofNullable(cause);
    }

    /** Whether policies are paused after this event (until resumed). */
    public boolean pausesPolicies() {
        return kind == Kind.PAUSED || kind == Kind.HARDWARE_FAILURE || kind == Kind.MANUAL_OVERRIDE;
    }

    @Override
    public String toString() {
        return "EngineEvent{" + kind + ": " + message + (cause != null ? " (" + cause + ")" : "") + '}';
    }
}
