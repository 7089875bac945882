package org.reflexscope.sim.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The simulated camera and its illumination: sensor size, bit depth, exposure, frame interval, binning, ROI and
 * the noise model (quantum efficiency, read noise, gain, offset, background). Part of a {@link Scenario}.
 */
public final class CameraSettings {
    private final int width;
    private final int height;
    private final int bitDepth;
    private final double exposureMs;
    private final double frameIntervalMs;
    private final int binning;
    private final List<Integer> roi;
    private final double quantumEfficiency;
    private final double readNoiseE;
    private final double gainAduPerE;
    private final double offsetAdu;
    private final double backgroundPhotonsPerPixelPerMs;
    private final double illumination;
    private final List<String> channels;
    private final String channel;
    private final int bufferFrames;

    CameraSettings() {
        width = 256;
        height = 256;
        bitDepth = 16;
        exposureMs = 20.0;
        frameIntervalMs = 50.0;
        binning = 1;
        roi = new ArrayList<>();
        quantumEfficiency = 0.8;
        readNoiseE = 1.6;
        gainAduPerE = 1.0;
        offsetAdu = 100.0;
        backgroundPhotonsPerPixelPerMs = 1.0;
        illumination = 1.0;
        channels = new ArrayList<>(List.of("GFP", "DAPI"));
        channel = "GFP";
        bufferFrames = 0;
    }

    void validate() {
        Check.range("camera.width", width, 8, 8192);
        Check.range("camera.height", height, 8, 8192);
        Check.range("camera.bitDepth", bitDepth, 8, 16);
        Check.range("camera.exposureMs", exposureMs, 0.001, 60000);
        Check.range("camera.frameIntervalMs", frameIntervalMs, 0, 3.6e6);
        Check.oneOf("camera.binning", binning, List.of(1, 2, 4, 8));
        Check.notNull("camera.roi", roi);
        if (!roi.isEmpty()) {
            Check.size("camera.roi", roi, 4);
            int x = roi.get(0);
            int y = roi.get(1);
            int w = roi.get(2);
            int h = roi.get(3);
            if (x < 0 || y < 0 || w < binning || h < binning || x + w > width || y + h > height) {
                throw new ScenarioException("'camera.roi' [x, y, width, height] = " + roi + " must lie inside the "
                        + width + "x" + height + " sensor with width/height >= binning; use [] for the full sensor");
            }
        }
        Check.range("camera.quantumEfficiency", quantumEfficiency, 0.01, 1.0);
        Check.range("camera.readNoiseE", readNoiseE, 0, 1000);
        Check.range("camera.gainAduPerE", gainAduPerE, 0.001, 1000);
        Check.range("camera.offsetAdu", offsetAdu, 0, (1 << bitDepth) - 1);
        Check.range("camera.backgroundPhotonsPerPixelPerMs", backgroundPhotonsPerPixelPerMs, 0, 1e6);
        Check.range("camera.illumination", illumination, 0, 100);
        Check.range("camera.bufferFrames", bufferFrames, 0, 1_000_000);
        Check.notNull("camera.channels", channels);
        if (channels.isEmpty() || !channels.contains(channel)) {
            throw new ScenarioException("'camera.channel' is '" + channel + "', allowed values are 'camera.channels' "
                    + channels);
        }
    }

    /** Sensor width in unbinned pixels. */
    public int width() {
        return width;
    }

    /** Sensor height in unbinned pixels. */
    public int height() {
        return height;
    }

    /** Bits per pixel, 8..16; values saturate at {@code 2^bitDepth − 1}; more than 8 bits gives GRAY16 frames. */
    public int bitDepth() {
        return bitDepth;
    }

    public double exposureMs() {
        return exposureMs;
    }

    /** Interval between streamed frames; 0 = as fast as the camera goes (one exposure per frame). */
    public double frameIntervalMs() {
        return frameIntervalMs;
    }

    public int binning() {
        return binning;
    }

    /** ROI {@code [x, y, width, height]} in unbinned sensor pixels, or empty for the full sensor. */
    public List<Integer> roi() {
        return Collections.unmodifiableList(roi);
    }

    public double quantumEfficiency() {
        return quantumEfficiency;
    }

    /** Read noise, electrons RMS. */
    public double readNoiseE() {
        return readNoiseE;
    }

    /** Gain, ADU per electron. */
    public double gainAduPerE() {
        return gainAduPerE;
    }

    public double offsetAdu() {
        return offsetAdu;
    }

    /** Background photons per unbinned pixel per ms of exposure (autofluorescence, stray light). */
    public double backgroundPhotonsPerPixelPerMs() {
        return backgroundPhotonsPerPixelPerMs;
    }

    /** Relative excitation intensity: scales signal photons and the light dose. */
    public double illumination() {
        return illumination;
    }

    /** Presets of the {@code Channel} group. */
    public List<String> channels() {
        return Collections.unmodifiableList(channels);
    }

    /**
     * Frames the camera's circular buffer holds on the real-time clock: when the reader falls further behind, the
     * oldest frames are overwritten and counted as lost upstream (like Micro-Manager's sequence buffer). 0 =
     * unlimited (frames arrive late but none is lost).
     */
    public int bufferFrames() {
        return bufferFrames;
    }

    /** Initial channel preset. */
    public String channel() {
        return channel;
    }
}
