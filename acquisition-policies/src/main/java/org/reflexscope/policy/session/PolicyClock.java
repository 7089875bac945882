package org.reflexscope.policy.session;

/** Which clock the policies' own timing (cooldowns, dwell times) runs on. */
public enum PolicyClock {
    /** The engine's wall clock ({@link System#nanoTime()}): for real cameras and real-time pacing. */
    WALL,
    /**
     * The analysed frame's camera time ({@code cameraTimeMs}): for a virtual clock, where simulated time runs
     * faster than wall time, so that a 30 s cooldown means 30 s of the sample's time and a run is deterministic.
     * Frames without a camera time fall back to the wall clock.
     */
    CAMERA
}
