package org.reflexscope.policy.log;

/** What happened to the plan a decision chose. */
public enum ExecutionStatus {
    /** No plan was chosen (nothing proposed, all rejected, held or busy). */
    NONE,
    /** Every step completed. */
    SUCCEEDED,
    /** A step threw a hardware exception; later steps did not run. */
    FAILED,
    /** A step did not complete within its timeout; later steps did not run. */
    TIMED_OUT,
    /** Dry run: chosen and logged, not executed. */
    DRY_RUN
}
