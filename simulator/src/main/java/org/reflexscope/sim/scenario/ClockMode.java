package org.reflexscope.sim.scenario;

/** How simulated time relates to wall time. */
public enum ClockMode {
    /** As fast as possible and fully deterministic: frame k's time is the sum of the frame intervals before it. */
    VIRTUAL,
    /** Frames are paced in wall time at the frame interval; stage moves and acquisitions take their real time. */
    REAL_TIME
}
