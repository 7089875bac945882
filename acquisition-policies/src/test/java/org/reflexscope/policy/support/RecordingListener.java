package org.reflexscope.policy.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.reflexscope.policy.engine.EngineEvent;
import org.reflexscope.policy.engine.EngineListener;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.log.DecisionRecord;

/** Collects what an engine publishes and lets tests wait for it (with timeouts, never sleeps). */
public final class RecordingListener implements EngineListener {
    private final List<EngineEvent> events = new ArrayList<>();
    private final List<DecisionRecord> decisions = new ArrayList<>();
    private final List<AcquiredStack> stacks = new ArrayList<>();
    private final List<String> threads = Collections.synchronizedList(new ArrayList<>());

    @Override
    public synchronized void onEvent(EngineEvent event) {
        threads.add(Thread.currentThread().getName());
        events.add(event);
        notifyAll();
    }

    @Override
    public synchronized void onDecision(DecisionRecord decision) {
        threads.add(Thread.currentThread().getName());
        decisions.add(decision);
        notifyAll();
    }

    @Override
    public synchronized void onStack(AcquiredStack stack) {
        stacks.add(stack);
        notifyAll();
    }

    public synchronized List<EngineEvent> events() {
        return new ArrayList<>(events);
    }

    public synchronized List<DecisionRecord> decisions() {
        return new ArrayList<>(decisions);
    }

    public synchronized List<AcquiredStack> stacks() {
        return new ArrayList<>(stacks);
    }

    public List<String> threads() {
        synchronized (threads) {
            return new ArrayList<>(threads);
        }
    }

    /** Waits until an event of {@code kind} arrived; false on timeout. */
    public boolean awaitEvent(EngineEvent.Kind kind, long timeoutMs) throws InterruptedException {
        return await(() -> events.stream().anyMatch(e -> e.kind() == kind), timeoutMs);
    }

    /** Waits until {@code n} decisions matching {@code p} arrived; false on timeout. */
    public boolean awaitDecisions(Predicate<DecisionRecord> p, int n, long timeoutMs) throws InterruptedException {
        return await(() -> decisions.stream().filter(p).count() >= n, timeoutMs);
    }

    private synchronized boolean await(java.util.function.BooleanSupplier done, long timeoutMs)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!done.getAsBoolean()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
