package org.reflexscope.mm.panel;

import java.util.Objects;

/**
 * Which of the panel's run buttons are enabled, and why Start is blocked (or {@code ""}). Immutable; computed by
 * {@link #of} from the run state and what Micro-Manager is doing.
 */
public final class PanelControls {
    private final boolean canStart;
    private final boolean canPause;
    private final boolean canResume;
    private final boolean canStop;
    private final String blockedReason;

    private PanelControls(boolean canStart, boolean canPause, boolean canResume, boolean canStop, String reason) {
        this.canStart = canStart;
        this.canPause = canPause;
        this.canResume = canResume;
        this.canStop = canStop;
        this.blockedReason = Objects.requireNonNull(reason);
    }

    /**
     * The controls for {@code state}, given whether Micro-Manager's live mode or one of its acquisitions is on
     * (both use the camera, so a run cannot start) and whether a panel request is still in flight.
     */
    public static PanelControls of(RunState state, boolean liveMode, boolean acquisitionRunning, boolean busy) {
        boolean idle = state == RunState.IDLE || state == RunState.FAILED;
        String reason = "";
        if (idle && liveMode) {
            reason = "Live mode is on: turn it off in Micro-Manager to start a Reflex run.";
        } else if (idle && acquisitionRunning) {
            reason = "A Micro-Manager acquisition is running: wait for it to end to start a Reflex run.";
        }
        return new PanelControls(idle && reason.isEmpty() && !busy, state == RunState.RUNNING && !busy,
                state == RunState.PAUSED && !busy && !liveMode && !acquisitionRunning,
                (state == RunState.RUNNING || state == RunState.PAUSED) && !busy, reason);
    }

    public boolean canStart() {
        return canStart;
    }

    public boolean canPause() {
        return canPause;
    }

    public boolean canResume() {
        return canResume;
    }

    public boolean canStop() {
        return canStop;
    }

    /** Why Start is disabled by Micro-Manager's state, or {@code ""}. */
    public String blockedReason() {
        return blockedReason;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PanelControls)) {
            return false;
        }
        PanelControls c = (PanelControls) o;
        return canStart == c.canStart && canPause == c.canPause && canResume == c.canResume && canStop == c.canStop
                && blockedReason.equals(c.blockedReason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(canStart, canPause, canResume, canStop, blockedReason);
    }

    @Override
    public String toString() {
        return "PanelControls{start=" + canStart + ", pause=" + canPause + ", resume=" + canResume + ", stop="
                + canStop + ", blocked='" + blockedReason + "'}";
    }
}
