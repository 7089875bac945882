package org.reflexscope.mm.panel;

/** Lifecycle of a smart-acquisition run as the panel sees it. */
public enum RunState {
    /** No run. */
    IDLE,
    /** Streaming, analysing and (unless dry run) acting. */
    RUNNING,
    /** Streaming and recording continue; policies issue no commands. */
    PAUSED,
    /** The run ended after a failure; {@link RunStatus#alarms()} says why. */
    FAILED
}
