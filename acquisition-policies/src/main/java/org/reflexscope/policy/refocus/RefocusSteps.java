package org.reflexscope.policy.refocus;

import java.util.Locale;

/**
 * The Z steps of {@link RefocusPolicy} as a whole: the hold step, the full search's half-range and its coarse and
 * fine steps, all in µm. Immutable.
 *
 * <p>{@link #forDepthOfField} scales them with the objective's depth of field (total, µm), so that one rule serves a
 * 10X and a 40X objective alike: hold step and fine step = DOF / 6, coarse step = DOF / 3, half-range = 5 × DOF / 3.
 * With a 3 µm depth of field (a 20X / NA 0.5 dry objective at 520 nm) that gives 0.5 / 1 / 0.5 / 5 µm, the steps
 * {@link #UNKNOWN_OPTICS} uses when the depth of field is not known.
 */
public final class RefocusSteps {
    /** The steps used when the optics are unknown: those of a 3 µm depth of field. */
    public static final RefocusSteps UNKNOWN_OPTICS = new RefocusSteps(0.5, 5, 1, 0.5);

    private final double holdStepUm;
    private final double searchRangeUm;
    private final double coarseStepUm;
    private final double fineStepUm;

    private RefocusSteps(double holdStepUm, double searchRangeUm, double coarseStepUm, double fineStepUm) {
        this.holdStepUm = holdStepUm;
        this.searchRangeUm = searchRangeUm;
        this.coarseStepUm = coarseStepUm;
        this.fineStepUm = fineStepUm;
    }

    /**
     * The steps for an objective of total depth of field {@code dofUm}.
     *
     * @throws IllegalArgumentException if {@code dofUm} is not a finite number &gt; 0
     */
    public static RefocusSteps forDepthOfField(double dofUm) {
        if (!(dofUm > 0) || !Double.isFinite(dofUm)) {
            throw new IllegalArgumentException("Depth of field must be a finite number > 0 µm, got " + dofUm);
        }
        return new RefocusSteps(dofUm / 6, 5 * dofUm / 3, dofUm / 3, dofUm / 6);
    }

    /**
     * Total depth of field (µm) by Inoué's formula, λ·n/NA² + n·e/NA, with {@code e} the camera pixel's size in
     * the sample (the detector pixel over the magnification).
     *
     * @param wavelengthNm emission wavelength, nm
     * @param immersionIndex refractive index of the immersion medium (1.0 air, 1.33 water, 1.515 oil)
     * @param na numerical aperture, below {@code immersionIndex}
     * @param samplePixelUm size of one camera pixel in the sample, µm (0 leaves out the detector term)
     * @throws IllegalArgumentException for a value out of range
     */
    public static double depthOfFieldUm(double wavelengthNm, double immersionIndex, double na,
            double samplePixelUm) {
        if (!(wavelengthNm > 0) || !(immersionIndex >= 1) || !(na > 0 && na < immersionIndex)
                || !(samplePixelUm >= 0) || !Double.isFinite(wavelengthNm + immersionIndex + samplePixelUm)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "Depth of field needs a wavelength > 0, "
                    + "an immersion index >= 1, 0 < NA < index and a pixel size >= 0; got %s nm, n %s, NA %s, "
                    + "%s µm", wavelengthNm, immersionIndex, na, samplePixelUm));
        }
        double lambdaUm = wavelengthNm / 1000;
        return lambdaUm * immersionIndex / (na * na) + immersionIndex * samplePixelUm / na;
    }

    /** Hold (hill-climb) step, µm. */
    public double holdStepUm() {
        return holdStepUm;
    }

    /** Half-range of a full search around the current Z, µm. */
    public double searchRangeUm() {
        return searchRangeUm;
    }

    /** Coarse step of a full search, µm. */
    public double coarseStepUm() {
        return coarseStepUm;
    }

    /** Fine step of a full search, µm (smaller than the coarse one). */
    public double fineStepUm() {
        return fineStepUm;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "RefocusSteps{hold %.3g µm, search ±%.3g µm, coarse %.3g µm, fine %.3g µm}",
                holdStepUm, searchRangeUm, coarseStepUm, fineStepUm);
    }
}
