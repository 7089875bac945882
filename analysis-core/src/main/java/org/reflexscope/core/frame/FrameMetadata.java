package org.reflexscope.core.frame;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What is known about one camera frame: an immutable value, built with {@link #builder()}.
 *
 * <p>Units: positions in µm, times in ms, pixel size in µm. A value that the source does not know is {@code NaN}
 * (numbers) or {@code ""} (presets). The ring slot ({@link FrameSlot}) carries the same fields mutably so that no
 * object is allocated per frame; {@link FrameSlot#metadata()} copies them into this value.
 */
public final class FrameMetadata {
    private final long imageNumber;
    private final double cameraTimeMs;
    private final double exposureMs;
    private final double stageXUm;
    private final double stageYUm;
    private final double stageZUm;
    private final double pixelSizeUm;
    private final int binning;
    private final int roiX;
    private final int roiY;
    private final String channel;
    private final String objective;
    private final Map<String, String> tags;

    private FrameMetadata(Builder b) {
        this.imageNumber = b.imageNumber;
        this.cameraTimeMs = b.cameraTimeMs;
        this.exposureMs = b.exposureMs;
        this.stageXUm = b.stageXUm;
        this.stageYUm = b.stageYUm;
        this.stageZUm = b.stageZUm;
        this.pixelSizeUm = b.pixelSizeUm;
        this.binning = b.binning;
        this.roiX = b.roiX;
        this.roiY = b.roiY;
        this.channel = b.channel;
        this.objective = b.objective;
        this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this value's fields. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.imageNumber = imageNumber;
        b.cameraTimeMs = cameraTimeMs;
        b.exposureMs = exposureMs;
        b.stageXUm = stageXUm;
        b.stageYUm = stageYUm;
        b.stageZUm = stageZUm;
        b.pixelSizeUm = pixelSizeUm;
        b.binning = binning;
        b.roiX = roiX;
        b.roiY = roiY;
        b.channel = channel;
        b.objective = objective;
        b.tags.putAll(tags);
        return b;
    }

    /** The camera's own image number (Micro-Manager's {@code ImageNumber}); gaps mean frames lost upstream. */
    public long imageNumber() {
        return imageNumber;
    }

    /** Camera timestamp in ms since the acquisition started ({@code ElapsedTime-ms}). */
    public double cameraTimeMs() {
        return cameraTimeMs;
    }

    public double exposureMs() {
        return exposureMs;
    }

    public double stageXUm() {
        return stageXUm;
    }

    public double stageYUm() {
        return stageYUm;
    }

    public double stageZUm() {
        return stageZUm;
    }

    /** Size of one pixel of this frame in the sample, µm (binning included). */
    public double pixelSizeUm() {
        return pixelSizeUm;
    }

    public int binning() {
        return binning;
    }

    /** X offset of this frame's ROI on the sensor, in (binned) pixels. */
    public int roiX() {
        return roiX;
    }

    /** Y offset of this frame's ROI on the sensor, in (binned) pixels. */
    public int roiY() {
        return roiY;
    }

    /** Channel preset, or {@code ""}. */
    public String channel() {
        return channel;
    }

    /** Objective preset, or {@code ""}. */
    public String objective() {
        return objective;
    }

    /** Free-form tags (unmodifiable, in insertion order). */
    public Map<String, String> tags() {
        return tags;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FrameMetadata)) {
            return false;
        }
        FrameMetadata m = (FrameMetadata) o;
        return imageNumber == m.imageNumber && same(cameraTimeMs, m.cameraTimeMs) && same(exposureMs, m.exposureMs)
                && same(stageXUm, m.stageXUm) && same(stageYUm, m.stageYUm) && same(stageZUm, m.stageZUm)
                && same(pixelSizeUm, m.pixelSizeUm) && binning == m.binning && roiX == m.roiX && roiY == m.roiY
                && channel.equals(m.channel) && objective.equals(m.objective) && tags.equals(m.tags);
    }

    private static boolean same(double x, double y) {
        return Double.compare(x, y) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(imageNumber, cameraTimeMs, exposureMs, stageXUm, stageYUm, stageZUm, pixelSizeUm,
                binning, roiX, roiY, channel, objective, tags);
    }

    @Override
    public String toString() {
        return "FrameMetadata{image=" + imageNumber + ", t=" + cameraTimeMs + " ms, exposure=" + exposureMs
                + " ms, xyz=(" + stageXUm + ", " + stageYUm + ", " + stageZUm + ") µm, pixel=" + pixelSizeUm
                + " µm, binning=" + binning + ", roi=(" + roiX + ", " + roiY + "), channel='" + channel
                + "', objective='" + objective + "', tags=" + tags + '}';
    }

    /** Builder of {@link FrameMetadata}; every field is optional. */
    public static final class Builder {
        private long imageNumber;
        private double cameraTimeMs = Double.NaN;
        private double exposureMs = Double.NaN;
        private double stageXUm = Double.NaN;
        private double stageYUm = Double.NaN;
        private double stageZUm = Double.NaN;
        private double pixelSizeUm = Double.NaN;
        private int binning = 1;
        private int roiX;
        private int roiY;
        private String channel = "";
        private String objective = "";
        private final Map<String, String> tags = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder optImageNumber(long v) {
            imageNumber = v;
            return this;
        }

        public Builder optCameraTimeMs(double v) {
            cameraTimeMs = v;
            return this;
        }

        public Builder optExposureMs(double v) {
            exposureMs = v;
            return this;
        }

        public Builder optStage(double xUm, double yUm, double zUm) {
            stageXUm = xUm;
            stageYUm = yUm;
            stageZUm = zUm;
            return this;
        }

        public Builder optPixelSizeUm(double v) {
            pixelSizeUm = v;
            return this;
        }

        public Builder optBinning(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("Binning must be >= 1, got " + v);
            }
            binning = v;
            return this;
        }

        public Builder optRoiOffset(int x, int y) {
            roiX = x;
            roiY = y;
            return this;
        }

        public Builder optChannel(String v) {
            channel = Objects.requireNonNull(v, "channel");
            return this;
        }

        public Builder optObjective(String v) {
            objective = Objects.requireNonNull(v, "objective");
            return this;
        }

        public Builder optTag(String key, String value) {
            tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder optTags(Map<String, String> values) {
            values.forEach(this::optTag);
            return this;
        }

        public FrameMetadata build() {
            return new FrameMetadata(this);
        }
    }
}
