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
 * same field). Only a view larger than the recording shows 0 outside it. Time point {@code k} is shown from
 * {@code k × interval} on; after the last one the stream ends, except for a single time point with several planes
 * (a Z stack of a fixed sample), which is shown for as long as the run asks, so refocus can search it.
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
    private final int maxValue;
    private int[] columns = new int[0];

    private ReplayRenderer(Builder b) {
        this.stack = b.stack;
        this.anchorXUm = b.anchorXUm;
        this.anchorYUm = b.anchorYUm;
        this.anchorZUm = b.anchorZUm;
        this.focusPlane = Double.isNaN(b.focusPlane) ? (stack.zPlanes() - 1) / 2.0 : b.focusPlane;
        this.intervalMs = b.intervalMs;
        this.maxValue = stack.pixelType() == PixelType.GRAY8 ? 255 : 65535;
    }

    /** A builder replaying {@code stack}; the frame interval defaults to the stack's, else 100 ms. */
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

        private Builder(ReplayStack stack) {
            this.stack = Objects.requireNonNull(stack, "stack");
            this.intervalMs = Double.isNaN(stack.frameIntervalMs()) ? 100.0 : stack.frameIntervalMs();
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

        /** Time between recorded time points, ms. */
        public Builder optFrameIntervalMs(double ms) {
            if (!(ms > 0)) {
                throw new IllegalArgumentException("Frame interval must be > 0 ms, got " + ms);
            }
            intervalMs = ms;
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

    @Override
    public double endTimeMs() {
        return stack.timePoints() == 1 && stack.zPlanes() > 1 ? Double.POSITIVE_INFINITY
                : stack.timePoints() * intervalMs;
    }

    /** The time point shown at {@code tMs}. */
    public int timePointAt(double tMs) {
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
        return b;
    }
}
