package org.reflexscope.core.inference;

import java.util.List;
import org.reflexscope.core.inference.internal.DefaultModels;

/** The models embedded in the jar, built by the project at build time (no downloads). */
public final class ModelCatalog {
    /** Default absolute threshold of {@link #denoiseDetector()}, in VST units of the unnormalised DoG. */
    public static final double FUSED_THRESHOLD = 0.1;

    private ModelCatalog() {
    }

    /** The default denoiser: Anscombe VST, separable Gaussian, exact unbiased inverse. */
    public static ModelSource denoiser() {
        return ModelSource.embedded(DefaultModels.DENOISER, ModelSpec.builder()
                .setOutputKind(OutputKind.DENOISED_IMAGE).build());
    }

    /** The default multi-scale DoG blob detector (threshold in the detector input's normalised units). */
    public static ModelSource detector() {
        return ModelSource.embedded(DefaultModels.DETECTOR, ModelSpec.builder()
                .setOutputKind(OutputKind.BLOB_RESPONSE).optThreshold(0.05).optLabel("spot").build());
    }

    /**
     * The default chain's fused denoiser + detector (one session): input {@code r = sqrt(max(x,0) + 3/8)} of the
     * image {@code x} in Poisson-equivalent units (the root of the Anscombe transform, taken by the caller),
     * reflect-padded by {@link #denoiseDetectorInputPadding()} on every side; outputs
     * {@code vst} (the denoiser's smoothed variance-stabilised image, before the inverse) and, at half resolution,
     * {@code nms} and {@code scale} (see {@code DefaultModels.denoiseDetector()}). Its threshold is in VST units
     * (pixel noise σ ≈ 1), not in normalised units; the chain uses it when the denoiser and detector are the defaults.
     */
    public static ModelSource denoiseDetector() {
        return ModelSource.embedded(DefaultModels.DENOISE_DETECTOR, ModelSpec.builder()
                .setOutputKind(OutputKind.BLOB_RESPONSE).optThreshold(FUSED_THRESHOLD).optLabel("spot").build());
    }

    /** Reflect padding (pixels on every side) that the input of {@link #denoiseDetector()} carries. */
    public static int denoiseDetectorInputPadding() {
        return DefaultModels.fusedInputPadding();
    }

    /** Blob σ (full-resolution pixels) matched by each scale index of {@link #denoiseDetector()}. */
    public static double[] denoiseDetectorBlobSigmas() {
        double[] s = new double[DefaultModels.detectorScaleCount()];
        for (int i = 0; i < s.length; i++) {
            s[i] = DefaultModels.fusedBlobSigma(i);
        }
        return s;
    }

    /** Blob σ (pixels of the detector's input) matched by each scale index of {@link #detector()}. */
    public static double[] detectorBlobSigmas() {
        double[] s = new double[DefaultModels.detectorScaleCount()];
        for (int i = 0; i < s.length; i++) {
            s[i] = DefaultModels.blobSigma(i);
        }
        return s;
    }

    /**
     * The default denoiser for a camera with {@code gain} (counts per photo-electron), {@code offset} (counts) and
     * {@code readNoise} (rms electrons): its spec maps counts to Poisson-equivalent units
     * {@code (raw − offset)/gain + readNoise²} before the model (the generalised Anscombe transform) and back after.
     */
    public static ModelSource denoiser(double gain, double offset, double readNoise) {
        if (!(gain > 0) || !(readNoise >= 0)) {
            throw new IllegalArgumentException("Camera gain must be > 0 and read noise >= 0, got " + gain + ", "
                    + readNoise);
        }
        double rn2 = readNoise * readNoise;
        ModelSpec spec = ModelSpec.builder().setOutputKind(OutputKind.DENOISED_IMAGE)
                .addPreprocessing(Normalization.scaleLinear(1 / gain, -offset / gain + rn2))
                .addPostprocessing(Normalization.scaleLinear(gain, offset - rn2 * gain)).build();
        return ModelSource.embedded(DefaultModels.DENOISER, spec);
    }

    /**
     * The standalone embedded models, denoiser first (those a user can place or replace one by one; the default
     * chain's fused combination of the two is {@link #denoiseDetector()}).
     */
    public static List<ModelSource> embedded() {
        return List.of(denoiser(), detector());
    }
}
