package org.reflexscope.cli;

import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;
import org.reflexscope.cli.input.UsageException;
import org.reflexscope.cli.input.UserInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Turns an exception thrown by a command into an exit status and one clear line on stderr.
 *
 * <p>A malformed or out-of-range command-line value ({@link UsageException}) prints its line and where the options
 * are explained, and exits {@link ExitCodes#USAGE}. User errors ({@link UserInputException}, missing files, {@link IllegalArgumentException} from validating
 * settings) print {@code reflex: <message>} without a stack trace. Anything else is a bug or an environment
 * failure: the line names the exception and the stack trace goes to the log at INFO level (the run folder's
 * {@code reflex.log}; {@code -v} shows it on the terminal).
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorReporter.class);

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        if (ex instanceof UsageException) {
            cl.getErr().println("reflex: " + ex.getMessage());
            cl.getErr().println("(`" + cl.getCommandSpec().qualifiedName() + " --help` lists the options)");
            cl.getErr().flush();
            return ExitCodes.USAGE;
        }
        String line;
        if (ex instanceof UserInputException || ex instanceof IllegalArgumentException) {
            line = ex.getMessage();
        } else if (ex instanceof NoSuchFileException || ex instanceof FileNotFoundException) {
            line = "File not found: " + ex.getMessage() + ". Check the path.";
        } else {
            line = ex.getClass().getSimpleName() + ": " + ex.getMessage()
                    + " (run again with -v to see where it failed)";
            LOG.info("Command failed", ex);
        }
        cl.getErr().println("reflex: " + line);
        cl.getErr().flush();
        return ExitCodes.FAILED;
    }
}
