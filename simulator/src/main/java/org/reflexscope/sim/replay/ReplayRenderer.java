package org.reflexscope.sim.replay;

import java.util.Objects;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.sim.render.FrameRenderer;
import org.reflexscope.sim.render.RenderView;

/**
 * Replays a {@link ReplayStack} as the sample under a {@code VirtualMicroscope}: time points advance with the
 * clock, focus moves select a z plane (linear interpolation between the two nearest), XY moves pan the camera's
 * view across the recorded field (nearest-pixel sampling, so equal pixel sizes give exact crops).
 *
 * <p><b>Geometry.</b> With the stage at the anchor {@code (x, y)} the view is centred on the data's centre; a
 * stage move of {@code d} µm moves the view by {@code d / pixelSize} data pixels. With the stage at the anchor Z
 * the view shows plane {@code focusPlane}; each {@code zStep} µm of stage Z moves one plane. Z beyond the first or
 * last plane shows that plane.
 *
 * <p><b>No invented pixels.</b> The view is clamped to the recorded field: a stage move that would show pixels
 * nobody recorded stops the view at the field's edge (with a camera as large as the recording, XY moves show the
 * same field). Only a view larger than the recording shows 0 outside it. Time point {@code k} is shown from its
 * recorded time on (relative to the first), or from {@code k × interval} where the recording states no per-frame
 * times; the camera's frames then fall on recorded times ({@link #nextFrameTimeMs}). After the last one the
 * stream ends, except for a single time point with several planes (a Z stack of a fixed sample), which is shown
 * for as long as the run asks, so refocus can search it.
 *
 * <p>No noise is added: recorded frames already carry their camera's noise. Not thread-safe; use {@link #copy()}.
 */
public final class ReplayRenderer implements FrameRenderer {
    private final ReplayStack stack;
    private final double anchorXUm;
    private final double anchorYUm;
    private final double anchorZUm;
    private final double focusPlane;
    private final double intervalMs;
    private final double[] timesMs;
    private final int maxValue;
    /** Times closer than this (ms) are the same recorded time (sums of intervals carry rounding). */
    private static final double TIME_TOLERANCE_MS = 1e-6;
    private int[] columns = new int[0];

    private ReplayRenderer(Builder b) {
        this.stack = b.stack;
        this.anchorXUm = b.anchorXUm;
        this.anchorYUm = b.anchorYUm;
        this.anchorZUm = b.anchorZUm;
        this.focusPlane = Double.isNaN(b.focusPlane) ? (stack.zPlanes() - 1) / 2.0 : b.focusPlane;
        this.intervalMs = b.intervalMs;
        this.timesMs = b.timesMs;
        this.maxValue = stack.pixelType() == PixelType.GRAY8 ? 255 : 65535;
    }

    /**
     * A builder replaying {@code stack}: at the stack's per-frame times where it has them, else evenly spaced by its
     * frame interval, else by 100 ms.
     */
    public static Builder builder(ReplayStack stack) {
        return new Builder(stack);
    }

    /** Builder of {@link ReplayRenderer}: the stack is required, the rest optional. */
    public static final class Builder {
        private final ReplayStack stack;
        private double anchorXUm;
        private double anchorYUm;
        private double anchorZUm;
        private double focusPlane = Double.NaN;
        private double intervalMs;
        private double[] timesMs;

        private Builder(ReplayStack stack) {
            this.stack = Objects.requireNonNull(stack, "stack");
            this.intervalMs = Double.isNaN(stack.frameIntervalMs()) ? 100.0 : stack.frameIntervalMs();
            this.timesMs = stack.timePointTimesMs();
        }

        /** Stage position at which the view is centred on the data and shows the focus plane (default 0, 0, 0). */
        public Builder optAnchor(double xUm, double yUm, double zUm) {
            anchorXUm = xUm;
            anchorYUm = yUm;
            anchorZUm = zUm;
            return this;
        }

        /** The (fractional) plane index shown at the anchor Z (default: the middle plane). */
        public Builder optFocusPlane(double plane) {
            if (!(plane >= 0 && plane <= stack.zPlanes() - 1)) {
                throw new IllegalArgumentException("Focus plane must be in [0, " + (stack.zPlanes() - 1) + "], got "
                        + plane);
            }
            focusPlane = plane;
            return this;
        }

        /**
         * Time between recorded time points, ms, replacing the recording's own per-frame times where it has them
         * (evenly spaced time points).
         */
        public Builder optFrameIntervalMs(double ms) {
            if (!(ms > 0)) {
                throw new IllegalArgumentException("Frame interval must be > 0 ms, got " + ms);
            }
            intervalMs = ms;
            timesMs = null;
            return this;
        }

        public ReplayRenderer build() {
            return new ReplayRenderer(this);
        }
    }

