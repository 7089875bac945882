package org.reflexscope.sim.render;

import java.util.Objects;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.sim.camera.CameraNoise;
import org.reflexscope.sim.camera.ImageFormation;
import org.reflexscope.sim.optics.FocusDrift;
import org.reflexscope.sim.scenario.CameraSettings;
import org.reflexscope.sim.specimen.Specimen;

/**
 * Renders a synthetic {@link Specimen} through the optics ({@link ImageFormation}: background plus blurred Gaussian
 * sprites) and the camera ({@link CameraNoise}: shot and read noise, gain, offset, saturation). Deterministic: the
 * pixels depend only on the view (time, stage, objective, exposure, ...) and its frame key.
 */
public final class SyntheticRenderer implements FrameRenderer {
    private final Specimen specimen;
    private final FocusDrift drift;
    private final CameraSettings camera;
    private final CameraNoise noise;
    private final ImageFormation formation = new ImageFormation();
    private final PixelType pixelType;
    private float[] electrons = new float[0];

    public SyntheticRenderer(Specimen specimen, FocusDrift drift, CameraSettings camera, long seed) {
        this(specimen, drift, camera, new CameraNoise(camera.readNoiseE(), camera.gainAduPerE(), camera.offsetAdu(),
                camera.bitDepth(), seed));
    }

    private SyntheticRenderer(Specimen specimen, FocusDrift drift, CameraSettings camera, CameraNoise noise) {
        this.specimen = Objects.requireNonNull(specimen, "specimen");
        this.drift = Objects.requireNonNull(drift, "drift");
        this.camera = Objects.requireNonNull(camera, "camera");
        this.noise = noise;
        this.pixelType = camera.bitDepth() > 8 ? PixelType.GRAY16 : PixelType.GRAY8;
    }

    @Override
    public PixelType pixelType() {
        return pixelType;
    }

    @Override
    public void render(RenderView v, Object pixels) {
        int n = v.width * v.height;
        if (electrons.length < n) {
            electrons = new float[n];
        }
        double t = v.timeMs;
        double qe = camera.quantumEfficiency();
        float background = (float) (camera.backgroundPhotonsPerPixelPerMs() * v.exposureMs * qe * v.binning
                * v.binning);
        double zOffset = v.stageZUm - (drift.focalPlaneUm(t) + v.objective.parfocalOffsetUm());
        formation.begin(electrons, v.width, v.height, v.originXUm() - drift.driftXUm(t),
                v.originYUm() - drift.driftYUm(t), v.pixelSizeUm(), zOffset,
                v.exposureMs * v.illumination * qe * v.bleachFactor, background, v.objective);
        specimen.emitBlobs(t, formation);
        if (pixelType == PixelType.GRAY16) {
            noise.digitize(electrons, n, background, v.frameKey, (short[]) pixels);
        } else {
            noise.digitize(electrons, n, background, v.frameKey, (byte[]) pixels);
        }
    }

    @Override
    public FrameRenderer copy() {
        return new SyntheticRenderer(specimen, drift, camera, noise.copy());
    }
}
