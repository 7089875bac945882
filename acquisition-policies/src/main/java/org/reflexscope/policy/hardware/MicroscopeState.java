package org.reflexscope.policy.hardware;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.reflexscope.core.frame.PixelCalibration;

/**
 * A snapshot of the microscope: positions, presets, exposure, frame interval and calibration. Immutable; built
 * with {@link #builder()}.
 */
public final class MicroscopeState {
    private final double xUm;
    private final double yUm;
    private final double zUm;
    private final Map<String, String> presets;
    private final double exposureMs;
    private final double frameIntervalMs;
    private final double pixelSizeUm;
    private final PixelCalibration calibration;
    private final int imageWidth;
    private final int imageHeight;
    private final long timestampNanos;

    private MicroscopeState(Builder b) {
        this.xUm = b.xUm;
        this.yUm = b.yUm;
        this.zUm = b.zUm;
        this.presets = Collections.unmodifiableMap(new LinkedHashMap<>(b.presets));
        this.exposureMs = b.exposureMs;
        this.frameIntervalMs = b.frameIntervalMs;
        this.pixelSizeUm = b.pixelSizeUm;
        this.calibration = b.calibration != null ? b.calibration
                : (b.pixelSizeUm > 0 ? PixelCalibration.ofPixelSize(b.pixelSizeUm) : null);
        this.imageWidth = b.imageWidth;
        this.imageHeight = b.imageHeight;
        this.timestampNanos = b.timestampNanos;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.xUm = xUm;
        b.yUm = yUm;
        b.zUm = zUm;
        b.presets.putAll(presets);
        b.exposureMs = exposureMs;
        b.frameIntervalMs = frameIntervalMs;
        b.pixelSizeUm = pixelSizeUm;
        b.calibration = calibration;
        b.imageWidth = imageWidth;
        b.imageHeight = imageHeight;
        b.timestampNanos = timestampNanos;
        return b;
    }

    public double xUm() {
        return xUm;
    }

    public double yUm() {
        return yUm;
    }

    public double zUm() {
        return zUm;
    }

    /** Current preset of each configuration group (e.g. {@code Objective → 10X}). */
    public Map<String, String> presets() {
        return presets;
    }

    /** Current preset of {@code group}, or {@code ""}. */
    public String preset(String group) {
        return presets.getOrDefault(group, "");
    }

    public double exposureMs() {
        return exposureMs;
    }

    public double frameIntervalMs() {
        return frameIntervalMs;
    }

    /** Pixel size in µm of the current objective and binning; {@code NaN} if unknown. */
    public double pixelSizeUm() {
        return pixelSizeUm;
    }

    /** Pixel-to-stage map of the current objective and binning; {@code null} if the pixel size is unknown. */
    public PixelCalibration calibration() {
        return calibration;
    }

    /** Width of the camera image in pixels (current ROI and binning). */
    public int imageWidth() {
        return imageWidth;
    }

    public int imageHeight() {
        return imageHeight;
    }

    /** When the snapshot was taken, on the {@link System#nanoTime()} clock. */
    public long timestampNanos() {
        return timestampNanos;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MicroscopeState)) {
            return false;
        }
        MicroscopeState s = (MicroscopeState) o;
        return Double.compare(xUm, s.xUm) == 0 && Double.compare(yUm, s.yUm) == 0 && Double.compare(zUm, s.zUm) == 0
                && presets.equals(s.presets) && Double.compare(exposureMs, s.exposureMs) == 0
                && Double.compare(frameIntervalMs, s.frameIntervalMs) == 0
                && Double.compare(pixelSizeUm, s.pixelSizeUm) == 0 && Objects.equals(calibration, s.calibration)
                && imageWidth == s.imageWidth && imageHeight == s.imageHeight && timestampNanos == s.timestampNanos;
    }

    @Override
    public int hashCode() {
        return Objects.hash(xUm, yUm, zUm, presets, exposureMs, frameIntervalMs, pixelSizeUm, calibration,
                imageWidth, imageHeight, timestampNanos);
    }

    @Override
    public String toString() {
        return "MicroscopeState{xyz=(" + xUm + ", " + yUm + ", " + zUm + ") µm, presets=" + presets + ", exposure="
                + exposureMs + " ms, interval=" + frameIntervalMs + " ms, pixel=" + pixelSizeUm + " µm, image="
                + imageWidth + "x" + imageHeight + '}';
    }

    /** Builder of {@link MicroscopeState}. */
    public static final class Builder {
        private double xUm = Double.NaN;
        private double yUm = Double.NaN;
        private double zUm = Double.NaN;
        private final Map<String, String> presets = new LinkedHashMap<>();
        private double exposureMs = Double.NaN;
        private double frameIntervalMs = Double.NaN;
        private double pixelSizeUm = Double.NaN;
        private PixelCalibration calibration;
        private int imageWidth;
        private int imageHeight;
        private long timestampNanos;

        private Builder() {
        }

        public Builder setPosition(double x, double y, double z) {
            xUm = x;
            yUm = y;
            zUm = z;
            return this;
        }

        public Builder optPreset(String group, String preset) {
            presets.put(Objects.requireNonNull(group, "group"), Objects.requireNonNull(preset, "preset"));
            return this;
        }

        public Builder optExposureMs(double v) {
            exposureMs = v;
            return this;
        }

        public Builder optFrameIntervalMs(double v) {
            frameIntervalMs = v;
            return this;
        }

        public Builder optPixelSizeUm(double v) {
            pixelSizeUm = v;
            return this;
        }

        public Builder optCalibration(PixelCalibration v) {
            calibration = v;
            return this;
        }

        public Builder optImageSize(int width, int height) {
            imageWidth = width;
            imageHeight = height;
            return this;
        }

        public Builder optTimestampNanos(long v) {
            timestampNanos = v;
            return this;
        }

        public MicroscopeState build() {
            return new MicroscopeState(this);
        }
    }
}
