package org.reflexscope.policy.session;

import java.util.Locale;

/**
 * When a run ends on its own: after a number of frames, after a span of camera time, or never (until stopped).
 * Immutable.
 *
 * <p>Duration is measured on the frames' own camera clock ({@code cameraTimeMs}), so a run on a virtual clock ends
 * after the same simulated time however fast it runs.
 */
public final class RunLimit {
    private static final RunLimit NONE = new RunLimit(Long.MAX_VALUE, Double.POSITIVE_INFINITY);
    private final long maxFrames;
    private final double maxCameraTimeMs;

    private RunLimit(long maxFrames, double maxCameraTimeMs) {
        this.maxFrames = maxFrames;
        this.maxCameraTimeMs = maxCameraTimeMs;
    }

    /** No limit: the run goes on until stopped or until its source ends. */
    public static RunLimit none() {
        return NONE;
    }

    /** Ends after {@code frames} frames have been delivered. */
    public static RunLimit frames(long frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("A run needs at least 1 frame, got --frames " + frames);
        }
        return new RunLimit(frames, Double.POSITIVE_INFINITY);
    }

    /** Ends at the first frame whose camera time is {@code seconds} or more after the first frame's. */
    public static RunLimit duration(double seconds) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("A run's duration must be a positive number of seconds, got "
                    + seconds);
        }
        return new RunLimit(Long.MAX_VALUE, seconds * 1000.0);
    }

    public long maxFrames() {
        return maxFrames;
    }

    /** Camera-time span in ms, or +∞. */
    public double maxCameraTimeMs() {
        return maxCameraTimeMs;
    }

    /** Whether this limit is {@link #none()}. */
    public boolean isNone() {
        return maxFrames == Long.MAX_VALUE && Double.isInfinite(maxCameraTimeMs);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RunLimit)) {
            return false;
        }
        RunLimit r = (RunLimit) o;
        return maxFrames == r.maxFrames && Double.compare(maxCameraTimeMs, r.maxCameraTimeMs) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(maxFrames) * 31 + Double.hashCode(maxCameraTimeMs);
    }

    @Override
    public String toString() {
        if (isNone()) {
            return "until stopped";
        }
        return maxFrames != Long.MAX_VALUE ? maxFrames + " frames"
                : String.format(Locale.ROOT, "%.3f s", maxCameraTimeMs / 1000.0);
    }
}
