package org.reflexscope.policy.signal;

import java.util.Objects;

/** One episode of a signal problem, raised once when it starts. Immutable. */
public final class SignalAlarm {

    /** What is wrong with the images. */
    public enum Kind {
        /** Pixels at the camera's largest value: the camera clips the light. */
        SATURATION,
        /** Frames without a single detection: too little light or contrast for the detector. */
        NO_DETECTIONS,
        /**
         * Too little signal for the policies that need it: frames of noise alone (refocus and tracking hold still),
         * or objects too faint to track (tracking holds still).
         */
        TOO_LITTLE_SIGNAL
    }

    private final Kind kind;
    private final long frameSequence;
    private final double cameraTimeMs;
    private final String message;

    /**
     * @param kind what is wrong
     * @param frameSequence the pipeline sequence of the frame that started the episode
     * @param cameraTimeMs that frame's camera time, ms ({@code NaN} when unknown)
     * @param message one line: the problem and what to do
     */
    public SignalAlarm(Kind kind, long frameSequence, double cameraTimeMs, String message) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.frameSequence = frameSequence;
        this.cameraTimeMs = cameraTimeMs;
        this.message = Objects.requireNonNull(message, "message");
    }

    public Kind kind() {
        return kind;
    }

    /** The pipeline sequence of the frame that started the episode. */
    public long frameSequence() {
        return frameSequence;
    }

    /** The camera time of the frame that started the episode, ms ({@code NaN} when unknown). */
    public double cameraTimeMs() {
        return cameraTimeMs;
    }

    /** One line: the problem and what to do. */
    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return kind + " at frame " + frameSequence + ": " + message;
    }
}
