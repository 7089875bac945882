package org.reflexscope.cli.input;

/**
 * A problem with what the user asked for (a missing file, a bad scenario, a model that does not load): printed as
 * one line, {@code reflex: <message>}, without a stack trace, and the command exits with {@link org.reflexscope.cli.ExitCodes#FAILED}.
 *
 * <p>The message says what was wrong and what to do.
 */
public class UserInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
