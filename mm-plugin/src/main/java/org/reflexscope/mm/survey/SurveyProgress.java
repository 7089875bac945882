package org.reflexscope.mm.survey;

import java.util.Objects;

/**
 * Where a panel survey stands: its state, tiles done of the plan's, targets found so far (merged in tile overlaps,
 * as the survey counts them), visits done (acquired) of those chosen, the run folder, and a one-line message
 * (what ended it, or what the microscope was left at). Immutable.
 */
public final class SurveyProgress {
    /** The life of one survey. */
    public enum State {
        IDLE, RUNNING, STOPPING, DONE, STOPPED, FAILED;

        /** Whether a survey is under way (a new one cannot start). */
        public boolean active() {
            return this == RUNNING || this == STOPPING;
        }
    }

    /** Nothing has run yet. */
    public static final SurveyProgress IDLE = new SurveyProgress(State.IDLE, 0, 0, 0, 0, 0, "", "");

    private final State state;
    private final int tilesDone;
    private final int tilesTotal;
    private final int targetsFound;
    private final int visitsDone;
    private final int visitsPlanned;
    private final String folder;
    private final String message;

    SurveyProgress(State state, int tilesDone, int tilesTotal, int targetsFound, int visitsDone, int visitsPlanned,
            String folder, String message) {
        this.state = Objects.requireNonNull(state, "state");
        this.tilesDone = tilesDone;
        this.tilesTotal = tilesTotal;
        this.targetsFound = targetsFound;
        this.visitsDone = visitsDone;
        this.visitsPlanned = visitsPlanned;
        this.folder = Objects.requireNonNull(folder, "folder");
        this.message = Objects.requireNonNull(message, "message");
    }

    public State state() {
        return state;
    }

    public int tilesDone() {
        return tilesDone;
    }

    /** Tiles in the plan (0 before the plan is made). */
    public int tilesTotal() {
        return tilesTotal;
    }

    public int targetsFound() {
        return targetsFound;
    }

    /** Visits that acquired their data (not refused, not over a budget). */
    public int visitsDone() {
        return visitsDone;
    }

    /** Targets chosen for a visit (known once the survey's tiles are done). */
    public int visitsPlanned() {
        return visitsPlanned;
    }

    /** The run folder, absolute, or {@code ""} before it exists. */
    public String folder() {
        return folder;
    }

    public String message() {
        return message;
    }

    SurveyProgress with(State s, String text) {
        return new SurveyProgress(s, tilesDone, tilesTotal, targetsFound, visitsDone, visitsPlanned, folder, text);
    }

    SurveyProgress withTiles(int done, int total, int targets) {
        return new SurveyProgress(state, done, total, targets, visitsDone, visitsPlanned, folder, message);
    }

    SurveyProgress withVisits(int done, int planned) {
        return new SurveyProgress(state, tilesDone, tilesTotal, targetsFound, done, planned, folder, message);
    }

    SurveyProgress withFolder(String path) {
        return new SurveyProgress(state, tilesDone, tilesTotal, targetsFound, visitsDone, visitsPlanned, path,
                message);
    }

    @Override
    public String toString() {
        return state + ": tiles " + tilesDone + "/" + tilesTotal + ", targets " + targetsFound + ", visits "
                + visitsDone + "/" + visitsPlanned + (folder.isEmpty() ? "" : ", " + folder)
                + (message.isEmpty() ? "" : " (" + message + ")");
    }
}
