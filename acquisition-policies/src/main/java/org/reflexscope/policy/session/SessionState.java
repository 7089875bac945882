package org.reflexscope.policy.session;

/** Where a {@link SmartAcquisition} run is in its lifecycle. */
public enum SessionState {
    /** Built, not started. */
    READY,
    /** Frames flow, are recorded and analysed; policies act. */
    RUNNING,
    /** Frames flow and are recorded and analysed; policies decide nothing until resumed. */
    PAUSED,
    /** Stop requested: the source is stopped and the recorders drain. */
    STOPPING,
    /** The run is over (stopped, or the source ended); every recorder has finished. */
    ENDED,
    /** The run could not go on (the source or the pipeline failed); see {@link SessionStatus#alarms()}. */
    FAILED;

    /** Whether the run is over ({@link #ENDED} or {@link #FAILED}). */
    public boolean isTerminal() {
        return this == ENDED || this == FAILED;
    }
}
