package org.reflexscope.policy.survey.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.survey.SelectionRule;
import org.reflexscope.policy.survey.StageTiming;
import org.reflexscope.policy.survey.SurveyCost;
import org.reflexscope.policy.survey.SurveyResult;
import org.reflexscope.policy.survey.SurveyTarget;
import org.reflexscope.policy.survey.Visit;
import org.reflexscope.policy.survey.VisitSettings;

/**
 * A survey's {@code report.html}: one self-contained page (the overview picture inlined as a PNG data URI, no
 * script, no external file) with what happened, the overview with the targets, the budget used against each
 * limit, time and light against an exhaustive high-resolution tiling of the same area, every visit (outcome,
 * stage position, re-centring correction, and the centring error where a ground truth knows it) and every target.
 * Elements tests and users can find: {@code img#overview}, {@code table#budget}, {@code table#cost},
 * {@code table#visits}, {@code table#targets}. Immutable; made with {@link #builder}.
 */
public final class SurveyReport {
    private final String title;
    private final SurveyResult result;
    private final StageTiming timing;
    private final SurveyCost tiling;
    private final String tilingLabel;
    private final int countBudget;
    private final double timeBudgetMs;
    private final double lightBudgetMs;
    private final List<String> lines;
    private final Map<String, String> settings;
    private final Map<Integer, Double> centringErrorsUm;

