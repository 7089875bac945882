package org.reflexscope.sim.specimen;

/**
 * Receives the Gaussian blobs a {@link Specimen} is made of at one instant, without allocating: the renderer
 * implements it. Coordinates in sample µm ({@code z} relative to the focal surface).
 */
@FunctionalInterface
public interface BlobSink {
    /**
     * One isotropic Gaussian blob.
     *
     * @param sigmaUm intrinsic size (standard deviation) of the object before optical blur
     * @param photonsPerMs photons per ms the blob sends into the objective at illumination 1, before bleaching
     */
    void blob(double xUm, double yUm, double zUm, double sigmaUm, double photonsPerMs);
}
