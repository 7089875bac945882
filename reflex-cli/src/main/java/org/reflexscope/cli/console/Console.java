package org.reflexscope.cli.console;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The terminal of one {@code reflex} process: log lines, one status line (the progress bar) and the run's log file
 * share it without getting in each other's way.
 *
 * <p>{@link #install} routes {@code System.err} through the console: every line written there (slf4j-simple's log
 * records, configured to carry their level, and plain messages) goes to the run's log file once
 * {@link #logTo} has named it (lines written before wait in memory, up to {@value #PENDING_LINES}), and to the
 * terminal when the {@link Verbosity} shows its level; plain lines always reach the terminal. A status line is
 * redrawn in place with {@code \r}; a line for the terminal first clears it, then the status is drawn again
 * below, so no log line is ever glued to the bar. Colour (warnings yellow, errors red) only on a terminal, never
 * with {@code NO_COLOR} set. All methods are thread-safe.
 */
public final class Console {
    /** Lines kept in memory until the log file is known; older ones are dropped first. */
    static final int PENDING_LINES = 10_000;
    private static final String CLEAR_TO_END = "\u001b[K";
    private static final String YELLOW = "\u001b[33m";
    private static final String RED = "\u001b[31m";
    private static final String RESET = "\u001b[0m";
    private static Console installed;

    private final PrintStream terminal;
    private final boolean tty;
    private final boolean colour;
    private final TerminalWidth width;
    private final Deque<String> pending = new ArrayDeque<>();
    private Verbosity verbosity = Verbosity.NORMAL;
    private BufferedWriter logFile;
    private Path logPath;
    private String status;
    private LogLevel record;

    Console(PrintStream terminal, boolean tty, boolean colour, TerminalWidth width) {
        this.terminal = terminal;
        this.tty = tty;
        this.colour = colour;
        this.width = width;
    }

    /**
     * Makes this process's {@code System.err} a console: call before the first logger is created. Sets
     * slf4j-simple's format (time, thread, level) where the user has not set it.
     *
     * @param tty whether stderr is a terminal (the launcher's {@code -Dreflex.tty})
     */
    public static synchronized Console install(boolean tty) {
        if (installed != null) {
            return installed;
        }
        defaultProperty("org.slf4j.simpleLogger.logFile", "System.err");
        defaultProperty("org.slf4j.simpleLogger.showDateTime", "true");
        defaultProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        defaultProperty("org.slf4j.simpleLogger.levelInBrackets", "false");
        boolean colour = tty && System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
        Console c = new Console(System.err, tty, colour, TerminalWidth.detect());
        System.setErr(new PrintStream(new LineRouter(c), true, StandardCharsets.UTF_8));
        installed = c;
        return c;
    }

    /** The installed console, or one that draws on the current {@code System.err} without routing logs. */
    public static synchronized Console current() {
        return installed != null ? installed
                : new Console(System.err, Boolean.getBoolean("reflex.tty"), false, TerminalWidth.detect());
    }

    /**
     * A console drawing on {@code terminal}, {@code columns} wide, without colour and without routing
     * {@code System.err} (for embedding and tests; lines reach it through {@link #println}).
     */
    public static Console over(PrintStream terminal, boolean tty, int columns) {
        return new Console(terminal, tty, false, TerminalWidth.of(columns));
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Whether the terminal is a terminal (progress bars and colour are drawn only then). */
    public boolean isTty() {
        return tty;
    }

    /** The terminal's width in columns (80 when it cannot be told). */
    public int columns() {
        return width.columns();
    }

    /** Sets how much of the log the terminal shows from now on. */
    public synchronized void verbosity(Verbosity v) {
        this.verbosity = v;
    }

    /** How much of the log the terminal shows. */
    public synchronized Verbosity verbosity() {
        return verbosity;
    }

    /**
     * From now on every line goes to {@code file} too (appended), starting with {@code header} and the lines
     * written since the process started; a previous log file is closed.
     *
     * @throws IOException when the file cannot be opened
     */
    public synchronized void logTo(Path file, String header) throws IOException {
        closeLog();
        logFile = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        logPath = file;
        logFile.write(header);
        logFile.newLine();
        while (!pending.isEmpty()) {
            logFile.write(pending.removeFirst());
            logFile.newLine();
        }
        logFile.flush();
    }

    /** The log file lines go to, or null. */
    public synchronized Path logFile() {
        return logPath;
    }

    /** Closes the log file; later lines wait in memory again. */
    public synchronized void closeLog() {
        if (logFile != null) {
            try {
                logFile.close();
            } catch (IOException e) {
                terminal.println("reflex: could not finish the log file " + logPath + ": " + e.getMessage());
            }
            logFile = null;
            logPath = null;
        }
    }

    /** Draws {@code line} as the status line, replacing the previous one (only on a terminal). */
    public synchronized void status(String line) {
        if (!tty) {
            return;
        }
        status = line;
        drawStatus();
    }

    /** Leaves the last status line where it is and moves below it; the next status starts a new line. */
    public synchronized void endStatus() {
        if (status != null) {
            terminal.println();
            terminal.flush();
            status = null;
        }
    }

    /**
     * One complete line, as if written to the routed {@code System.err}: to the log file, and to the terminal
     * when it is not a log record or the verbosity shows its level.
     */
    public synchronized void println(String text) {
        LogLevel header = LogLevel.ofHeader(text);
        if (header != null) {
            record = header;
        } else if (record != null && !LogLevel.isContinuation(text)) {
            record = null;
        }
        toLog(text);
        if (record == null || verbosity.shows(record)) {
            toTerminal(text, record);
        }
    }

    private void toLog(String text) {
        if (logFile == null) {
            if (pending.size() == PENDING_LINES) {
                pending.removeFirst();
            }
            pending.addLast(text);
            return;
        }
        try {
            logFile.write(text);
            logFile.newLine();
            logFile.flush();
        } catch (IOException e) {
            Path p = logPath;
            logFile = null;
            logPath = null;
            terminal.println("reflex: the log file " + p + " cannot be written (" + e.getMessage()
                    + "); log lines are kept in memory from now on");
        }
    }

    private void toTerminal(String text, LogLevel level) {
        if (status != null) {
            terminal.print("\r" + CLEAR_TO_END);
        }
        if (colour && level != null && level.compareTo(LogLevel.WARN) >= 0) {
            terminal.println((level == LogLevel.WARN ? YELLOW : RED) + text + RESET);
        } else {
            terminal.println(text);
        }
        if (status != null) {
            drawStatus();
        }
        terminal.flush();
    }

    private void drawStatus() {
        terminal.print("\r" + status + CLEAR_TO_END);
        terminal.flush();
    }

    /** Cuts what is written to it into lines for {@link Console#println}. */
    private static final class LineRouter extends OutputStream {
        private final Console console;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);

        LineRouter(Console console) {
            this.console = console;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String s = new String(buffer.toByteArray(), StandardCharsets.UTF_8);
                buffer.reset();
                console.println(s.endsWith("\r") ? s.substring(0, s.length() - 1) : s);
            } else {
                buffer.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }
    }
}
