package org.reflexscope.cli.run;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.reflexscope.cli.console.Console;

/**
 * A one-line progress bar that fits the terminal: {@code [######......]  42%  55/131 frames  82 fps  0:03 left}.
 *
 * <p>Drawn as the {@link Console}'s status line, so log lines pass above it instead of being glued to it. The
 * line is never wider than the terminal less one column (a full-width line would wrap on some terminals): the
 * bar narrows on narrow terminals, and status segments that do not fit are left out, last first. Redraws every
 * {@code periodMs} on its own daemon thread ({@code reflex-progress}); {@link #close()} draws the last state and
 * ends the line. Use it only on a terminal ({@link Console#isTty()}).
 */
public final class ProgressBar implements AutoCloseable {
    private final Console console;
    private final DoubleSupplier fraction;
    private final Supplier<List<String>> segments;
    private final ScheduledExecutorService timer;

    /**
     * Starts drawing.
     *
     * @param fraction progress in [0, 1], or NaN when unknown (no bar, segments only)
     * @param segments what to say after the bar, most important first (frames, rate, time left, ...)
     */
    public ProgressBar(Console console, DoubleSupplier fraction, Supplier<List<String>> segments, long periodMs) {
        this.console = Objects.requireNonNull(console, "console");
        this.fraction = Objects.requireNonNull(fraction, "fraction");
        this.segments = Objects.requireNonNull(segments, "segments");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reflex-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::draw, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    /**
     * The line for {@code fraction} and {@code segments} on a terminal {@code columns} wide: at most
     * {@code columns - 1} characters; segments that do not fit are left out from the last.
     */
    public static String line(double fraction, List<String> segments, int columns) {
        int room = Math.max(20, columns) - 1;
        StringBuilder b = new StringBuilder(room);
        if (!Double.isNaN(fraction)) {
            double f = Math.max(0, Math.min(1, fraction));
            int width = columns >= 160 ? 40 : columns >= 100 ? 30 : columns >= 60 ? 20 : 10;
            int filled = (int) Math.floor(f * width);
            b.append('[');
            for (int i = 0; i < width; i++) {
                b.append(i < filled ? '#' : '.');
            }
            b.append("] ").append(String.format(Locale.ROOT, "%3d%%", (int) Math.floor(f * 100)));
        }
        for (String s : segments) {
            int sep = b.length() == 0 ? 0 : 2;
            if (b.length() + sep + s.length() > room) {
                if (b.length() == 0) {
                    b.append(s, 0, room);
                }
                break;
            }
            b.append(sep == 0 ? "" : "  ").append(s);
        }
        return b.toString();
    }

    private void draw() {
        console.status(line(fraction.getAsDouble(), segments.get(), console.columns()));
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
        console.endStatus();
    }
}
