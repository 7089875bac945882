package org.reflexscope.policy.engine;

/**
 * A snapshot of the policy engine's counters, taken by {@link PolicyEngine#counters()}. Immutable.
 */
public final class EngineCounters {
    private final PolicyEngine.Lifecycle lifecycle;
    private final boolean dryRun;
    private final String pauseReason;
    private final long results;
    private final long superseded;
    private final long decisions;
    private final long proposals;
    private final long executed;
    private final long dryRunPlans;
    private final long rejected;
    private final long clamped;
    private final long preempted;
    private final long busy;
    private final long held;
    private final long failures;
    private final long listenerErrors;

    EngineCounters(PolicyEngine.Lifecycle lifecycle, boolean dryRun, String pauseReason, long[] c) {
        this.lifecycle = lifecycle;
        this.dryRun = dryRun;
        this.pauseReason = pauseReason;
        this.results = c[0];
        this.superseded = c[1];
        this.decisions = c[2];
        this.proposals = c[3];
        this.executed = c[4];
        this.dryRunPlans = c[5];
        this.rejected = c[6];
        this.clamped = c[7];
        this.preempted = c[8];
        this.busy = c[9];
        this.held = c[10];
        this.failures = c[11];
        this.listenerErrors = c[12];
    }

    public PolicyEngine.Lifecycle lifecycle() {
        return lifecycle;
    }

    /** Whether policies are paused (by the user, a hardware failure or manual override). */
    public boolean paused() {
        return !pauseReason.isEmpty();
    }

    /** Why policies are paused; {@code ""} if they are not. */
    public String pauseReason() {
        return pauseReason;
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** Results received by {@link PolicyEngine#onResult}. */
    public long results() {
        return results;
    }

    /** Results replaced by a newer one before the decision thread took them (newest wins). */
    public long superseded() {
        return superseded;
    }

    /** Decisions made (one per result taken, each one log line). */
    public long decisions() {
        return decisions;
    }

    /** Proposals made by policies. */
    public long proposals() {
        return proposals;
    }

    /** Plans executed to completion on the hardware. */
    public long executed() {
        return executed;
    }

    /** Plans chosen in dry run (logged, not executed). */
    public long dryRunPlans() {
        return dryRunPlans;
    }

    /** Proposals rejected by the safety envelope. */
    public long rejected() {
        return rejected;
    }

    /** Proposals accepted after clamping. */
    public long clamped() {
        return clamped;
    }

    /** Proposals that lost arbitration. */
    public long preempted() {
        return preempted;
    }

    /** Proposals dropped because a plan was in flight. */
    public long busy() {
        return busy;
    }

    /** Proposals held by the engine (paused, watchdog). */
    public long held() {
        return held;
    }

    /** Hardware failures (plan steps or state reads that failed or timed out). */
    public long failures() {
        return failures;
    }

    public long listenerErrors() {
        return listenerErrors;
    }

    @Override
    public String toString() {
        return "EngineCounters{" + lifecycle + (dryRun ? " (dry run)" : "") + (paused() ? ", paused: " + pauseReason
                : "") + ", results=" + results + ", superseded=" + superseded + ", decisions=" + decisions
                + ", proposals=" + proposals + ", executed=" + executed + ", dryRunPlans=" + dryRunPlans
                + ", rejected=" + rejected + ", clamped=" + clamped + ", preempted=" + preempted + ", busy=" + busy
                + ", held=" + held + ", failures=" + failures + ", listenerErrors=" + listenerErrors + '}';
    }
}
