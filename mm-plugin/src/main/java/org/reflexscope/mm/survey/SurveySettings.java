package org.reflexscope.mm.survey;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.reflexscope.mm.panel.SettingsStore;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.survey.FocusMode;
import org.reflexscope.policy.survey.VisitOrder;
import org.reflexscope.policy.survey.VisitSettings;

/**
 * What the panel's Survey section asks for: the area (Studio's position list, or a grid of rows × columns of survey
 * fields centred on the current stage position, overlapping by a fraction of the field), the survey and visit
 * objectives ({@code ""}: the objective group's lowest and highest magnification, as {@code reflex survey --mm}),
 * the most targets visited, and the folder the run folders go to ({@code ""}: {@code ~/Reflex/surveys}); as
 * {@code reflex survey --mm}'s options: the focus per tile ({@link FocusMode}, with the Z scan's range and step), the
 * visit's channels (presets of the channel group) and short time-lapse, its z-stack (planes, step), the order of
 * visits ({@link VisitOrder}, with the batch size) and the time and light budgets. Immutable; {@link #problems()}
 * says what is wrong before a survey starts.
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
    /** The Z scan stays inside the envelope's ±50 µm around the start. */
    private static final double Z_RANGE_LIMIT_UM = 50;
    /**
     * Interleaved visits wait for this many settled targets (the panel's and {@code reflex survey --visit-batch}'s
     * default; chosen on seeds 1-3, docs/survey.md).
     */
    public static final int DEFAULT_BATCH = 5;
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
    private final FocusMode focus;
    private final double focusRangeUm;
    private final double focusStepUm;
    private final List<String> visitChannels;
    private final int timePoints;
    private final double intervalMs;
    private final int zPlanes;
    private final double zStepUm;
    private final VisitOrder order;
    private final int batch;
    private final double timeBudgetS;
    private final double lightBudgetMs;

    private SurveySettings(Builder b) {
        this.focus = b.focus;
        this.focusRangeUm = b.focusRangeUm;
        this.focusStepUm = b.focusStepUm;
        this.visitChannels = List.copyOf(b.visitChannels);
        this.timePoints = b.timePoints;
        this.intervalMs = b.intervalMs;
        this.zPlanes = b.zPlanes;
        this.zStepUm = b.zStepUm;
        this.order = b.order;
        this.batch = b.batch;
        this.timeBudgetS = b.timeBudgetS;
        this.lightBudgetMs = b.lightBudgetMs;
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

    /**
     * A 3 × 3 grid, 10 % overlap, objectives chosen by magnification, 2 targets visited, focus off, the visits a
     * 5-plane z-stack 1 µm apart in the current channel at one time point, survey first, no time or light budget.
     */
    public static SurveySettings defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().optArea(area).optGrid(rows, columns).optOverlap(overlap)
                .optObjectives(surveyObjective, visitObjective).optBudget(budget).optFolder(folder)
                .optXyRangeUm(xyRangeUm).optFocus(focus, focusRangeUm, focusStepUm).optVisitChannels(visitChannels)
                .optTimeLapse(timePoints, intervalMs).optZStack(zPlanes, zStepUm).optOrder(order, batch)
                .optBudgets(timeBudgetS, lightBudgetMs);
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

    /** How each tile is focused. */
    public FocusMode focus() {
        return focus;
    }

    /** The Z scan of {@link FocusMode#SCAN} and {@link FocusMode#MAP}: ± this range, µm (default 10). */
    public double focusRangeUm() {
        return focusRangeUm;
    }

    /** The Z scan's step, µm (default 1). */
    public double focusStepUm() {
        return focusStepUm;
    }

    /** The visit's presets of the microscope's channel group, in order; empty: the current channel. */
    public List<String> visitChannels() {
        return visitChannels;
    }

    /** Time points per visit (1: no time-lapse). */
    public int timePoints() {
        return timePoints;
    }

    /** Time between the starts of a visit's time points, ms. */
    public double intervalMs() {
        return intervalMs;
    }

    /** Planes of the visit's z-stack, centred on the focal plane. */
    public int zPlanes() {
        return zPlanes;
    }

    /** Distance between the visit's planes, µm. */
    public double zStepUm() {
        return zStepUm;
    }

    /** When targets are visited. */
    public VisitOrder order() {
        return order;
    }

    /** With {@link VisitOrder#INTERLEAVED}: targets queued before the microscope switches to the visit objective. */
    public int batch() {
        return batch;
    }

    /** Instrument time the survey may take, s; {@code +∞}: no time budget. */
    public double timeBudgetS() {
        return timeBudgetS;
    }

    /** Exposure the survey may spend, ms; {@code +∞}: no light budget. */
    public double lightBudgetMs() {
        return lightBudgetMs;
    }

    /** Whether a time or light budget is set. */
    public boolean hasBudgets() {
        return timeBudgetS < Double.POSITIVE_INFINITY || lightBudgetMs < Double.POSITIVE_INFINITY;
    }

    /**
     * The visit's acquisition: a z-stack of {@link #zPlanes()} planes {@link #zStepUm()} apart centred on the focal
     * plane, named {@code survey-visit}.
     *
     * @throws IllegalArgumentException if the planes or step are out of range ({@link #problems()} says so)
     */
    public AcquisitionRequest visitStack() {
        if (zPlanes < 1 || zPlanes > 1000) {
            throw new IllegalArgumentException("The visit z-stack needs 1 to 1000 planes, got " + zPlanes + ".");
        }
        double half = (zPlanes - 1) / 2.0 * zStepUm;
        return AcquisitionRequest.zStack(-half, half, zStepUm).withName("survey-visit");
    }

    /**
     * {@code base} with these settings' visit acquisition, channels and time-lapse.
     *
     * @throws IllegalArgumentException if any of them is out of range ({@link #problems()} says so)
     */
    public VisitSettings applyTo(VisitSettings base) {
        return base.withAcquisition(visitStack()).withChannels(visitChannels).withTimeLapse(timePoints, intervalMs);
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
        VisitSettings visit = VisitSettings.of("survey", "visit");
        try {
            visitStack();
        } catch (IllegalArgumentException e) {
            p.add(e.getMessage());
        }
        try {
            visit.withChannels(visitChannels);
        } catch (IllegalArgumentException e) {
            p.add(e.getMessage() + ".");
        }
        try {
            visit.withTimeLapse(timePoints, intervalMs);
        } catch (IllegalArgumentException e) {
            p.add(e.getMessage() + ".");
        }
        if (focus == FocusMode.SCAN || focus == FocusMode.MAP) {
            if (!(focusStepUm > 0 && focusRangeUm >= focusStepUm && focusRangeUm <= Z_RANGE_LIMIT_UM)) {
                p.add("The focus scan needs 0 < step <= range <= " + (int) Z_RANGE_LIMIT_UM + " µm, got ±"
                        + focusRangeUm + " µm in " + focusStepUm + " µm steps.");
            }
        }
        if (batch < 1) {
            p.add("Targets per visit batch must be at least 1, got " + batch + ".");
        }
        if (!(timeBudgetS > 0) || !(lightBudgetMs > 0)) {
            p.add("The time and light budgets must be > 0 (or empty for none), got " + timeBudgetS + " s and "
                    + lightBudgetMs + " ms.");
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
        b.optFocus(choice(FocusMode.values(), store.get(KEY_PREFIX + "focus", ""), DEFAULTS.focus),
                number(store, "focusRange", DEFAULTS.focusRangeUm), number(store, "focusStep", DEFAULTS.focusStepUm));
        String channels = store.get(KEY_PREFIX + "visitChannels", "").trim();
        b.optVisitChannels(channels.isEmpty() ? List.of() : List.of(channels.split("\\s*,\\s*")));
        b.optTimeLapse(integer(store, "timePoints", DEFAULTS.timePoints), number(store, "intervalMs",
                DEFAULTS.intervalMs));
        b.optZStack(integer(store, "zPlanes", DEFAULTS.zPlanes), number(store, "zStep", DEFAULTS.zStepUm));
        b.optOrder(choice(VisitOrder.values(), store.get(KEY_PREFIX + "order", ""), DEFAULTS.order),
                integer(store, "batch", DEFAULTS.batch));
        b.optBudgets(number(store, "timeBudgetS", DEFAULTS.timeBudgetS), number(store, "lightBudgetMs",
                DEFAULTS.lightBudgetMs));
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
        store.put(KEY_PREFIX + "focus", focus.name());
        store.put(KEY_PREFIX + "focusRange", Double.toString(focusRangeUm));
        store.put(KEY_PREFIX + "focusStep", Double.toString(focusStepUm));
        store.put(KEY_PREFIX + "visitChannels", String.join(",", visitChannels));
        store.put(KEY_PREFIX + "timePoints", Integer.toString(timePoints));
        store.put(KEY_PREFIX + "intervalMs", Double.toString(intervalMs));
        store.put(KEY_PREFIX + "zPlanes", Integer.toString(zPlanes));
        store.put(KEY_PREFIX + "zStep", Double.toString(zStepUm));
        store.put(KEY_PREFIX + "order", order.name());
        store.put(KEY_PREFIX + "batch", Integer.toString(batch));
        store.put(KEY_PREFIX + "timeBudgetS", Double.toString(timeBudgetS));
        store.put(KEY_PREFIX + "lightBudgetMs", Double.toString(lightBudgetMs));
    }

    private static <E extends Enum<E>> E choice(E[] values, String name, E fallback) {
        for (E v : values) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        return fallback;
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
        return String.format(Locale.ROOT, "%s%s, overlap %.2f, objectives %s -> %s, budget %d, focus %s, visits "
                + "%d planes x %s x %d time points, %s", area, area == Area.GRID ? " " + rows + "x" + columns : "",
                overlap, surveyObjective.isEmpty() ? "(lowest)" : surveyObjective,
                visitObjective.isEmpty() ? "(highest)" : visitObjective, budget, focus, zPlanes,
                visitChannels.isEmpty() ? "current channel" : visitChannels, timePoints, order);
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
        private FocusMode focus = FocusMode.OFF;
        private double focusRangeUm = 10;
        private double focusStepUm = 1;
        private List<String> visitChannels = List.of();
        private int timePoints = 1;
        private double intervalMs;
        private int zPlanes = 5;
        private double zStepUm = 1;
        private VisitOrder order = VisitOrder.SURVEY_FIRST;
        private int batch = DEFAULT_BATCH;
        private double timeBudgetS = Double.POSITIVE_INFINITY;
        private double lightBudgetMs = Double.POSITIVE_INFINITY;

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

        /** How each tile is focused, and the Z scan (± range, step, µm) of scan and map. */
        public Builder optFocus(FocusMode mode, double rangeUm, double stepUm) {
            this.focus = Objects.requireNonNull(mode, "focus");
            this.focusRangeUm = rangeUm;
            this.focusStepUm = stepUm;
            return this;
        }

        /** The visit's channel presets, in order (empty: the current channel). */
        public Builder optVisitChannels(List<String> presets) {
            this.visitChannels = new ArrayList<>();
            for (String c : Objects.requireNonNull(presets, "presets")) {
                this.visitChannels.add(c == null ? "" : c.trim());
            }
            return this;
        }

        /** Time points per visit and the time between their starts, ms. */
        public Builder optTimeLapse(int points, double intervalMsBetween) {
            this.timePoints = points;
            this.intervalMs = intervalMsBetween;
            return this;
        }

        /** The visit's z-stack: planes, centred on the focal plane, {@code stepUm} apart. */
        public Builder optZStack(int planes, double stepUm) {
            this.zPlanes = planes;
            this.zStepUm = stepUm;
            return this;
        }

        /** When targets are visited, and the batch size of interleaved visits. */
        public Builder optOrder(VisitOrder v, int batchSize) {
            this.order = Objects.requireNonNull(v, "order");
            this.batch = batchSize;
            return this;
        }

        /** Time (s) and light (ms of exposure) budgets; {@code +∞} (or NaN): none. */
        public Builder optBudgets(double timeS, double lightMs) {
            this.timeBudgetS = Double.isNaN(timeS) ? Double.POSITIVE_INFINITY : timeS;
            this.lightBudgetMs = Double.isNaN(lightMs) ? Double.POSITIVE_INFINITY : lightMs;
            return this;
        }

        public SurveySettings build() {
            return new SurveySettings(this);
        }
    }
}
