package org.reflexscope.core.detect;

import java.util.Objects;

/**
 * One object found in a frame: an immutable value.
 *
 * <p>Pixel coordinates are in the frame as the camera delivered it (after camera binning, before any analysis
 * binning; {@code (0,0)} is the centre of the top-left pixel). Stage coordinates are in µm: the stage position of
 * the frame plus the {@link org.reflexscope.core.frame.PixelCalibration calibrated} offset from the image centre;
 * {@code NaN} when the frame carries no stage position or pixel size.
 */
public final class Detection {
    private final long id;
    private final double xPx;
    private final double yPx;
    private final double xUm;
    private final double yUm;
    private final double sizePx;
    private final double score;
    private final String label;
    private final double intensity;
    private final double elongation;
    private final double flux;

    private Detection(Builder b) {
        this.id = b.id;
        this.xPx = b.xPx;
        this.yPx = b.yPx;
        this.xUm = b.xUm;
        this.yUm = b.yUm;
        this.sizePx = b.sizePx;
        this.score = b.score;
        this.label = b.label;
        this.intensity = b.intensity;
        this.elongation = b.elongation;
        this.flux = b.flux;
    }

    /** A builder; position in pixels is required. */
    public static Builder builder(double xPx, double yPx) {
        return new Builder(xPx, yPx);
    }

    public Builder toBuilder() {
        Builder b = new Builder(xPx, yPx);
        b.id = id;
        b.xUm = xUm;
        b.yUm = yUm;
        b.sizePx = sizePx;
        b.score = score;
        b.label = label;
        b.intensity = intensity;
        b.elongation = elongation;
        b.flux = flux;
        return b;
    }

    /** Identity within the frame, or across frames when a tracker assigned it; {@code -1} if none. */
    public long id() {
        return id;
    }

    public double xPx() {
        return xPx;
    }

    public double yPx() {
        return yPx;
    }

    public double xUm() {
        return xUm;
    }

    public double yUm() {
        return yUm;
    }

    /** Equivalent diameter in pixels (e.g. 2·√2·σ of the matched blob scale, or of the region's area). */
    public double sizePx() {
        return sizePx;
    }

    /** Detector confidence or filter response; larger is more certain. */
    public double score() {
        return score;
    }

    /** Class label (e.g. {@code "spot"}, {@code "nucleus"}, {@code "dividing"}). */
    public String label() {
        return label;
    }

    /** Mean background-subtracted intensity of the object, in raw camera units. */
    public double intensity() {
        return intensity;
    }

    /** Ratio of major to minor axis from second moments (1 for round; a dividing cell elongates). */
    public double elongation() {
        return elongation;
    }

    /**
     * Integrated background-subtracted light of the object: the analysed image's units summed over the object's own
     * pixels (those nearer to it than to any other object, within its measurement window); {@code NaN} when the
     * detector does not measure it. Unlike {@link #intensity()} (a mean over the object's core) it does not change
     * when the same light spreads out, as in a cell that stretches before it divides.
     */
    public double flux() {
        return flux;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Detection)) {
            return false;
        }
        Detection d = (Detection) o;
        return id == d.id && Double.compare(xPx, d.xPx) == 0 && Double.compare(yPx, d.yPx) == 0
                && Double.compare(xUm, d.xUm) == 0 && Double.compare(yUm, d.yUm) == 0
                && Double.compare(sizePx, d.sizePx) == 0 && Double.compare(score, d.score) == 0
                && label.equals(d.label) && Double.compare(intensity, d.intensity) == 0
                && Double.compare(elongation, d.elongation) == 0 && Double.compare(flux, d.flux) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, xPx, yPx, xUm, yUm, sizePx, score, label, intensity, elongation, flux);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "Detection{id=%d, px=(%.2f, %.2f), um=(%.3f, %.3f), size=%.2f, score=%.3f, label=%s, "
                        + "intensity=%.1f, elongation=%.2f, flux=%.1f}", id, xPx, yPx, xUm, yUm, sizePx, score,
                label, intensity, elongation, flux);
    }

    /** Builder of {@link Detection}. */
    public static final class Builder {
        private long id = -1;
        private final double xPx;
        private final double yPx;
        private double xUm = Double.NaN;
        private double yUm = Double.NaN;
        private double sizePx = Double.NaN;
        private double score = Double.NaN;
        private String label = "object";
        private double intensity = Double.NaN;
        private double elongation = 1.0;
        private double flux = Double.NaN;

        private Builder(double xPx, double yPx) {
            this.xPx = xPx;
            this.yPx = yPx;
        }

        public Builder optId(long v) {
            id = v;
            return this;
        }

        public Builder optStage(double xUmValue, double yUmValue) {
            xUm = xUmValue;
            yUm = yUmValue;
            return this;
        }

        public Builder optSizePx(double v) {
            sizePx = v;
            return this;
        }

        public Builder optScore(double v) {
            score = v;
            return this;
        }

        public Builder optLabel(String v) {
            label = Objects.requireNonNull(v, "label");
            return this;
        }

        public Builder optIntensity(double v) {
            intensity = v;
            return this;
        }

        public Builder optElongation(double v) {
            elongation = v;
            return this;
        }

        public Builder optFlux(double v) {
            flux = v;
            return this;
        }

        public Detection build() {
            return new Detection(this);
        }
    }
}
