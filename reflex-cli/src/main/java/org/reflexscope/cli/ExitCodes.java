package org.reflexscope.cli;

/** The {@code reflex} command's exit statuses. */
public final class ExitCodes {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** A bad file or setting, a run that failed, or an internal error (the message says which). */
    public static final int FAILED = 1;
    /** Bad command-line usage: unknown option, missing or malformed value (usage is printed). */
    public static final int USAGE = 2;
    /** The run ended but raised an alarm that its data are incomplete (frames lost): check the summary. */
    public static final int DATA_LOSS = 3;
    /**
     * Stopped early by Ctrl-C, after finalizing the run folder (128 + SIGINT, as shells report it). After SIGTERM the
     * JVM exits 143 once the run folder is finalized; a second Ctrl-C quits at once with 130.
     */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
