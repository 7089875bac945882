package org.reflexscope.cli.input;

/**
 * A command-line value that is malformed or outside its range (a duration that is not a time, an unknown policy, a
 * {@code --set} value out of range): printed as {@code reflex: <message>} and a pointer to the command's help, and
 * the command exits with {@link org.reflexscope.cli.ExitCodes#USAGE}, as for values picocli itself cannot convert.
 *
 * <p>Problems that depend on the sample or the microscope (an objective it lacks, a ring that does not fit in this
 * Java's memory) are {@link UserInputException}s and exit with {@link org.reflexscope.cli.ExitCodes#FAILED}.
 */
public class UsageException extends UserInputException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
