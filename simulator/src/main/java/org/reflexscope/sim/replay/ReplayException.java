package org.reflexscope.sim.replay;

/** Recorded data could not be opened as a virtual sample; the message names the file and what to do. */
public class ReplayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReplayException(String message) {
        super(message);
    }

    public ReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
