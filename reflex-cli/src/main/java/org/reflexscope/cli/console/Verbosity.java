package org.reflexscope.cli.console;

/** How much of the log a command shows on the terminal ({@code -q}, default, {@code -v}); the log file gets it all. */
public enum Verbosity {
    /** Errors only, and the run's essentials (where its folder is). */
    QUIET,
    /** Warnings and errors; the progress bar and the summary. */
    NORMAL,
    /** Every log line the loggers write (INFO by default), beside the progress bar and the summary. */
    VERBOSE;

    /** {@code -q} wins over {@code -v}; neither is {@link #NORMAL}. */
    public static Verbosity of(boolean quiet, boolean verbose) {
        return quiet ? QUIET : verbose ? VERBOSE : NORMAL;
    }

    /** Whether a log line of {@code level} goes to the terminal. */
    boolean shows(LogLevel level) {
        switch (this) {
            case QUIET:
                return level.compareTo(LogLevel.ERROR) >= 0;
            case NORMAL:
                return level.compareTo(LogLevel.WARN) >= 0;
            default:
                return true;
        }
    }
}
