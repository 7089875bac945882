package org.reflexscope.policy.hardware;

import java.util.Objects;

/**
 * A small acquisition at the current XY position: a burst of frames, or a z-stack around the current focus.
 * Immutable; made with {@link #burst(int)} or {@link #zStack(double, double, double)} and refined with
 * {@code with*}.
 */
public final class AcquisitionRequest {
    /** What kind of acquisition. */
    public enum Kind {
        /** {@code frames} frames at the current Z. */
        BURST,
        /** One frame per Z plane from {@code zStartOffsetUm} to {@code zEndOffsetUm} relative to the current Z. */
        Z_STACK
    }

    private final Kind kind;
    private final int frames;
    private final double zStartOffsetUm;
    private final double zEndOffsetUm;
    private final double zStepUm;
    private final String channel;
    private final double exposureMs;
    private final String name;

    private AcquisitionRequest(Kind kind, int frames, double zStart, double zEnd, double zStep, String channel,
            double exposureMs, String name) {
        this.kind = kind;
        this.frames = frames;
        this.zStartOffsetUm = zStart;
        this.zEndOffsetUm = zEnd;
        this.zStepUm = zStep;
        this.channel = Objects.requireNonNull(channel, "channel");
        this.exposureMs = exposureMs;
        this.name = Objects.requireNonNull(name, "name");
    }

    /** {@code frames} frames at the current position. */
    public static AcquisitionRequest burst(int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("A burst needs at least 1 frame, got " + frames);
        }
        return new AcquisitionRequest(Kind.BURST, frames, 0, 0, 0, "", Double.NaN, "burst");
    }

    /** A z-stack from {@code startOffsetUm} to {@code endOffsetUm} (relative to the current Z) every {@code stepUm}. */
    public static AcquisitionRequest zStack(double startOffsetUm, double endOffsetUm, double stepUm) {
        if (!(stepUm > 0) || endOffsetUm < startOffsetUm) {
            throw new IllegalArgumentException("A z-stack needs step > 0 and end >= start, got start="
                    + startOffsetUm + " end=" + endOffsetUm + " step=" + stepUm);
        }
        int n = (int) Math.floor((endOffsetUm - startOffsetUm) / stepUm + 1e-9) + 1;
        return new AcquisitionRequest(Kind.Z_STACK, n, startOffsetUm, endOffsetUm, stepUm, "", Double.NaN,
                "z-stack");
    }

    /** The same request in channel preset {@code preset} ({@code ""} keeps the current channel). */
    public AcquisitionRequest withChannel(String preset) {
        return new AcquisitionRequest(kind, frames, zStartOffsetUm, zEndOffsetUm, zStepUm, preset, exposureMs, name);
    }

    /** The same request with exposure {@code ms} ({@code NaN} keeps the current exposure). */
    public AcquisitionRequest withExposureMs(double ms) {
        return new AcquisitionRequest(kind, frames, zStartOffsetUm, zEndOffsetUm, zStepUm, channel, ms, name);
    }

    /** The same request under a name used for its dataset. */
    public AcquisitionRequest withName(String newName) {
        return new AcquisitionRequest(kind, frames, zStartOffsetUm, zEndOffsetUm, zStepUm, channel, exposureMs,
                newName);
    }

    public Kind kind() {
        return kind;
    }

    /** Number of frames (for a z-stack, the number of planes). */
    public int frames() {
        return frames;
    }

    public double zStartOffsetUm() {
        return zStartOffsetUm;
    }

    public double zEndOffsetUm() {
        return zEndOffsetUm;
    }

    public double zStepUm() {
        return zStepUm;
    }

    /** Channel preset, or {@code ""} for the current one. */
    public String channel() {
        return channel;
    }

    /** Exposure in ms, or {@code NaN} for the current one. */
    public double exposureMs() {
        return exposureMs;
    }

    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AcquisitionRequest)) {
            return false;
        }
        AcquisitionRequest r = (AcquisitionRequest) o;
        return kind == r.kind && frames == r.frames && Double.compare(zStartOffsetUm, r.zStartOffsetUm) == 0
                && Double.compare(zEndOffsetUm, r.zEndOffsetUm) == 0 && Double.compare(zStepUm, r.zStepUm) == 0
                && channel.equals(r.channel) && Double.compare(exposureMs, r.exposureMs) == 0 && name.equals(r.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, frames, zStartOffsetUm, zEndOffsetUm, zStepUm, channel, exposureMs, name);
    }

    @Override
    public String toString() {
        return "AcquisitionRequest{" + kind + ", frames=" + frames + (kind == Kind.Z_STACK ? ", z=[" + zStartOffsetUm
                + ", " + zEndOffsetUm + "] step " + zStepUm : "") + ", channel='" + channel + "', exposure="
                + exposureMs + ", name='" + name + "'}";
    }
}
