package org.reflexscope.sim.render;

import org.reflexscope.sim.optics.Objective;

/**
 * Where the microscope looks when one frame is formed: time, stage position, objective, exposure, illumination,
 * bleaching, binning and ROI. A mutable, reusable parameter block (like the ring slot) so that rendering a frame
 * allocates nothing: filled by the microscope under its lock, then read by one {@link FrameRenderer} on the
 * rendering thread. Not thread-safe; never shared between threads while in use.
 */
public final class RenderView {
    /** Simulated time of the frame (start of exposure), ms. */
    public double timeMs;
    public double stageXUm;
    public double stageYUm;
    public double stageZUm;
    public Objective objective;
    public double exposureMs;
    /** Relative excitation intensity. */
    public double illumination;
    /** Remaining fluorescence fraction after photobleaching, 0..1. */
    public double bleachFactor;
    public int binning;
    /** ROI offset on the sensor, unbinned pixels. */
    public int roiX;
    public int roiY;
    /** Output frame size, binned pixels. */
    public int width;
    public int height;
    /** Full sensor size, unbinned pixels. */
    public int sensorWidth;
    public int sensorHeight;
    /** Key of this frame's noise stream: same key, same noise. */
    public long frameKey;

    /** Sample-space size of one output pixel, µm. */
    public double pixelSizeUm() {
        return objective.pixelSizeUm() * binning;
    }

    /**
     * Sample x of the left edge of output column 0, µm (the sensor centre looks at the stage position plus the
     * objective's XY offset).
     */
    public double originXUm() {
        return stageXUm + objective.offsetXUm() + (roiX - sensorWidth / 2.0) * objective.pixelSizeUm();
    }

    /** Sample y of the top edge of output row 0, µm. */
    public double originYUm() {
        return stageYUm + objective.offsetYUm() + (roiY - sensorHeight / 2.0) * objective.pixelSizeUm();
    }

    /** Copies every field of {@code o}. */
    public RenderView set(RenderView o) {
        timeMs = o.timeMs;
        stageXUm = o.stageXUm;
        stageYUm = o.stageYUm;
        stageZUm = o.stageZUm;
        objective = o.objective;
        exposureMs = o.exposureMs;
        illumination = o.illumination;
        bleachFactor = o.bleachFactor;
        binning = o.binning;
        roiX = o.roiX;
        roiY = o.roiY;
        width = o.width;
        height = o.height;
        sensorWidth = o.sensorWidth;
        sensorHeight = o.sensorHeight;
        frameKey = o.frameKey;
        return this;
    }
}
