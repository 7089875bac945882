package org.reflexscope.cli.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The terminal's width in columns: {@code -Dreflex.columns}, else the {@code COLUMNS} environment variable, else
 * what {@code stty size} says of the controlling terminal (asked again at most once a second, so a resized window
 * is followed), else 80.
 */
final class TerminalWidth {
    static final int FALLBACK = 80;
    private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);
    private final int fixed;
    private int asked = -1;
    private long askedAt;

    private TerminalWidth(int fixed) {
        this.fixed = fixed;
    }

    static TerminalWidth detect() {
        int fixed = positive(System.getProperty("reflex.columns"));
        if (fixed <= 0) {
            fixed = positive(System.getenv("COLUMNS"));
        }
        return new TerminalWidth(fixed);
    }

    /** A fixed width (tests). */
    static TerminalWidth of(int columns) {
        return new TerminalWidth(columns);
    }

    synchronized int columns() {
        if (fixed > 0) {
            return fixed;
        }
        long now = System.nanoTime();
        if (asked < 0 || now - askedAt > REFRESH_NANOS) {
            askedAt = now;
            int c = stty();
            asked = c > 0 ? c : FALLBACK;
        }
        return asked;
    }

    /** {@code stty size < /dev/tty}: "rows columns", or -1 when there is no terminal or no stty. */
    private static int stty() {
        try {
            Process p = new ProcessBuilder("sh", "-c", "stty size < /dev/tty").redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
            }
            if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return -1;
            }
            String[] parts = out.split("\\s+");
            return parts.length == 2 ? positive(parts[1]) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int positive(String s) {
        if (s == null) {
            return -1;
        }
        try {
            int v = Integer.parseInt(s.trim());
            return v > 0 ? v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
