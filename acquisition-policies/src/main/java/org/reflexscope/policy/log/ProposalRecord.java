package org.reflexscope.policy.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.ProposalOutcome;
import org.reflexscope.policy.safety.EnvelopeVerdict;

/** One policy's proposal within a {@link DecisionRecord}: the plan, the envelope's verdict and what became of it. */
public final class ProposalRecord {
    private final String policy;
    private final int priority;
    private final HardwarePlan plan;
    private final String reason;
    private final EnvelopeVerdict.Status verdict;
    private final List<String> verdictReasons;
    private final ProposalOutcome outcome;

    public ProposalRecord(String policy, int priority, HardwarePlan plan, String reason,
            EnvelopeVerdict.Status verdict, List<String> verdictReasons, ProposalOutcome outcome) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.priority = priority;
        this.plan = Objects.requireNonNull(plan, "plan");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.verdict = verdict;
        this.verdictReasons = Collections.unmodifiableList(new ArrayList<>(verdictReasons));
        this.outcome = Objects.requireNonNull(outcome, "outcome");
    }

    /** The same record with another outcome. */
    public ProposalRecord withOutcome(ProposalOutcome o) {
        return new ProposalRecord(policy, priority, plan, reason, verdict, verdictReasons, o);
    }

    public String policy() {
        return policy;
    }

    public int priority() {
        return priority;
    }

    /** The plan as proposed (before any clamping). */
    public HardwarePlan plan() {
        return plan;
    }

    public String reason() {
        return reason;
    }

    /** The envelope's verdict, or {@code null} when the proposal never reached the envelope (held by the engine). */
    public EnvelopeVerdict.Status verdict() {
        return verdict;
    }

    public List<String> verdictReasons() {
        return verdictReasons;
    }

    public ProposalOutcome outcome() {
        return outcome;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ProposalRecord)) {
            return false;
        }
        ProposalRecord p = (ProposalRecord) o;
        return policy.equals(p.policy) && priority == p.priority && plan.equals(p.plan) && reason.equals(p.reason)
                && verdict == p.verdict && verdictReasons.equals(p.verdictReasons) && outcome == p.outcome;
    }

    @Override
    public int hashCode() {
        return Objects.hash(policy, priority, plan, reason, verdict, verdictReasons, outcome);
    }

    @Override
    public String toString() {
        return "ProposalRecord{" + policy + ", " + plan + ", " + verdict + verdictReasons + " -> " + outcome + '}';
    }
}
