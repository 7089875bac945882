package org.reflexscope.cli.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ends a run early but cleanly when asked from outside: Ctrl-C (SIGINT) or SIGTERM make {@link #requested()} true,
 * the run's loop then stops acquisition and finalizes what it wrote (recording, decision log, metrics, settings,
 * report), noting each product as {@link #written written}, and calls {@link #finalized()}. The finalizing is
 * bounded: if it has not ended within the given bound of the first Ctrl-C, the process quits (exit 130); a second
 * Ctrl-C quits at once (exit 130). On SIGTERM (and any other JVM shutdown during the run) the shutdown hook waits for
 * the finalizing at most the bound, then lets the JVM exit (143 after SIGTERM). Each way out that does not wait for
 * the end prints one line naming the products not written; the recording stays readable up to its last frame, as
 * after a kill.
 *
 * <p>One per run: {@link #install} it when acquisition starts, {@link #close} it when the run is finalized. The
 * Ctrl-C handler uses {@code sun.misc.Signal} (module {@code jdk.unsupported}, present in every JDK 11+): Java's
 * shutdown hooks alone cannot tell a second Ctrl-C from the first.
 */
public final class GracefulStop implements AutoCloseable {
    /** Exit status after a second Ctrl-C (128 + SIGINT). */
    public static final int FORCED_EXIT = 130;

    private final PrintStream err;
    private final Duration bound;
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicInteger interrupts = new AtomicInteger();
    private volatile String cause;
    private final Set<String> pending;
    private final Thread hook;
    private SignalHandler previousInt;

    private GracefulStop(PrintStream err, Duration bound, String... products) {
        this.err = err;
        this.bound = bound;
        this.pending = Collections.synchronizedSet(new LinkedHashSet<>(Arrays.asList(products)));
        this.hook = new Thread(this::onShutdown, "reflex-graceful-stop");
    }

    /**
     * Installs the Ctrl-C handler and the shutdown hook.
     *
     * @param err where the one-line notices go
     * @param bound the longest a stopped run may take to finalize before the process quits anyway
     * @param products what the run writes when it finalizes (e.g. {@code "metrics.json"}), in order: a quit
     *     before the end names those not yet {@link #written}
     */
    public static GracefulStop install(PrintStream err, Duration bound, String... products) {
        GracefulStop g = new GracefulStop(err, bound, products);
        Runtime.getRuntime().addShutdownHook(g.hook);
        try {
            g.previousInt = Signal.handle(new Signal("INT"), sig -> g.onInterrupt());
        } catch (IllegalArgumentException e) {
            // No SIGINT on this platform or it is ignored (e.g. started with nohup): the shutdown hook still works.
            g.previousInt = null;
        }
        return g;
    }

    /** Whether a stop was asked for (Ctrl-C or a shutdown); the run's loop polls it. */
    public boolean requested() {
        return cause != null;
    }

    /** What asked for the stop ("Ctrl-C" or "a shutdown request (SIGTERM)"), if anything did. */
    public Optional<String> cause() {
        return Optional.ofNullable(cause);
    }

    /** Notes that the run has written {@code product} (one of those named at {@link #install}). */
    public void written(String product) {
        pending.remove(product);
    }

    /** "metrics.json, report.html not written", or "everything was written". */
    private String notWritten() {
        synchronized (pending) {
            return pending.isEmpty() ? "everything was written" : String.join(", ", pending) + " not written";
        }
    }

    /** The run has written everything it could: a waiting shutdown may proceed. */
    public void finalized() {
        done.countDown();
    }

    private void onInterrupt() {
        if (interrupts.incrementAndGet() == 1) {
            cause = "Ctrl-C";
            err.println("reflex: stopping (Ctrl-C): finishing the recording, decision log, metrics and report"
                    + " (at most " + bound.toSeconds() + " s). Press Ctrl-C again to quit at once.");
            err.flush();
            Thread watchdog = new Thread(this::quitUnlessFinalizedInTime, "reflex-stop-bound");
            watchdog.setDaemon(true);
            watchdog.start();
            return;
        }
        quit("reflex: quitting at once (second Ctrl-C): ");
    }

    private void quitUnlessFinalizedInTime() {
        try {
            if (!done.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                quit("reflex: the run did not finish within " + bound.toSeconds() + " s of Ctrl-C; quitting: ");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void quit(String why) {
        err.println(why + notWritten() + "; the recording opens up to its last frame.");
        err.flush();
        Runtime.getRuntime().halt(FORCED_EXIT);
    }

    private void onShutdown() {
        if (done.getCount() == 0) {
            return;
        }
        if (cause == null) {
            cause = "a shutdown request (SIGTERM)";
            err.println("reflex: stopping (SIGTERM): finishing the recording, decision log, metrics and report"
                    + " (at most " + bound.toSeconds() + " s).");
            err.flush();
        }
        try {
            if (!done.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                err.println("reflex: the run did not finish within " + bound.toSeconds() + " s of the stop request;"
                        + " quitting: " + notWritten() + "; the recording opens up to its last frame.");
                err.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Marks the run finalized, removes the hook (unless the JVM is already shutting down) and the Ctrl-C handler. */
    @Override
    public void close() {
        finalized();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: it sees the run finalized and returns at once.
        }
        if (previousInt != null) {
            Signal.handle(new Signal("INT"), previousInt);
        }
    }
}
