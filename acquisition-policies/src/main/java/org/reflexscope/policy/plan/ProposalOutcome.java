package org.reflexscope.policy.plan;

/** What became of a {@link Proposal}; told back to its policy and written to the decision log. */
public enum ProposalOutcome {
    /** Executed on the hardware and completed. */
    EXECUTED,
    /** Accepted, but the engine is in dry run: logged, not executed. */
    DRY_RUN,
    /** Rejected by the safety envelope. */
    REJECTED,
    /** Lost arbitration to a higher-priority or exclusive proposal of the same result. */
    PREEMPTED,
    /** Another plan was still in flight (at most one at a time). */
    BUSY,
    /** The engine held all motion: paused, stale analysis (watchdog) or manual override. */
    HELD,
    /** Started on the hardware and failed or timed out. */
    FAILED
}
