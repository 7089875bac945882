package org.reflexscope.mm.panel;

/** The smart-acquisition backend refused or failed a request; the message is shown to the user as it is. */
public class BackendException extends Exception {
    private static final long serialVersionUID = 1L;

    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
