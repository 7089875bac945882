package org.reflexscope.policy.rate;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.policy.engine.AcquisitionPolicy;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.Proposal;
import org.reflexscope.policy.plan.ProposalOutcome;
import org.reflexscope.policy.plan.SetFrameInterval;

/**
 * Event-driven acquisition (as in Mahecic et al., Nat. Methods 2022): image slowly while nothing happens and fast
 * while an event is under way, to spend light only where it matters.
 *
 * <p>The event score is the result's named score ({@link AnalysisResult#EVENT_SCORE} by default) or, when an
 * event label is set, the highest score of the detections with that label (0 if none). With hysteresis: in slow
 * mode a score at or above {@code upper} switches to the fast interval; in fast mode the score must fall to or
 * below {@code lower} to switch back. A mode is kept at least its minimum dwell ({@code minFastDwell} for fast,
 * {@code minSlowDwell} for slow) so that a noisy score cannot make the rate flap. The first result sets the slow
 * interval when the microscope runs at another one. A switch counts once executed (or dry-run); a switch that was
 * held or rejected is proposed again. Not thread-safe.
 */
public final class AdaptiveRatePolicy implements AcquisitionPolicy {
    /** Default priority: lowest of the built-in policies (a rate change never moves anything). */
    public static final int DEFAULT_PRIORITY = 10;
    /** Default least time in fast imaging once it started, s. */
    public static final double DEFAULT_MIN_FAST_DWELL_S = 3;

    /** The two rates. */
    public enum Mode {
        SLOW, FAST
    }

    private final String name;
    private final int priority;
    private final double slowMs;
    private final double fastMs;
    private final double upper;
    private final double lower;
    private final long minFastDwellNanos;
    private final long minSlowDwellNanos;
    private final String scoreName;
    private final String eventLabel;

    private Mode mode;
    private long since;
    private Mode proposed;
    private long proposedAt;

    private AdaptiveRatePolicy(Builder b) {
        this.name = b.name;
        this.priority = b.priority;
        this.slowMs = b.slowMs;
        this.fastMs = b.fastMs;
        this.upper = b.upper;
        this.lower = b.lower;
        this.minFastDwellNanos = b.minFastDwell.toNanos();
        this.minSlowDwellNanos = b.minSlowDwell.toNanos();
        this.scoreName = b.scoreName;
        this.eventLabel = b.eventLabel;
    }

    /**
     * A builder switching between {@code slowIntervalMs} and {@code fastIntervalMs} on an event score with
     * thresholds {@code lower < upper}.
     */
    public static Builder builder(double slowIntervalMs, double fastIntervalMs, double lower, double upper) {
        return new Builder(slowIntervalMs, fastIntervalMs, lower, upper);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return priority;
    }

    /** The current mode as far as executed switches go; empty before the first one is known. */
    public Optional<Mode> mode() {
        return Optional.ofNullable(mode);
    }

    /** The event score of {@code r} as this policy reads it; {@code NaN} if the result has none. */
    public double eventScore(AnalysisResult r) {
        if (!eventLabel.isEmpty()) {
            double best = 0;
            for (Detection d : r.detections()) {
                if (eventLabel.equals(d.label()) && d.score() > best) {
                    best = d.score();
                }
            }
            return best;
        }
        return r.score(scoreName).orElse(Double.NaN);
    }

    @Override
    public Optional<Proposal> propose(AnalysisResult r, MicroscopeState s, long nowNanos) {
        proposed = null;
        if (mode == null) {
            if (Double.compare(s.frameIntervalMs(), slowMs) == 0) {
                mode = Mode.SLOW;
                since = nowNanos;
            } else {
                return Optional.of(switchTo(Mode.SLOW, nowNanos, "start at the slow interval"));
            }
        }
        double score = eventScore(r);
        if (Double.isNaN(score)) {
            return Optional.empty();
        }
        long dwell = nowNanos - since;
        if (mode == Mode.SLOW && score >= upper && dwell >= minSlowDwellNanos) {
            return Optional.of(switchTo(Mode.FAST, nowNanos, "event score " + (float) score + " >= upper "
                    + (float) upper));
        }
        if (mode == Mode.FAST && score <= lower && dwell >= minFastDwellNanos) {
            return Optional.of(switchTo(Mode.SLOW, nowNanos, "event score " + (float) score + " <= lower "
                    + (float) lower + " after " + (float) (dwell / 1e9) + " s fast"));
        }
        return Optional.empty();
    }

