package org.reflexscope.policy.track;

import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.frame.PixelCalibration;
import org.reflexscope.policy.hardware.MicroscopeState;

/**
 * Where a detection is on the stage: the stage coordinates (µm) that put it at the image centre. Uses the
 * detection's own stage coordinates when the analyzer filled them in; otherwise the frame's stage position at
 * exposure (or the current state's) plus the calibrated offset of the detection from the image centre, through the
 * pixel-to-stage map (rotation and flip included). Stateless.
 */
public final class StageGeometry {
    private StageGeometry() {
    }

    /**
     * Stage {@code {x, y}} in µm of {@code d}, or {@code null} when neither the detection nor the frame and state
     * give a calibration.
     */
    public static double[] stagePosition(Detection d, AnalysisResult r, MicroscopeState s) {
        if (Double.isFinite(d.xUm()) && Double.isFinite(d.yUm())) {
            return new double[] {d.xUm(), d.yUm()};
        }
        PixelCalibration cal = calibration(r, s);
        if (cal == null) {
            return null;
        }
        double sx = Double.isFinite(r.frame().stageXUm()) ? r.frame().stageXUm() : s.xUm();
        double sy = Double.isFinite(r.frame().stageYUm()) ? r.frame().stageYUm() : s.yUm();
        double dxPx = d.xPx() - centreX(r, s);
        double dyPx = d.yPx() - centreY(r, s);
        return new double[] {sx + cal.dxUm(dxPx, dyPx), sy + cal.dyUm(dxPx, dyPx)};
    }

    /** The state's calibration, or one made from the frame's pixel size; {@code null} if neither is known. */
    public static PixelCalibration calibration(AnalysisResult r, MicroscopeState s) {
        if (s.calibration() != null) {
            return s.calibration();
        }
        double px = r.frame().pixelSizeUm();
        return px > 0 ? PixelCalibration.ofPixelSize(px) : null;
    }

    /** X of the image centre in pixels ({@code (0,0)} is the centre of the top-left pixel). */
    public static double centreX(AnalysisResult r, MicroscopeState s) {
        int w = r.frameWidth() > 0 ? r.frameWidth() : s.imageWidth();
        return (w - 1) / 2.0;
    }

    /** Y of the image centre in pixels. */
    public static double centreY(AnalysisResult r, MicroscopeState s) {
        int h = r.frameHeight() > 0 ? r.frameHeight() : s.imageHeight();
        return (h - 1) / 2.0;
    }
}
