package org.reflexscope.sim.optics;

import java.util.Objects;
import org.reflexscope.sim.scenario.ObjectiveSettings;

/**
 * An objective's imaging model: pixel size, lateral resolution, depth of field and defocus blur. Immutable.
 *
 * <p><b>Approximations.</b> The in-focus PSF is a Gaussian of σ = 0.21·λ/NA. Defocus by {@code dz} adds a
 * Gaussian of σ = k·|dz| with {@code k = tan(asin(NA/n))/2} (half the geometric blur-cone radius), so a blob of
 * intrinsic size σ₀ is drawn with σ² = σ₀² + σ_psf² + (k·dz)². Depth of field follows Inoué:
 * λ·n/NA² + n·pixel/NA.
 */
public final class Objective {
    private final String name;
    private final double pixelSizeUm;
    private final double na;
    private final double parfocalOffsetUm;
    private final double offsetXUm;
    private final double offsetYUm;
    private final double psfSigmaUm;
    private final double defocusBlurPerUm;
    private final double depthOfFieldUm;

    public Objective(ObjectiveSettings s, double emissionWavelengthNm, double immersionIndex) {
        this.name = Objects.requireNonNull(s, "settings").name();
        this.pixelSizeUm = s.pixelSizeUm();
        this.na = s.na();
        this.parfocalOffsetUm = s.parfocalOffsetUm();
        this.offsetXUm = s.offsetXUm();
        this.offsetYUm = s.offsetYUm();
        double lambdaUm = emissionWavelengthNm / 1000.0;
        this.psfSigmaUm = 0.21 * lambdaUm / na;
        this.defocusBlurPerUm = 0.5 * Math.tan(Math.asin(na / immersionIndex));
        this.depthOfFieldUm = lambdaUm * immersionIndex / (na * na) + immersionIndex * pixelSizeUm / na;
    }

    public String name() {
        return name;
    }

    /** Sample size of one unbinned pixel, µm. */
    public double pixelSizeUm() {
        return pixelSizeUm;
    }

    public double na() {
        return na;
    }

    /** Stage-Z offset of this objective's focal plane relative to the reference objective, µm. */
    public double parfocalOffsetUm() {
        return parfocalOffsetUm;
    }

    /** Sample X offset (µm) of this objective's field centre from the stage position. */
    public double offsetXUm() {
        return offsetXUm;
    }

    /** Sample Y offset (µm) of this objective's field centre from the stage position. */
    public double offsetYUm() {
        return offsetYUm;
    }

    /** σ of the in-focus PSF, µm. */
    public double psfSigmaUm() {
        return psfSigmaUm;
    }

    /** Extra blur σ per µm of defocus. */
    public double defocusBlurPerUm() {
        return defocusBlurPerUm;
    }

    /** Depth of field, µm (total, Inoué's formula). */
    public double depthOfFieldUm() {
        return depthOfFieldUm;
    }

    /** σ in µm of a blob of intrinsic σ {@code intrinsicSigmaUm} seen {@code dzUm} out of focus. */
    public double blurredSigmaUm(double intrinsicSigmaUm, double dzUm) {
        double d = defocusBlurPerUm * dzUm;
        return Math.sqrt(intrinsicSigmaUm * intrinsicSigmaUm + psfSigmaUm * psfSigmaUm + d * d);
    }

    @Override
    public String toString() {
        return "Objective{" + name + ", " + pixelSizeUm + " µm/px, NA " + na + ", DOF " + String.format(
                java.util.Locale.ROOT, "%.2f", depthOfFieldUm) + " µm}";
    }
}
