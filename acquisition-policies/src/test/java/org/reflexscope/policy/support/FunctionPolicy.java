package org.reflexscope.policy.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.policy.engine.AcquisitionPolicy;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.Proposal;
import org.reflexscope.policy.plan.ProposalOutcome;

/** A test policy proposing whatever plan a function returns (or nothing for {@code null}); records outcomes. */
public final class FunctionPolicy implements AcquisitionPolicy {
    private final String name;
    private final int priority;
    private final boolean clamp;
    private final boolean exclusive;
    private final BiFunction<AnalysisResult, MicroscopeState, HardwarePlan> plan;
    private final List<ProposalOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.AtomicInteger resets = new java.util.concurrent.atomic.AtomicInteger();

    public FunctionPolicy(String name, int priority, boolean clamp, boolean exclusive,
            BiFunction<AnalysisResult, MicroscopeState, HardwarePlan> plan) {
        this.name = name;
        this.priority = priority;
        this.clamp = clamp;
        this.exclusive = exclusive;
        this.plan = plan;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public Optional<Proposal> propose(AnalysisResult result, MicroscopeState state, long nowNanos) {
        HardwarePlan p = plan.apply(result, state);
        return p == null ? Optional.empty() : Optional.of(Proposal.builder(name, priority, p)
                .optReason("test").optClampAllowed(clamp).optExclusive(exclusive).build());
    }

    @Override
    public void onOutcome(Proposal proposal, ProposalOutcome outcome) {
        outcomes.add(outcome);
    }

    @Override
    public void reset() {
        resets.incrementAndGet();
    }

    /** How many times the engine asked this policy to forget its memory. */
    public int resets() {
        return resets.get();
    }

    public List<ProposalOutcome> outcomes() {
        synchronized (outcomes) {
            return new ArrayList<>(outcomes);
        }
    }
}
