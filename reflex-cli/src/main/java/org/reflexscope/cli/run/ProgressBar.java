package org.reflexscope.cli.run;

import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * A one-line progress bar redrawn in place ({@code \r}) on a terminal: {@code [#####.....] 42% <status text>}.
 *
 * <p>Runs on its own daemon thread ({@code reflex-progress}), redrawing every {@code periodMs}; {@link #close()}
 * draws the last state, ends the line and stops the thread. Use it only when the stream is a terminal (the
 * {@code reflex} launcher tells with {@code -Dreflex.tty=true}); pipes and log files get no progress lines.
 */
public final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 24;
    private final PrintStream out;
    private final DoubleSupplier fraction;
    private final Supplier<String> text;
    private final ScheduledExecutorService timer;
    private int lastLength;

    /**
     * Starts drawing.
     *
     * @param out where to draw (stderr)
     * @param fraction progress in [0, 1], or NaN when unknown (no bar, text only)
     * @param text the status after the bar (frames, fps, detections, decisions)
     */
    public ProgressBar(PrintStream out, DoubleSupplier fraction, Supplier<String> text, long periodMs) {
        this.out = Objects.requireNonNull(out, "out");
        this.fraction = Objects.requireNonNull(fraction, "fraction");
        this.text = Objects.requireNonNull(text, "text");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reflex-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::draw, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    /** Whether progress should be drawn: {@code -Dreflex.tty=true} (set by the launcher when stderr is a terminal). */
    public static boolean enabledByLauncher() {
        return Boolean.getBoolean("reflex.tty");
    }

    /** The line for {@code fraction} and {@code text}, without the carriage return. */
    public static String line(double fraction, String text) {
        if (Double.isNaN(fraction)) {
            return text;
        }
        double f = Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.round(f * WIDTH);
        StringBuilder b = new StringBuilder(WIDTH + 8 + text.length());
        b.append('[');
        for (int i = 0; i < WIDTH; i++) {
            b.append(i < filled ? '#' : '.');
        }
        b.append("] ").append(String.format(java.util.Locale.ROOT, "%3d%%", Math.round(f * 100))).append(' ')
                .append(text);
        return b.toString();
    }

    private synchronized void draw() {
        String l = line(fraction.getAsDouble(), text.get());
        StringBuilder b = new StringBuilder("\r").append(l);
        for (int i = l.length(); i < lastLength; i++) {
            b.append(' ');
        }
        lastLength = l.length();
        out.print(b);
        out.flush();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw();
        out.println();
        out.flush();
    }
}
