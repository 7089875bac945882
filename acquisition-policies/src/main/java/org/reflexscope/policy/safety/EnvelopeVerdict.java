package org.reflexscope.policy.safety;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.reflexscope.policy.plan.HardwarePlan;

/**
 * The {@link SafetyEnvelope}'s answer for one plan: accepted as proposed, accepted after clamping, or rejected, with
 * the reasons in words. Immutable.
 */
public final class EnvelopeVerdict {
    /** The three possible answers. */
    public enum Status {
        /** Every step is inside the envelope. */
        ACCEPTED,
        /** Some steps were shortened or moved inside the limits (the policy allowed clamping); see the reasons. */
        CLAMPED,
        /** At least one step is outside the envelope and could not be clamped; nothing of the plan may run. */
        REJECTED
    }

    private final Status status;
    private final HardwarePlan plan;
    private final List<String> reasons;

    private EnvelopeVerdict(Status status, HardwarePlan plan, List<String> reasons) {
        this.status = status;
        this.plan = plan;
        this.reasons = Collections.unmodifiableList(new ArrayList<>(reasons));
    }

    static EnvelopeVerdict accepted(HardwarePlan plan) {
        return new EnvelopeVerdict(Status.ACCEPTED, Objects.requireNonNull(plan), List.of());
    }

    static EnvelopeVerdict clamped(HardwarePlan plan, List<String> reasons) {
        return new EnvelopeVerdict(Status.CLAMPED, Objects.requireNonNull(plan), reasons);
    }

    static EnvelopeVerdict rejected(List<String> reasons) {
        return new EnvelopeVerdict(Status.REJECTED, null, reasons);
    }

    public Status status() {
        return status;
    }

    /** Whether the plan (or its clamped version) may run. */
    public boolean allowed() {
        return status != Status.REJECTED;
    }

    /** The plan to execute (the clamped one if clamped); empty if rejected. */
    public Optional<HardwarePlan> plan() {
        return Optional.ofNullable(plan);
    }

    /** Why the plan was clamped or rejected, one sentence per violation; empty if accepted. */
    public List<String> reasons() {
        return reasons;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EnvelopeVerdict)) {
            return false;
        }
        EnvelopeVerdict v = (EnvelopeVerdict) o;
        return status == v.status && Objects.equals(plan, v.plan) && reasons.equals(v.reasons);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, plan, reasons);
    }

    @Override
    public String toString() {
        return "EnvelopeVerdict{" + status + (plan != null ? ", " + plan : "") + (reasons.isEmpty() ? ""
                : ", " + reasons) + '}';
    }
}
