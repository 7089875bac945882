package org.reflexscope.policy.plan;

import java.util.Objects;
import java.util.Optional;
import org.reflexscope.core.detect.Detection;

/**
 * What one policy proposes for one analysis result: a {@link HardwarePlan} with the policy's name, priority and
 * reason, and how the engine may treat it. Immutable; made with {@link #builder(String, int, HardwarePlan)}.
 *
 * <ul>
 *   <li>{@code priority}: larger wins when proposals conflict (see {@code docs/policies.md}, arbitration).</li>
 *   <li>{@code clampAllowed}: the safety envelope may shorten the moves or move them inside its limits instead of
 *   rejecting them (sensible for small corrections, never for a plan that must reach an exact target).</li>
 *   <li>{@code exclusive}: the plan runs alone; lower-priority proposals of the same result are preempted (a
 *   high-resolution acquisition suspends tracking and refocusing while it runs).</li>
 * </ul>
 */
public final class Proposal {
    private final String policy;
    private final int priority;
    private final HardwarePlan plan;
    private final String reason;
    private final boolean clampAllowed;
    private final boolean exclusive;
    private final Detection target;

    private Proposal(Builder b) {
        this.policy = b.policy;
        this.priority = b.priority;
        this.plan = b.plan;
        this.reason = b.reason;
        this.clampAllowed = b.clampAllowed;
        this.exclusive = b.exclusive;
        this.target = b.target;
    }

    /** A builder for a proposal of {@code policy} (its name) at {@code priority}. */
    public static Builder builder(String policy, int priority, HardwarePlan plan) {
        return new Builder(policy, priority, plan);
    }

    public String policy() {
        return policy;
    }

    public int priority() {
        return priority;
    }

    public HardwarePlan plan() {
        return plan;
    }

    /** Why the policy proposes this, in words (logged). */
    public String reason() {
        return reason;
    }

    public boolean clampAllowed() {
        return clampAllowed;
    }

    public boolean exclusive() {
        return exclusive;
    }

    /** The detection the proposal is about (tracked or triggering target), if any. */
    public Optional<Detection> target() {
        return Optional.ofNullable(target);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Proposal)) {
            return false;
        }
        Proposal p = (Proposal) o;
        return policy.equals(p.policy) && priority == p.priority && plan.equals(p.plan) && reason.equals(p.reason)
                && clampAllowed == p.clampAllowed && exclusive == p.exclusive && Objects.equals(target, p.target);
    }

    @Override
    public int hashCode() {
        return Objects.hash(policy, priority, plan, reason, clampAllowed, exclusive, target);
    }

    @Override
    public String toString() {
        return "Proposal{" + policy + " (priority " + priority + "), " + plan + ", reason='" + reason + "'"
                + (clampAllowed ? ", clamp" : "") + (exclusive ? ", exclusive" : "") + '}';
    }

    /** Builder of {@link Proposal}. */
    public static final class Builder {
        private final String policy;
        private final int priority;
        private final HardwarePlan plan;
        private String reason = "";
        private boolean clampAllowed;
        private boolean exclusive;
        private Detection target;

        private Builder(String policy, int priority, HardwarePlan plan) {
            this.policy = Objects.requireNonNull(policy, "policy");
            this.priority = priority;
            this.plan = Objects.requireNonNull(plan, "plan");
        }

        public Builder optReason(String v) {
            reason = Objects.requireNonNull(v, "reason");
            return this;
        }

        public Builder optClampAllowed(boolean v) {
            clampAllowed = v;
            return this;
        }

        public Builder optExclusive(boolean v) {
            exclusive = v;
            return this;
        }

        public Builder optTarget(Detection v) {
            target = v;
            return this;
        }

        public Proposal build() {
            return new Proposal(this);
        }
    }
}
