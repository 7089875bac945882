package org.reflexscope.mm.core;

/** Micro-Manager's core could not be loaded or configured; the message says what to do. */
public class MmCoreSessionException extends Exception {
    private static final long serialVersionUID = 1L;

    public MmCoreSessionException(String message) {
        super(message);
    }

    public MmCoreSessionException(String message, Throwable cause) {
        super(message, cause);
    }
}
