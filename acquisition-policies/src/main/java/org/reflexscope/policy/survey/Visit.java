package org.reflexscope.policy.survey;

import java.util.Locale;
import java.util.Objects;

/**
 * What happened at one target: where the stage was when the visit acquired (µm), how far the short look moved it,
 * and how it ended. Immutable.
 */
public final class Visit {
    /** How a visit ended. */
    public enum Outcome {
        /** Re-centred on the object the look found nearest the centre, then acquired. */
        CENTRED,
        /** Acquired where the calibrated offset put the target: re-centring off, or the look found no object. */
        UNCORRECTED,
        /** The safety envelope refused a move; nothing was acquired. */
        REFUSED,
        /** Not made: it would have taken the survey past its time or light budget. Nothing moved or was acquired. */
        OVER_BUDGET;

        /** Whether the visit acquired (centred or uncorrected). */
        public boolean acquired() {
            return this == CENTRED || this == UNCORRECTED;
        }
    }

    private final SurveyTarget target;
    private final Outcome outcome;
    private final double stageXUm;
    private final double stageYUm;
    private final double correctionUm;
    private final int frames;
    private final String reason;

    public Visit(SurveyTarget target, Outcome outcome, double stageXUm, double stageYUm, double correctionUm,
            int frames, String reason) {
        this.target = Objects.requireNonNull(target, "target");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.stageXUm = stageXUm;
        this.stageYUm = stageYUm;
        this.correctionUm = correctionUm;
        this.frames = frames;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public SurveyTarget target() {
        return target;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Stage X at acquisition (NaN if refused). */
    public double stageXUm() {
        return stageXUm;
    }

    public double stageYUm() {
        return stageYUm;
    }

    /** Length of the re-centring correction, µm (0 if none). */
    public double correctionUm() {
        return correctionUm;
    }

    /** Frames acquired at high resolution. */
    public int frames() {
        return frames;
    }

    /** Why the visit was refused or left uncorrected; empty otherwise. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Visit{target %d, %s, stage (%.1f, %.1f) µm, corrected %.1f µm%s}",
                target.id(), outcome, stageXUm, stageYUm, correctionUm, reason.isEmpty() ? "" : ", " + reason);
    }
}