    private Proposal switchTo(Mode m, long now, String reason) {
        proposed = m;
        proposedAt = now;
        double ms = m == Mode.FAST ? fastMs : slowMs;
        return Proposal.builder(name, priority, HardwarePlan.of(name, SetFrameInterval.ms(ms)))
                .optReason(reason + " -> " + m + " (" + (float) ms + " ms)").build();
    }

    @Override
    public void onOutcome(Proposal proposal, ProposalOutcome outcome) {
        if (proposed != null && (outcome == ProposalOutcome.EXECUTED || outcome == ProposalOutcome.DRY_RUN)) {
            mode = proposed;
            since = proposedAt;
        }
        proposed = null;
    }

    @Override
    public void reset() {
        mode = null;
        proposed = null;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "AdaptiveRatePolicy{%s, slow %.1f ms, fast %.1f ms, lower %.3f, upper "
                + "%.3f, dwell fast %.1f s slow %.1f s, score %s}", name, slowMs, fastMs, lower, upper,
                minFastDwellNanos / 1e9, minSlowDwellNanos / 1e9, eventLabel.isEmpty() ? "'" + scoreName + "'"
                        : "label '" + eventLabel + "'");
    }

    /** Builder of {@link AdaptiveRatePolicy}. */
    public static final class Builder {
        private final double slowMs;
        private final double fastMs;
        private final double lower;
        private final double upper;
        private String name = "rate";
        private int priority = DEFAULT_PRIORITY;
        private Duration minFastDwell = Duration.ofMillis(Math.round(DEFAULT_MIN_FAST_DWELL_S * 1000));
        private Duration minSlowDwell = Duration.ZERO;
        private String scoreName = AnalysisResult.EVENT_SCORE;
        private String eventLabel = "";

        private Builder(double slowMs, double fastMs, double lower, double upper) {
            if (!(fastMs >= 0) || !(slowMs > fastMs) || !Double.isFinite(slowMs)) {
                throw new IllegalArgumentException("Need finite intervals with slow > fast >= 0 ms, got slow="
                        + slowMs + " fast=" + fastMs);
            }
            if (!(lower < upper) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
                throw new IllegalArgumentException("Need finite thresholds with lower < upper (hysteresis), got "
                        + "lower=" + lower + " upper=" + upper);
            }
            this.slowMs = slowMs;
            this.fastMs = fastMs;
            this.lower = lower;
            this.upper = upper;
        }

        public Builder optName(String v) {
            name = Objects.requireNonNull(v, "name");
            return this;
        }

        public Builder optPriority(int v) {
            priority = v;
            return this;
        }

        /** Least time in fast mode before switching back to slow (default {@value #DEFAULT_MIN_FAST_DWELL_S} s). */
        public Builder optMinFastDwell(Duration v) {
            minFastDwell = nonNegative(v);
            return this;
        }

        /** Least time in slow mode before switching to fast (default 0: react at once). */
        public Builder optMinSlowDwell(Duration v) {
            minSlowDwell = nonNegative(v);
            return this;
        }

        /** Name of the result score to read (default {@link AnalysisResult#EVENT_SCORE}). */
        public Builder optScoreName(String v) {
            scoreName = Objects.requireNonNull(v, "scoreName");
            return this;
        }

        /** Read the event score from detections with this label instead (their highest score, 0 if none). */
        public Builder optEventLabel(String v) {
            eventLabel = Objects.requireNonNull(v, "eventLabel");
            return this;
        }

        private static Duration nonNegative(Duration v) {
            if (v.isNegative()) {
                throw new IllegalArgumentException("Dwell must be >= 0, got " + v);
            }
            return v;
        }

        public AdaptiveRatePolicy build() {
            return new AdaptiveRatePolicy(this);
        }
    }
}
