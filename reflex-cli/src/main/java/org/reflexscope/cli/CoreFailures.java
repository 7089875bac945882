package org.reflexscope.cli;

import java.nio.file.Path;
import org.reflexscope.cli.input.UserInputException;
import org.reflexscope.mm.core.MmCoreSessionException;
import org.reflexscope.policy.hardware.HardwareException;

/** How a failure of a Micro-Manager core reaches the user of a command that drives one: one line, saying what to do. */
final class CoreFailures {
    private CoreFailures() {
    }

    /**
     * {@code e} as one line: the session's own message (loading, configuration), the microscope not answering, or a
     * core call that does not bind ({@link LinkageError}: MmCoreSession turns loading failures into
     * {@link MmCoreSessionException}, but a late one still reaches the user as one line, since picocli hands only
     * {@code Exception}s to the error reporter).
     *
     * @param home the Micro-Manager installation the core came from
     * @param e an {@link MmCoreSessionException}, {@link HardwareException} or {@link LinkageError}
     */
    static UserInputException toUserInput(Path home, Throwable e) {
        if (e instanceof MmCoreSessionException) {
            return new UserInputException(e.getMessage(), e);
        }
        if (e instanceof HardwareException) {
            return new UserInputException("The microscope did not answer: " + e.getMessage(), e);
        }
        return new UserInputException("Micro-Manager's core from " + home + " failed: " + e.getClass()
                .getSimpleName() + ": " + e.getMessage() + ". Run Reflex with the MMCoreJ.jar of that "
                + "installation (the reflex launcher adds it for --mm).", e);
    }
}
