package org.reflexscope.policy.engine;

import java.util.Optional;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.plan.Proposal;
import org.reflexscope.policy.plan.ProposalOutcome;

/**
 * Turns analysis results into proposed hardware plans: a small decision function of (result, microscope state, the
 * policy's own parameters and memory). Policies never touch hardware; the {@link PolicyEngine} arbitrates their
 * proposals, passes them through the safety envelope and executes them.
 *
 * <p><b>Threads.</b> All methods are called from the engine's decision thread only, one call at a time; a policy
 * need not be thread-safe. <b>Speed.</b> {@link #propose} runs once per analysed frame and should take well under a
 * millisecond. <b>Errors.</b> A runtime exception from a policy is logged, counted and treated as "no proposal".
 */
public interface AcquisitionPolicy {

    /** A short stable name used in the decision log (e.g. {@code "refocus"}). */
    String name();

    /** Larger wins when proposals of the same result conflict (see {@code docs/policies.md}, arbitration). */
    int priority();

    /**
     * Looks at one result and proposes a plan, or nothing.
     *
     * @param result the newest analysis result
     * @param state the microscope state read just before (or the last known one while a plan is in flight)
     * @param nowNanos the engine's clock ({@link System#nanoTime()}) at this decision
     */
    Optional<Proposal> propose(AnalysisResult result, MicroscopeState state, long nowNanos);

    /** Told what became of the proposal it made for the current result (before the next {@link #propose}). */
    default void onOutcome(Proposal proposal, ProposalOutcome outcome) {
    }

    /** Forgets memory that no longer holds (called when the engine resumes after a pause). */
    default void reset() {
    }
}
