package org.reflexscope.core.pipeline;

import java.util.Objects;

/**
 * Frames were lost before they reached the ring (contract 1 in docs/architecture.md): an immutable value passed to
 * {@link PipelineEvents#onDataLoss}.
 */
public final class DataLossAlarm {

    /** How the loss was detected. */
    public enum Kind {
        /** {@link org.reflexscope.core.source.FrameSource#framesLostUpstream()} increased (e.g. camera buffer overflow). */
        REPORTED_BY_SOURCE,
        /** The camera's image numbers jumped: the missing numbers were never delivered. */
        IMAGE_NUMBER_GAP,
        /** The source produced a frame the ring could not hold (e.g. a frame larger than the slots); not published. */
        FRAME_REJECTED
    }

    private final Kind kind;
    private final long lostNow;
    private final long lostTotal;
    private final long atSequence;
    private final long atImageNumber;
    private final String detail;

    /**
     * @param kind how the loss was detected
     * @param lostNow frames lost in this incident
     * @param lostTotal frames lost so far of this kind, this incident included
     * @param atSequence the publish sequence the next good frame gets (or got)
     * @param atImageNumber the image number of the frame after which the loss was seen
     * @param detail a human-readable explanation and what to do
     */
    public DataLossAlarm(Kind kind, long lostNow, long lostTotal, long atSequence, long atImageNumber,
            String detail) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.lostNow = lostNow;
        this.lostTotal = lostTotal;
        this.atSequence = atSequence;
        this.atImageNumber = atImageNumber;
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    public Kind kind() {
        return kind;
    }

    /** Frames lost in this incident. */
    public long lostNow() {
        return lostNow;
    }

    /** Frames lost so far of this {@link #kind()}, this incident included. */
    public long lostTotal() {
        return lostTotal;
    }

    /** The publish sequence of the next frame published after the loss. */
    public long atSequence() {
        return atSequence;
    }

    /** The camera image number around which the loss was seen. */
    public long atImageNumber() {
        return atImageNumber;
    }

    /** What happened and what to do. */
    public String detail() {
        return detail;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DataLossAlarm)) {
            return false;
        }
        DataLossAlarm a = (DataLossAlarm) o;
        return kind == a.kind && lostNow == a.lostNow && lostTotal == a.lostTotal && atSequence == a.atSequence
                && atImageNumber == a.atImageNumber && detail.equals(a.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, lostNow, lostTotal, atSequence, atImageNumber, detail);
    }

    @Override
    public String toString() {
        return "DataLossAlarm{" + kind + ", lost " + lostNow + " (total " + lostTotal + ") at sequence "
                + atSequence + ", image " + atImageNumber + ": " + detail + '}';
    }
}
