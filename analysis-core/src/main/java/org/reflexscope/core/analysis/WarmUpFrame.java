package org.reflexscope.core.analysis;

import java.util.SplittableRandom;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;

/**
 * The synthetic frame {@link AnalysisChain#warmUp} analyses: one Gaussian spot (σ 1.5–6 px, peak 50–200) per 100 ×
 * 100 pixels on an offset of 100 and a background of 20, with Poisson-like noise, clipped to the pixel type's range;
 * seeded, so every warm-up takes the same paths. Enough objects for the detector, the measurer and the decoders to
 * run their usual loops.
 */
final class WarmUpFrame {
    private WarmUpFrame() {
    }

    /** A new slot of {@code format} holding the frame. */
    static FrameSlot of(FrameFormat format) {
        int w = format.width();
        int h = format.height();
        double[] e = new double[w * h];
        java.util.Arrays.fill(e, 20);
        SplittableRandom rnd = new SplittableRandom(17);
        for (int s = Math.max(1, w * h / 10000); s > 0; s--) {
            double cx = rnd.nextDouble() * w;
            double cy = rnd.nextDouble() * h;
            double sigma = 1.5 + rnd.nextDouble() * 4.5;
            double peak = 50 + rnd.nextDouble() * 150;
            int r = (int) Math.ceil(4 * sigma);
            for (int y = Math.max(0, (int) cy - r); y < Math.min(h, (int) cy + r); y++) {
                for (int x = Math.max(0, (int) cx - r); x < Math.min(w, (int) cx + r); x++) {
                    double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                    e[y * w + x] += peak * Math.exp(-d2 / (2 * sigma * sigma));
                }
            }
        }
        FrameSlot slot = new FrameSlot(format);
        double max = format.pixelType().maxValue();
        for (int i = 0; i < e.length; i++) {
            // Poisson-like: a normal deviate of the value's own spread (Box–Muller from two uniforms)
            double g = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
            double v = Math.min(max, 100 + Math.max(0, e[i] + Math.sqrt(e[i]) * g));
            switch (format.pixelType()) {
                case GRAY8:
                    slot.bytes()[i] = (byte) Math.round(v);
                    break;
                case GRAY16:
                    slot.shorts()[i] = (short) Math.round(v);
                    break;
                default:
                    slot.floats()[i] = (float) v;
                    break;
            }
        }
        return slot;
    }
}
