package org.reflexscope.core.focus;

/** Brenner gradient: mean of {@code (v(x+2) − v(x))²} along rows; cheap, sharp peak, moderately noise-sensitive. */
public final class Brenner implements FocusMeasure {
    @Override
    public String name() {
        return "brenner";
    }

    @Override
    public double measure(float[] p, int w, int h) {
        if (w < 3) {
            return Double.NaN;
        }
        double sum = 0;
        for (int y = 0; y < h; y++) {
            int r = y * w;
            for (int x = 0; x < w - 2; x++) {
                double d = p[r + x + 2] - p[r + x];
                sum += d * d;
            }
        }
        return sum / ((double) (w - 2) * h);
    }
}
