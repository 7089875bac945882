package org.reflexscope.policy.session;

import java.util.Objects;
import java.util.Optional;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.policy.engine.AcquisitionPolicy;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.plan.Proposal;
import org.reflexscope.policy.plan.ProposalOutcome;

/**
 * Runs a policy on the frames' camera clock ({@link PolicyClock#CAMERA}): {@code nowNanos} passed to the policy is
 * the analysed frame's camera time, so its cooldowns and dwell times count the sample's time, not the wall's.
 * Name, priority, outcomes and resets pass straight through. Threads as {@link AcquisitionPolicy}.
 */
final class CameraClockPolicy implements AcquisitionPolicy {
    private final AcquisitionPolicy delegate;

    CameraClockPolicy(AcquisitionPolicy delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public int priority() {
        return delegate.priority();
    }

    @Override
    public Optional<Proposal> propose(AnalysisResult result, MicroscopeState state, long nowNanos) {
        double ms = result.frame().cameraTimeMs();
        long now = Double.isFinite(ms) ? Math.round(ms * 1e6) : nowNanos;
        return delegate.propose(result, state, now);
    }

    @Override
    public void onOutcome(Proposal proposal, ProposalOutcome outcome) {
        delegate.onOutcome(proposal, outcome);
    }

    @Override
    public void reset() {
        delegate.reset();
    }

    @Override
    public String toString() {
        return delegate + " (camera clock)";
    }
}