    @Override
    public PixelType pixelType() {
        return stack.pixelType();
    }

    /**
     * The end of the recording: one interval after its last time point (with per-frame times, the mean interval
     * after the last recorded time); infinity for a single time point (a fixed sample: a Z stack or one image), which
     * replays for as long as the run asks.
     */
    @Override
    public double endTimeMs() {
        if (stack.timePoints() == 1) {
            return Double.POSITIVE_INFINITY;
        }
        return timesMs != null ? timesMs[timesMs.length - 1] + intervalMs : stack.timePoints() * intervalMs;
    }

    /**
     * With per-frame times, the first recorded time at least {@code minIntervalMs} after {@code frameTimeMs} (a
     * camera slower than the recording skips the time points it would not have seen).
     */
    @Override
    public double nextFrameTimeMs(double frameTimeMs, double minIntervalMs) {
        if (timesMs == null) {
            return frameTimeMs + minIntervalMs;
        }
        double earliest = frameTimeMs + minIntervalMs - TIME_TOLERANCE_MS;
        int i = java.util.Arrays.binarySearch(timesMs, earliest);
        int next = i >= 0 ? i : -i - 1;
        return next < timesMs.length ? timesMs[next] : Math.max(endTimeMs(), frameTimeMs + minIntervalMs);
    }

    /** The time point shown at {@code tMs}: the last one recorded at or before it. */
    public int timePointAt(double tMs) {
        if (timesMs != null) {
            int i = java.util.Arrays.binarySearch(timesMs, tMs + TIME_TOLERANCE_MS);
            return Math.max(0, i >= 0 ? i : -i - 2);
        }
        int t = (int) Math.floor(tMs / intervalMs + 1e-9);
        return Math.max(0, Math.min(stack.timePoints() - 1, t));
    }

    /** The (fractional, clamped) plane index shown with the stage at {@code zUm}. */
    public double planeAt(double zUm) {
        double p = focusPlane + (zUm - anchorZUm) / stack.zStepUm();
        return Math.max(0, Math.min(stack.zPlanes() - 1, p));
    }

    @Override
    public void render(RenderView v, Object pixels) {
        int t = timePointAt(v.timeMs);
        double p = planeAt(v.stageZUm);
        int z0 = (int) Math.floor(p);
        int z1 = Math.min(z0 + 1, stack.zPlanes() - 1);
        float f = (float) (p - z0);
        float[] a = stack.plane(t, z0);
        float[] b = stack.plane(t, z1);
        double scale = v.pixelSizeUm() / stack.pixelSizeUm();
        double dataLeft = (v.originXUm() - anchorXUm) / stack.pixelSizeUm() + stack.width() / 2.0;
        double dataTop = (v.originYUm() - anchorYUm) / stack.pixelSizeUm() + stack.height() / 2.0;
        dataLeft = clampToField(dataLeft, v.width * scale, stack.width());
        dataTop = clampToField(dataTop, v.height * scale, stack.height());
        if (columns.length < v.width) {
            columns = new int[v.width];
        }
        for (int i = 0; i < v.width; i++) {
            int c = (int) Math.floor(dataLeft + (i + 0.5) * scale);
            columns[i] = c >= 0 && c < stack.width() ? c : -1;
        }
        int w = stack.width();
        for (int j = 0; j < v.height; j++) {
            int r = (int) Math.floor(dataTop + (j + 0.5) * scale);
            boolean rowInside = r >= 0 && r < stack.height();
            int out = j * v.width;
            for (int i = 0; i < v.width; i++) {
                int value = 0;
                int c = columns[i];
                if (rowInside && c >= 0) {
                    int k = r * w + c;
                    float x = a[k] + f * (b[k] - a[k]);
                    value = Math.round(x);
                    value = value < 0 ? 0 : (value > maxValue ? maxValue : value);
                }
                if (pixels instanceof short[]) {
                    ((short[]) pixels)[out + i] = (short) value;
                } else {
                    ((byte[]) pixels)[out + i] = (byte) value;
                }
            }
        }
    }

    /** The view's first data coordinate moved so that a view of {@code extent} stays within {@code [0, size]}. */
    private static double clampToField(double start, double extent, int size) {
        if (extent >= size) {
            return (size - extent) / 2;
        }
        return Math.max(0, Math.min(size - extent, start));
    }

    @Override
    public FrameRenderer copy() {
        ReplayRenderer r = new ReplayRenderer(builderFrom());
        return r;
    }

    private Builder builderFrom() {
        Builder b = new Builder(stack);
        b.anchorXUm = anchorXUm;
        b.anchorYUm = anchorYUm;
        b.anchorZUm = anchorZUm;
        b.focusPlane = focusPlane;
        b.intervalMs = intervalMs;
        b.timesMs = timesMs;
        return b;
    }
}
