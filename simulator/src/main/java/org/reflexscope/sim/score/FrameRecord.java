package org.reflexscope.sim.score;

import java.util.Objects;

/**
 * One live frame of a run as the scorer sees it: when it was taken, where the stage was, what part of the sample
 * the frame showed, where the true focal plane and the tracked target were, and the light dose it cost. Immutable; made with {@link #builder()}.
 * Unknown values are {@code NaN} (e.g. no target).
 */
public final class FrameRecord {
    private final long imageNumber;
    private final double timeMs;
    private final double stageXUm;
    private final double stageYUm;
    private final double stageZUm;
    private final double focalPlaneUm;
    private final double targetXUm;
    private final double targetYUm;
    private final double doseMs;
    private final double fieldMinXUm;
    private final double fieldMinYUm;
    private final double fieldMaxXUm;
    private final double fieldMaxYUm;

    private FrameRecord(Builder b) {
        imageNumber = b.imageNumber;
        timeMs = b.timeMs;
        stageXUm = b.stageXUm;
        stageYUm = b.stageYUm;
        stageZUm = b.stageZUm;
        focalPlaneUm = b.focalPlaneUm;
        targetXUm = b.targetXUm;
        targetYUm = b.targetYUm;
        doseMs = b.doseMs;
        fieldMinXUm = b.fieldMinXUm;
        fieldMinYUm = b.fieldMinYUm;
        fieldMaxXUm = b.fieldMaxXUm;
        fieldMaxYUm = b.fieldMaxYUm;
    }

    /** A frame at {@code timeMs} with image number {@code imageNumber}; every other field unknown or 0. */
    public static Builder builder() {
        return new Builder();
    }

    public long imageNumber() {
        return imageNumber;
    }

    /** Simulated (or camera) time of the frame, ms since the run started. */
    public double timeMs() {
        return timeMs;
    }

    public double stageXUm() {
        return stageXUm;
    }

    public double stageYUm() {
        return stageYUm;
    }

    public double stageZUm() {
        return stageZUm;
    }

    /** Stage Z that would have been in focus (ground truth), or {@code NaN}. */
    public double focalPlaneUm() {
        return focalPlaneUm;
    }

    /** Focus error {@code stageZ − focalPlane}, µm ({@code NaN} if unknown). */
    public double focusErrorUm() {
        return stageZUm - focalPlaneUm;
    }

    /** True x of the tracked target (stage µm), or {@code NaN}. */
    public double targetXUm() {
        return targetXUm;
    }

    public double targetYUm() {
        return targetYUm;
    }

    /** Distance from the field centre (stage XY) to the target, µm ({@code NaN} if no target). */
    public double trackingErrorUm() {
        return Math.hypot(targetXUm - stageXUm, targetYUm - stageYUm);
    }

    /** Light dose of this frame: exposure ms × relative illumination. */
    public double doseMs() {
        return doseMs;
    }

    /**
     * Whether the frame showed the sample point {@code (xUm, yUm)} (stage µm); true when the frame's field was not
     * recorded ({@link Builder#optField}).
     */
    public boolean shows(double xUm, double yUm) {
        if (Double.isNaN(fieldMinXUm)) {
            return true;
        }
        return xUm >= fieldMinXUm && xUm <= fieldMaxXUm && yUm >= fieldMinYUm && yUm <= fieldMaxYUm;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FrameRecord)) {
            return false;
        }
        FrameRecord r = (FrameRecord) o;
        return imageNumber == r.imageNumber && Double.compare(timeMs, r.timeMs) == 0
                && Double.compare(stageXUm, r.stageXUm) == 0 && Double.compare(stageYUm, r.stageYUm) == 0
                && Double.compare(stageZUm, r.stageZUm) == 0 && Double.compare(focalPlaneUm, r.focalPlaneUm) == 0
                && Double.compare(targetXUm, r.targetXUm) == 0 && Double.compare(targetYUm, r.targetYUm) == 0
                && Double.compare(doseMs, r.doseMs) == 0 && Double.compare(fieldMinXUm, r.fieldMinXUm) == 0
                && Double.compare(fieldMinYUm, r.fieldMinYUm) == 0 && Double.compare(fieldMaxXUm, r.fieldMaxXUm) == 0
                && Double.compare(fieldMaxYUm, r.fieldMaxYUm) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(imageNumber, timeMs, stageXUm, stageYUm, stageZUm, focalPlaneUm, targetXUm, targetYUm,
                doseMs, fieldMinXUm, fieldMinYUm, fieldMaxXUm, fieldMaxYUm);
    }

    @Override
    public String toString() {
        return "FrameRecord{#" + imageNumber + ", t=" + timeMs + " ms, stage=(" + stageXUm + ", " + stageYUm + ", "
                + stageZUm + "), focal=" + focalPlaneUm + ", target=(" + targetXUm + ", " + targetYUm + "), dose="
                + doseMs + '}';
    }

    /** Builder of {@link FrameRecord}: {@code set*} required, {@code opt*} optional. */
    public static final class Builder {
        private long imageNumber = -1;
        private double timeMs = Double.NaN;
        private double stageXUm = Double.NaN;
        private double stageYUm = Double.NaN;
        private double stageZUm = Double.NaN;
        private double focalPlaneUm = Double.NaN;
        private double targetXUm = Double.NaN;
        private double targetYUm = Double.NaN;
        private double doseMs;
        private double fieldMinXUm = Double.NaN;
        private double fieldMinYUm = Double.NaN;
        private double fieldMaxXUm = Double.NaN;
        private double fieldMaxYUm = Double.NaN;

        private Builder() {
        }

        public Builder setFrame(long imageNumber, double timeMs) {
            this.imageNumber = imageNumber;
            this.timeMs = timeMs;
            return this;
        }

        public Builder setStage(double xUm, double yUm, double zUm) {
            stageXUm = xUm;
            stageYUm = yUm;
            stageZUm = zUm;
            return this;
        }

        public Builder optFocalPlaneUm(double v) {
            focalPlaneUm = v;
            return this;
        }

        public Builder optTarget(double xUm, double yUm) {
            targetXUm = xUm;
            targetYUm = yUm;
            return this;
        }

        public Builder optDoseMs(double v) {
            doseMs = v;
            return this;
        }

        /** The part of the sample the frame showed, stage µm (default: not recorded, {@link #shows} is true). */
        public Builder optField(double minXUm, double minYUm, double maxXUm, double maxYUm) {
            if (!(minXUm <= maxXUm && minYUm <= maxYUm)) {
                throw new IllegalArgumentException("A frame's field needs min <= max, got x " + minXUm + ".." + maxXUm
                        + ", y " + minYUm + ".." + maxYUm);
            }
            fieldMinXUm = minXUm;
            fieldMinYUm = minYUm;
            fieldMaxXUm = maxXUm;
            fieldMaxYUm = maxYUm;
            return this;
        }

        /** @throws IllegalStateException if {@link #setFrame} or {@link #setStage} was not called */
        public FrameRecord build() {
            if (imageNumber < 0 || Double.isNaN(timeMs)) {
                throw new IllegalStateException("A frame record needs setFrame(imageNumber >= 0, timeMs)");
            }
            if (Double.isNaN(stageXUm) || Double.isNaN(stageYUm) || Double.isNaN(stageZUm)) {
                throw new IllegalStateException("A frame record needs setStage(x, y, z)");
            }
            return new FrameRecord(this);
        }
    }
}
