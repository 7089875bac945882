package org.reflexscope.mm.survey;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.reflexscope.mm.panel.SettingsStore;

/**
 * What the panel's Survey section asks for: the area (Studio's position list, or a grid of rows × columns of survey
 * fields centred on the current stage position, overlapping by a fraction of the field), the survey and visit
 * objectives ({@code ""}: the objective group's lowest and highest magnification, as {@code reflex survey --mm}),
 * the most targets visited, and the folder the run folders go to ({@code ""}: {@code ~/Reflex/surveys}).
 * Immutable; {@link #problems()} says what is wrong before a survey starts.
 */
public final class SurveySettings {
    /** Where the survey's tiles come from. */
    public enum Area {
        /** The XY positions of Studio's Stage Position List, in its order. */
        POSITION_LIST,
        /** Rows × columns of survey fields around the current position, serpentine. */
        GRID
    }

    static final String KEY_PREFIX = "survey.";
    private static final SurveySettings DEFAULTS = new Builder().build();

    private final Area area;
    private final int rows;
    private final int columns;
    private final double overlap;
    private final String surveyObjective;
    private final String visitObjective;
    private final int budget;
    private final String folder;
    private final double xyRangeUm;

    private SurveySettings(Builder b) {
        this.xyRangeUm = b.xyRangeUm;
        this.area = b.area;
        this.rows = b.rows;
        this.columns = b.columns;
        this.overlap = b.overlap;
        this.surveyObjective = b.surveyObjective;
        this.visitObjective = b.visitObjective;
        this.budget = b.budget;
        this.folder = b.folder;
    }

    /** A 3 × 3 grid, 10 % overlap, objectives chosen by magnification, 2 targets visited. */
    public static SurveySettings defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().optArea(area).optGrid(rows, columns).optOverlap(overlap)
                .optObjectives(surveyObjective, visitObjective).optBudget(budget).optFolder(folder)
                .optXyRangeUm(xyRangeUm);
    }

    public Area area() {
        return area;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** Overlap of neighbouring grid tiles, a fraction of the field. */
    public double overlap() {
        return overlap;
    }

    /** The survey objective preset, or {@code ""} for the lowest magnification. */
    public String surveyObjective() {
        return surveyObjective;
    }

    /** The visit objective preset, or {@code ""} for the highest magnification. */
    public String visitObjective() {
        return visitObjective;
    }

    /** Most targets visited. */
    public int budget() {
        return budget;
    }

    /** The folder for run folders, or {@code ""} for the default. */
    public String folder() {
        return folder;
    }

    /**
     * Half the side of the safety envelope's XY box, centred on the stage position when the survey starts, µm: no
     * tile or visit outside it (default 2000, as {@code reflex survey --mm}).
     */
    public double xyRangeUm() {
        return xyRangeUm;
    }

    /** What must change before a survey can start, one sentence each; empty when the settings are usable. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (area == Area.GRID && (rows < 1 || columns < 1 || rows * (long) columns > 10_000)) {
            p.add("Grid rows and columns must be at least 1 (at most 10000 tiles), got " + rows + " x " + columns
                    + ".");
        }
        if (!(overlap >= 0 && overlap <= 0.9)) {
            p.add("Overlap must be a fraction in [0, 0.9], got " + overlap + ".");
        }
        if (!(xyRangeUm > 0) || Double.isInfinite(xyRangeUm)) {
            p.add("The XY range around the start must be > 0 µm, got " + xyRangeUm + ".");
        }
        if (budget < 0) {
            p.add("Targets to visit must be 0 or more, got " + budget + ".");
        }
        if (!surveyObjective.isEmpty() && surveyObjective.equals(visitObjective)) {
            p.add("The survey and visit objectives are both " + surveyObjective + ": choose two objectives.");
        }
        return p;
    }

    /** The settings saved by {@link #saveTo}, or the defaults for what is missing or unreadable. */
    public static SurveySettings loadFrom(SettingsStore store) {
        Builder b = new Builder();
        try {
            b.optArea(Area.valueOf(store.get(KEY_PREFIX + "area", DEFAULTS.area.name())));
        } catch (IllegalArgumentException e) {
            b.optArea(DEFAULTS.area);
        }
        b.optGrid(integer(store, "rows", DEFAULTS.rows), integer(store, "columns", DEFAULTS.columns));
        b.optOverlap(number(store, "overlap", DEFAULTS.overlap));
        b.optObjectives(store.get(KEY_PREFIX + "surveyObjective", ""), store.get(KEY_PREFIX + "visitObjective", ""));
        b.optBudget(integer(store, "budget", DEFAULTS.budget));
        b.optFolder(store.get(KEY_PREFIX + "folder", ""));
        b.optXyRangeUm(number(store, "xyRange", DEFAULTS.xyRangeUm));
        return b.build();
    }

    /** Saves these settings under keys {@code survey.*}. */
    public void saveTo(SettingsStore store) {
        store.put(KEY_PREFIX + "area", area.name());
        store.put(KEY_PREFIX + "rows", Integer.toString(rows));
        store.put(KEY_PREFIX + "columns", Integer.toString(columns));
        store.put(KEY_PREFIX + "overlap", Double.toString(overlap));
        store.put(KEY_PREFIX + "surveyObjective", surveyObjective);
        store.put(KEY_PREFIX + "visitObjective", visitObjective);
        store.put(KEY_PREFIX + "budget", Integer.toString(budget));
        store.put(KEY_PREFIX + "folder", folder);
        store.put(KEY_PREFIX + "xyRange", Double.toString(xyRangeUm));
    }

    private static int integer(SettingsStore s, String key, int fallback) {
        try {
            return Integer.parseInt(s.get(KEY_PREFIX + key, Integer.toString(fallback)).trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static double number(SettingsStore s, String key, double fallback) {
        try {
            return Double.parseDouble(s.get(KEY_PREFIX + key, Double.toString(fallback)).trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s%s, overlap %.2f, objectives %s -> %s, budget %d",
                area, area == Area.GRID ? " " + rows + "x" + columns : "", overlap,
                surveyObjective.isEmpty() ? "(lowest)" : surveyObjective,
                visitObjective.isEmpty() ? "(highest)" : visitObjective, budget);
    }

    /** Builder of {@link SurveySettings}; range checks are {@link SurveySettings#problems()}'s. */
    public static final class Builder {
        private Area area = Area.GRID;
        private int rows = 3;
        private int columns = 3;
        private double overlap = 0.1;
        private String surveyObjective = "";
        private String visitObjective = "";
        private int budget = 2;
        private String folder = "";
        private double xyRangeUm = 2000;

        private Builder() {
        }

        public Builder optArea(Area v) {
            this.area = Objects.requireNonNull(v, "area");
            return this;
        }

        public Builder optGrid(int rowCount, int columnCount) {
            this.rows = rowCount;
            this.columns = columnCount;
            return this;
        }

        public Builder optOverlap(double v) {
            this.overlap = v;
            return this;
        }

        /** The survey and visit objective presets ({@code ""} or null: chosen by magnification). */
        public Builder optObjectives(String survey, String visit) {
            this.surveyObjective = survey == null ? "" : survey.trim();
            this.visitObjective = visit == null ? "" : visit.trim();
            return this;
        }

        public Builder optBudget(int v) {
            this.budget = v;
            return this;
        }

        public Builder optFolder(String v) {
            this.folder = v == null ? "" : v.trim();
            return this;
        }

        public Builder optXyRangeUm(double v) {
            this.xyRangeUm = v;
            return this;
        }

        public SurveySettings build() {
            return new SurveySettings(this);
        }
    }
}
