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

    private ExitCodes() {
    }
}
