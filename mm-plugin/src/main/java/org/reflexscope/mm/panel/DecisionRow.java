package org.reflexscope.mm.panel;

import java.util.Objects;

/** One line of the decision log as the panel shows it. Immutable. */
public final class DecisionRow {
    private final long frame;
    private final String policy;
    private final String action;
    private final String verdict;
    private final boolean executed;
    private final double latencyMs;

    public DecisionRow(long frame, String policy, String action, String verdict, boolean executed, double latencyMs) {
        this.frame = frame;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.action = Objects.requireNonNull(action, "action");
        this.verdict = Objects.requireNonNull(verdict, "verdict");
        this.executed = executed;
        this.latencyMs = latencyMs;
    }

    /** The frame whose analysis led to the decision. */
    public long frame() {
        return frame;
    }

    public String policy() {
        return policy;
    }

    /** The proposed action, e.g. "moveZ +0.8 µm". */
    public String action() {
        return action;
    }

    /** The safety envelope's verdict, e.g. "accepted", "clamped", "rejected: Z limit". */
    public String verdict() {
        return verdict;
    }

    /** Whether the action reached the hardware (false in dry run or when rejected). */
    public boolean executed() {
        return executed;
    }

    /** Frame-to-decision latency in ms. */
    public double latencyMs() {
        return latencyMs;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DecisionRow)) {
            return false;
        }
        DecisionRow r = (DecisionRow) o;
        return frame == r.frame && policy.equals(r.policy) && action.equals(r.action) && verdict.equals(r.verdict)
                && executed == r.executed && Double.compare(latencyMs, r.latencyMs) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(frame, policy, action, verdict, executed, latencyMs);
    }

    @Override
    public String toString() {
        return "#" + frame + " " + policy + ": " + action + " -> " + verdict + (executed ? " (executed)" : "");
    }
}
