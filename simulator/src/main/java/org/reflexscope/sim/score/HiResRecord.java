package org.reflexscope.sim.score;

import java.util.Objects;

/**
 * One high-resolution acquisition of a run: when it started, its field of view (stage µm, a rectangle), how many
 * frames it took and their light dose. Immutable.
 */
public final class HiResRecord {
    private final double timeMs;
    private final double minXUm;
    private final double minYUm;
    private final double maxXUm;
    private final double maxYUm;
    private final int frames;
    private final double doseMs;
    private final String name;

    /**
     * @throws IllegalArgumentException if the rectangle is empty or {@code frames < 1}
     */
    public HiResRecord(double timeMs, double minXUm, double minYUm, double maxXUm, double maxYUm, int frames,
            double doseMs, String name) {
        if (!(minXUm < maxXUm && minYUm < maxYUm)) {
            throw new IllegalArgumentException("A field of view needs min < max, got x [" + minXUm + ", " + maxXUm
                    + "], y [" + minYUm + ", " + maxYUm + "]");
        }
        if (frames < 1) {
            throw new IllegalArgumentException("An acquisition has at least 1 frame, got " + frames);
        }
        this.timeMs = timeMs;
        this.minXUm = minXUm;
        this.minYUm = minYUm;
        this.maxXUm = maxXUm;
        this.maxYUm = maxYUm;
        this.frames = frames;
        this.doseMs = doseMs;
        this.name = Objects.requireNonNull(name, "name");
    }

    /** An acquisition centred on {@code (xUm, yUm)} with a field {@code widthUm × heightUm}. */
    public static HiResRecord centred(double timeMs, double xUm, double yUm, double widthUm, double heightUm,
            int frames, double doseMs, String name) {
        return new HiResRecord(timeMs, xUm - widthUm / 2, yUm - heightUm / 2, xUm + widthUm / 2, yUm + heightUm / 2,
                frames, doseMs, name);
    }

    public double timeMs() {
        return timeMs;
    }

    public double minXUm() {
        return minXUm;
    }

    public double minYUm() {
        return minYUm;
    }

    public double maxXUm() {
        return maxXUm;
    }

    public double maxYUm() {
        return maxYUm;
    }

    /** Whether {@code (xUm, yUm)} lies inside the field of view (edges included). */
    public boolean contains(double xUm, double yUm) {
        return xUm >= minXUm && xUm <= maxXUm && yUm >= minYUm && yUm <= maxYUm;
    }

    public int frames() {
        return frames;
    }

    public double doseMs() {
        return doseMs;
    }

    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HiResRecord)) {
            return false;
        }
        HiResRecord r = (HiResRecord) o;
        return Double.compare(timeMs, r.timeMs) == 0 && Double.compare(minXUm, r.minXUm) == 0
                && Double.compare(minYUm, r.minYUm) == 0 && Double.compare(maxXUm, r.maxXUm) == 0
                && Double.compare(maxYUm, r.maxYUm) == 0 && frames == r.frames
                && Double.compare(doseMs, r.doseMs) == 0 && name.equals(r.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timeMs, minXUm, minYUm, maxXUm, maxYUm, frames, doseMs, name);
    }

    @Override
    public String toString() {
        return "HiResRecord{t=" + timeMs + " ms, x=[" + minXUm + ", " + maxXUm + "], y=[" + minYUm + ", " + maxYUm
                + "], frames=" + frames + ", dose=" + doseMs + ", '" + name + "'}";
    }
}