    private SurveyReport(Builder b) {
        this.title = b.title;
        this.result = b.result;
        this.timing = b.timing;
        this.tiling = b.tiling;
        this.tilingLabel = b.tilingLabel;
        this.countBudget = b.countBudget;
        this.timeBudgetMs = b.timeBudgetMs;
        this.lightBudgetMs = b.lightBudgetMs;
        this.lines = Collections.unmodifiableList(new ArrayList<>(b.lines));
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(b.settings));
        this.centringErrorsUm = Collections.unmodifiableMap(new HashMap<>(b.centringErrorsUm));
    }

    /**
     * A report of {@code result}, its time priced with {@code timing}.
     *
     * @param countBudget the most targets the survey could visit
     */
    public static Builder builder(String title, SurveyResult result, StageTiming timing, int countBudget) {
        return new Builder(title, result, timing, countBudget);
    }

    /** Writes the page to {@code html} (UTF-8), with {@code overviewPng} inlined when it exists. */
    public void write(Path html, Path overviewPng) throws IOException {
        byte[] png = overviewPng != null && Files.isRegularFile(overviewPng) ? Files.readAllBytes(overviewPng) : null;
        Files.write(html, render(png).getBytes(StandardCharsets.UTF_8));
    }

    /** The page; {@code overviewPng} null: no overview picture (the page says so). */
    public String render(byte[] overviewPng) {
        StringBuilder h = new StringBuilder(1 << 15);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>").append(esc(title))
                .append("</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2em auto;")
                .append("max-width:960px;color:#222;line-height:1.4}\n")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .7em;")
                .append("text-align:left}th{background:#f3f3f3;font-weight:600}td.n{text-align:right}\n")
                .append(".bar{display:inline-block;height:.9em;background:#1f77b4;vertical-align:middle}")
                .append(".bar.hi{background:#d62728}\nfigure{margin:1.5em 0}figcaption{color:#555;font-size:.9em}\n")
                .append(".centred{color:#2a7d2a}.refused{color:#b00}.over_budget{color:#8a6d00}\n")
                .append("</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n");
        h.append("<h2>What happened</h2>\n<ul class=\"story\">\n");
        for (String s : story()) {
            h.append("<li>").append(esc(s)).append("</li>\n");
        }
        h.append("</ul>\n<p class=\"files\">Files: <a href=\"tiles/\">tiles/</a> · <a href=\"visits/\">visits/</a> · ")
                .append("<a href=\"targets.csv\">targets.csv</a> · <a href=\"plan-events.json\">plan-events.json</a>")
                .append(" · <a href=\"survey-recipe.json\">survey-recipe.json</a></p>\n");
        h.append("<h2>Overview</h2>\n");
        if (overviewPng == null) {
            h.append("<p class=\"absent\">No overview picture: no tile was acquired.</p>\n");
        } else {
            h.append("<figure><img id=\"overview\" alt=\"overview of the survey\" style=\"max-width:100%\" ")
                    .append("src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(overviewPng))
                    .append("\">\n<figcaption>The ").append(result.plan().tiles().size()).append(" tiles at their ")
                    .append("stage positions (x to the right, y down); every target circled and numbered by its id: ")
                    .append("red visited, yellow left over the budget.</figcaption></figure>\n");
        }
        budget(h);
        cost(h);
        if (!settings.isEmpty()) {
            h.append("<h2>Settings</h2>\n<table id=\"settings\">\n");
            settings.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v))
                    .append("</td></tr>\n"));
            h.append("</table>\n");
        }
        visits(h);
        targets(h);
        return h.append("</body></html>\n").toString();
    }

    private List<String> story() {
        List<String> s = new ArrayList<>();
        Map<Visit.Outcome, Integer> outcomes = outcomes();
        s.add(String.format(Locale.ROOT, "Surveyed %d tiles, found %d targets (%d detections merged in tile "
                + "overlaps).", result.plan().tiles().size(), result.targets().size(), result.mergedDetections()));
        s.add(String.format(Locale.ROOT, "Visited %d: %d centred, %d uncorrected, %d refused by the safety envelope, "
                + "%d left over the time or light budget.", result.visits().size(),
                outcomes.get(Visit.Outcome.CENTRED), outcomes.get(Visit.Outcome.UNCORRECTED),
                outcomes.get(Visit.Outcome.REFUSED), outcomes.get(Visit.Outcome.OVER_BUDGET)));
        result.focusMap().ifPresent(m -> s.add(String.format(Locale.ROOT, "Focus map from %d points: slopes %.2f "
                + "and %.2f µm/mm, worst residual %.2f µm.", m.points().size(), m.slopesUmPerMm()[0],
                m.slopesUmPerMm()[1], m.maxResidualUm())));
        s.addAll(lines);
        return s;
    }

    private Map<Visit.Outcome, Integer> outcomes() {
        Map<Visit.Outcome, Integer> m = new EnumMap<>(Visit.Outcome.class);
        for (Visit.Outcome o : Visit.Outcome.values()) {
            m.put(o, 0);
        }
        result.visits().forEach(v -> m.merge(v.outcome(), 1, Integer::sum));
        return m;
    }

    private void budget(StringBuilder h) {
        SurveyCost c = result.cost();
        long acquired = result.visits().stream().filter(v -> v.outcome().acquired()).count();
        h.append("<h2>Budget</h2>\n<table id=\"budget\">\n<tr><th></th><th>used</th><th>limit</th><th>share</th></tr>\n");
        budgetRow(h, "targets visited", acquired, countBudget, "%.0f");
        budgetRow(h, "instrument time (s)", c.timeMs(timing) / 1000, timeBudgetMs / 1000, "%.2f");
        budgetRow(h, "light (ms of exposure)", c.lightMs(), lightBudgetMs, "%.0f");
        h.append("</table>\n");
    }

    private static void budgetRow(StringBuilder h, String what, double used, double limit, String format) {
        boolean bounded = Double.isFinite(limit);
        double share = bounded && limit > 0 ? used / limit : Double.NaN;
        h.append("<tr><th>").append(what).append("</th><td class=\"n\">").append(fmt(format, used))
                .append("</td><td class=\"n\">").append(bounded ? fmt(format, limit) : "none").append("</td><td>");
        if (!Double.isNaN(share)) {
            h.append(bar(Math.min(1, share), 200, share > 0.999)).append(' ')
                    .append(String.format(Locale.ROOT, "%.0f %%", 100 * share));
        }
        h.append("</td></tr>\n");
    }

    private void cost(StringBuilder h) {
        SurveyCost c = result.cost();
        h.append("<h2>Time and light</h2>\n<table id=\"cost\">\n<tr><th></th><th>frames</th><th>light (ms)</th>")
                .append("<th>moves</th><th>travel (µm)</th><th>objective switches</th><th>time (s)</th>")
                .append("<th>time</th></tr>\n");
        double max = tiling == null ? c.timeMs(timing) : Math.max(c.timeMs(timing), tiling.timeMs(timing));
        costRow(h, "this survey", c, max, false);
        if (tiling != null) {
            costRow(h, tilingLabel, tiling, max, true);
        }
        h.append("</table>\n");
        if (tiling != null) {
            h.append(String.format(Locale.ROOT, "<p id=\"ratio\">The survey took %.1f× less time and %.1f× less light "
                    + "than %s. Time is priced, not measured: exposures, plus %.1f ms settle per move, travel at "
                    + "%.1f µm/ms and %.0f ms per objective switch; analysis overlaps the next move and is not "
                    + "counted.</p>\n", tiling.timeMs(timing) / c.timeMs(timing), tiling.lightMs() / c.lightMs(),
                    esc(tilingLabel), timing.settleMs(), timing.xySpeedUmPerMs(), timing.objectiveSwitchMs()));
        } else {
            h.append("<p>No exhaustive tiling estimate for this survey.</p>\n");
        }
    }

    private void costRow(StringBuilder h, String what, SurveyCost c, double maxTimeMs, boolean tilingRow) {
        h.append("<tr><th>").append(esc(what)).append("</th><td class=\"n\">").append(c.frames())
                .append("</td><td class=\"n\">").append(fmt("%.0f", c.lightMs())).append("</td><td class=\"n\">")
                .append(c.moves()).append("</td><td class=\"n\">").append(fmt("%.0f", c.travelUm()))
                .append("</td><td class=\"n\">").append(c.objectiveSwitches()).append("</td><td class=\"n\">")
                .append(fmt("%.1f", c.timeMs(timing) / 1000)).append("</td><td>")
                .append(bar(maxTimeMs > 0 ? c.timeMs(timing) / maxTimeMs : 0, 240, tilingRow)).append("</td></tr>\n");
    }

    private void visits(StringBuilder h) {
        h.append("<h2>Visits</h2>\n");
        if (result.visits().isEmpty()) {
            h.append("<p>No target was visited.</p>\n");
            return;
        }
        boolean truth = !centringErrorsUm.isEmpty();
        h.append("<p>In visit order. The correction is how far the short look moved the stage to centre the object")
                .append(truth ? "; the centring error is the distance from the acquisition's field centre to the "
                        + "nearest true object (ground truth)" : "").append(".</p>\n")
                .append("<table id=\"visits\">\n<tr><th>#</th><th>target</th><th>outcome</th><th>stage x (µm)</th>")
                .append("<th>stage y (µm)</th><th>correction (µm)</th>")
                .append(truth ? "<th>centring error (µm)</th>" : "").append("<th>frames</th><th>note</th></tr>\n");
        int i = 1;
        for (Visit v : result.visits()) {
            String outcome = v.outcome().name().toLowerCase(Locale.ROOT);
            h.append("<tr><td class=\"n\">").append(i++).append("</td><td class=\"n\">").append(v.target().id())
                    .append("</td><td class=\"").append(outcome).append("\">").append(outcome)
                    .append("</td><td class=\"n\">").append(fmt("%.1f", v.stageXUm())).append("</td><td class=\"n\">")
                    .append(fmt("%.1f", v.stageYUm())).append("</td><td class=\"n\">")
                    .append(v.outcome().acquired() ? fmt("%.2f", v.correctionUm()) : "");
            if (truth) {
                Double e = centringErrorsUm.get(v.target().id());
                h.append("</td><td class=\"n\">").append(e == null ? "" : fmt("%.2f", e));
            }
            h.append("</td><td class=\"n\">").append(v.frames()).append("</td><td>").append(esc(v.reason()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private void targets(StringBuilder h) {
        Map<Integer, Integer> rank = new HashMap<>();
        for (int i = 0; i < result.ranked().size(); i++) {
            rank.put(result.ranked().get(i).id(), i + 1);
        }
        Map<Integer, Visit> byTarget = new HashMap<>();
        result.visits().forEach(v -> byTarget.put(v.target().id(), v));
        h.append("<h2>Targets</h2>\n<p>Every target the selection rule kept, in order of discovery (also in ")
                .append("<a href=\"targets.csv\">targets.csv</a>).</p>\n<table id=\"targets\">\n<tr><th>id</th>")
                .append("<th>tile</th><th>x (µm)</th><th>y (µm)</th><th>intensity</th><th>size (px)</th>")
                .append("<th>elongation</th><th>rank</th><th>visit</th></tr>\n");
        for (SurveyTarget t : result.targets()) {
            Visit v = byTarget.get(t.id());
            Integer r = rank.get(t.id());
            h.append("<tr><td class=\"n\">").append(t.id()).append("</td><td class=\"n\">").append(t.tileIndex())
                    .append("</td><td class=\"n\">").append(fmt("%.1f", t.xUm())).append("</td><td class=\"n\">")
                    .append(fmt("%.1f", t.yUm())).append("</td><td class=\"n\">")
                    .append(fmt("%.0f", t.detection().intensity())).append("</td><td class=\"n\">")
                    .append(fmt("%.1f", t.detection().sizePx())).append("</td><td class=\"n\">")
                    .append(fmt("%.2f", t.detection().elongation())).append("</td><td class=\"n\">")
                    .append(r == null ? "" : r.toString()).append("</td><td>")
                    .append(v == null ? "" : v.outcome().name().toLowerCase(Locale.ROOT)).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static String bar(double fraction, int widthPx, boolean highlight) {
        return "<span class=\"bar" + (highlight ? " hi" : "") + "\" style=\"width:"
                + Math.max(1, Math.round(fraction * widthPx)) + "px\"></span>";
    }

    private static String fmt(String format, double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Sets what a survey report shows beyond the result. */
    public static final class Builder {
        private final String title;
        private final SurveyResult result;
        private final StageTiming timing;
        private final int countBudget;
        private SurveyCost tiling;
        private String tilingLabel = "";
        private double timeBudgetMs = Double.POSITIVE_INFINITY;
        private double lightBudgetMs = Double.POSITIVE_INFINITY;
        private final List<String> lines = new ArrayList<>();
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final Map<Integer, Double> centringErrorsUm = new HashMap<>();

        private Builder(String title, SurveyResult result, StageTiming timing, int countBudget) {
            this.title = Objects.requireNonNull(title, "title");
            this.result = Objects.requireNonNull(result, "result");
            this.timing = Objects.requireNonNull(timing, "timing");
            this.countBudget = countBudget;
        }

        /** The cost of imaging the same area exhaustively at high resolution, and what that tiling is. */
        public Builder optTiling(SurveyCost cost, String label) {
            tiling = Objects.requireNonNull(cost, "cost");
            tilingLabel = Objects.requireNonNull(label, "label");
            return this;
        }

        /** The time and light budgets (ms; infinite: none). */
        public Builder optBudgets(double timeMs, double lightMs) {
            timeBudgetMs = timeMs;
            lightBudgetMs = lightMs;
            return this;
        }

        /** One more sentence for "What happened" (e.g. the score against a ground truth). */
        public Builder optLine(String line) {
            lines.add(Objects.requireNonNull(line, "line"));
            return this;
        }

        /** One row of the settings table. */
        public Builder optSetting(String name, String value) {
            settings.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * The settings rows every survey shares: the selection rule and the visit acquisition (kind, planes,
         * channels, time points, frames per visit, re-centring).
         */
        public Builder optVisit(SelectionRule rule, VisitSettings visit) {
            AcquisitionRequest a = visit.acquisition();
            optSetting("selection rule", rule.toString());
            return optSetting("visit acquisition", String.format(Locale.ROOT, "%s, %d frames%s%s: %d frames per "
                    + "visit, %s", a.kind(), a.frames(), visit.channels().isEmpty() ? ""
                    : " in channels " + String.join(", ", visit.channels()), visit.timePoints() < 2 ? ""
                    : String.format(Locale.ROOT, " at %d time points %.0f ms apart", visit.timePoints(),
                            visit.intervalMs()), visit.framesPerVisit(), visit.recentre()
                    ? "re-centred by a short look" : "not re-centred"));
        }

        /** The ground truth's centring error of each visit that acquired, by target id (µm). */
        public Builder optCentringErrorsUm(Map<Integer, Double> byTargetId) {
            centringErrorsUm.putAll(byTargetId);
            return this;
        }

        public SurveyReport build() {
            return new SurveyReport(this);
        }
    }
}
