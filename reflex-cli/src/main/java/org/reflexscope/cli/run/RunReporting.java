package org.reflexscope.cli.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.reflexscope.cli.report.GrowableSeries;
import org.reflexscope.cli.report.Plot;
import org.reflexscope.cli.report.ReportWriter;
import org.reflexscope.cli.report.RunReport;
import org.reflexscope.cli.report.Series;
import org.reflexscope.cli.report.Thumbnail;
import org.reflexscope.core.metrics.LatencyRecorder;
import org.reflexscope.core.metrics.LatencySummary;
import org.reflexscope.core.metrics.PipelineMetrics;
import org.reflexscope.policy.engine.EngineCounters;
import org.reflexscope.policy.session.SessionStatus;
import org.reflexscope.sim.score.FrameRecord;
import org.reflexscope.sim.score.RunTrace;

/**
 * Turns a finished run into its outputs: {@code metrics.json}, {@code report.html} and the terminal summary.
 *
 * <p>The report's figures, by HTML id: {@code plot-focus} (stage Z, against the true focal plane with ground
 * truth), {@code plot-tracking} (field centre, against the true target with ground truth; only when track ran),
 * {@code plot-events} (detections and event score, triggers marked when hires ran), {@code plot-frame-interval}
 * and {@code plot-latency} (decision latency histogram). A figure without data is not drawn: the page names it
 * and says why. Without ground truth (replay, a real microscope) there are no truth lines and the page says so.
 */
public final class RunReporting {
    /** Every figure id of the report, in page order. */
    public static final List<String> PLOT_IDS = List.of("focus", "tracking", "events", "frame-interval", "latency");

    private final RunFolder folder;
    private final SessionStatus status;
    private final LatencyRecorder latencies;
    private final TimelineRecorder timeline;
    private final ResultTimeline results;
    private final HiResWriter hiRes;

    public RunReporting(RunFolder folder, SessionStatus status, LatencyRecorder latencies, TimelineRecorder timeline,
            ResultTimeline results, HiResWriter hiRes) {
        this.folder = folder;
        this.status = status;
        this.latencies = latencies;
        this.timeline = timeline;
        this.results = results;
        this.hiRes = hiRes;
    }

    /** The content of metrics.json: counters, latency percentiles, scores (null without ground truth). */
    public Map<String, Object> metrics(TraceScores scores, double lightDoseMs) {
        Map<String, Object> m = new LinkedHashMap<>();
        PipelineMetrics p = status.pipeline();
        m.put("state", status.state().name());
        m.put("wallSeconds", status.elapsedNanos() / 1e9);
        m.put("framesPerSecond", status.framesPerSecond());
        m.put("cameraSeconds", TraceScores.num(status.lastCameraTimeMs() / 1000.0));
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("published", p.published());
        f.put("recorded", status.framesRecorded());
        f.put("lost", status.framesLost());
        f.put("lostUpstreamReported", p.lostUpstreamReported());
        f.put("missingImageNumbers", p.missingImageNumbers());
        f.put("rejected", p.framesRejected());
        f.put("analysed", status.framesAnalysedLive());
        f.put("notLive", status.framesNotLive());
        f.put("skipped", p.skipped());
        f.put("analysisFailed", p.analysisFailed());
        f.put("producerStalls", p.producerStalls());
        f.put("producerStallMs", p.producerStallNanos() / 1e6);
        Map<String, Object> rec = new LinkedHashMap<>();
        p.recorders().forEach(c -> rec.put(c.name(), Map.of("recorded", c.handled(), "failed", c.failed())));
        f.put("recorders", rec);
        m.put("frames", f);
        EngineCounters e = status.engine();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("results", e.results());
        d.put("decisions", e.decisions());
        d.put("proposals", e.proposals());
        d.put("executed", e.executed());
        d.put("dryRunPlans", e.dryRunPlans());
        d.put("rejected", e.rejected());
        d.put("clamped", e.clamped());
        d.put("preempted", e.preempted());
        d.put("busy", e.busy());
        d.put("held", e.held());
        d.put("hardwareFailures", e.failures());
        d.put("hiResAcquisitions", hiRes.acquisitions());
        m.put("decisions", d);
        Map<String, Object> lat = new LinkedHashMap<>();
        for (Map.Entry<String, LatencySummary> en : status.latencies().entrySet()) {
            LatencySummary s = en.getValue();
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("count", s.count());
            one.put("p50", s.p50Nanos() / 1e6);
            one.put("p99", s.p99Nanos() / 1e6);
            one.put("max", s.maxNanos() / 1e6);
            one.put("mean", TraceScores.num(s.meanNanos() / 1e6));
            one.put("deadlineMisses", s.deadlineMisses());
            lat.put(en.getKey(), one);
        }
        m.put("latencyMs", lat);
        m.put("decisionLatencyHop", SessionStatus.HOP_CAMERA_TO_DECIDED);
        m.put("lightDoseMs", TraceScores.num(lightDoseMs));
        m.put("scores", scores == null ? null : scores.toMap());
        List<String> alarms = new ArrayList<>(status.alarms());
        alarms.addAll(hiRes.errors());
        m.put("alarms", alarms);
        return m;
    }

    /**
     * The camera section of settings.json ({@code gain}, {@code offset}, {@code readNoise}, each with value, unit,
     * source and detail) as one report line, e.g. {@code gain 0.52 counts/e- (estimated: ...); offset 100 counts
     * (user)}.
     */
    static String cameraLine(Map<?, ?> camera) {
        List<String> parts = new ArrayList<>();
        for (String key : new String[] {"gain", "offset", "readNoise"}) {
            if (!(camera.get(key) instanceof Map)) {
                continue;
            }
            Map<?, ?> v = (Map<?, ?>) camera.get(key);
            Object value = v.get("value");
            String shown = value instanceof Number ? String.format(Locale.ROOT, "%.4g",
                    ((Number) value).doubleValue()) : "per frame";
            parts.add((key.equals("readNoise") ? "read noise" : key) + " " + shown + " " + v.get("unit") + " ("
                    + v.get("source") + (v.get("detail") != null ? ": " + v.get("detail") : "") + ")");
        }
        return String.join("; ", parts);
    }

    /**
     * Writes report.html: the story first, then the summary, then only the figures that have data from what ran
     * (the tracking figure only when track ran; truth lines only with ground truth), each absent one named with
     * the reason.
     */
    public void writeReport(String name, String description, RunTrace trace, TraceScores scores,
            Map<String, Object> settings, boolean dryRun) throws IOException {
        RunReport.Builder r = RunReport.builder("Reflex run: " + name + (dryRun ? " (dry run)" : ""));
        List<String> ran = new ArrayList<>();
        if (settings.get("policies") instanceof List) {
            ((List<?>) settings.get("policies")).forEach(p -> ran.add(String.valueOf(p)));
        }
        Map<?, ?> parameters = settings.get("policyParameters") instanceof Map
                ? (Map<?, ?>) settings.get("policyParameters") : Map.of();
        double[] triggers = results.triggerTimes();
        RunStory.tell(status, ran, parameters, hiRes.acquisitions(), triggers, scores, dryRun).forEach(r::addStory);
        r.addLink("decisions.jsonl (every decision with its inputs)", "decisions.jsonl")
                .addLink("metrics.json", "metrics.json").addLink("recipe.json (what ran)", "recipe.json")
                .addLink("settings.json", "settings.json")
                .addLink("reflex.log", "reflex.log").addLink("recording/ (NDTiff)", "recording/");
        if (hiRes.acquisitions() > 0) {
            r.addLink("hires/", "hires/");
        }
        summaryRows(scores).forEach(r::optSummary);
        r.optSummary("Scenario", description.replaceAll("\\s+", " ").trim());
        r.optSummary("Seed", String.valueOf(((Map<?, ?>) settings.get("scenario")).get("seed")));
        r.optSummary("Policies", String.valueOf(settings.get("policies")));
        r.optSummary("Analysis", String.valueOf(((Map<?, ?>) settings.get("analysis")).get("chain")));
        if (settings.get("camera") instanceof Map) {
            r.optSummary("Camera", cameraLine((Map<?, ?>) settings.get("camera")));
        }
        r.optSummary("Software", "reflex " + settings.get("reflexVersion") + ", Java " + settings.get("java"));
        boolean hires = ran.contains("highres") || ran.contains("hires");
        double[] markers = hires ? triggers : new double[0];
        if (trace == null && !ran.contains("refocus")) {
            r.addAbsentFigure("Focus position", "refocus did not run and there is no ground truth to compare the "
                    + "fixed stage Z with");
        } else {
            r.addPlot(focusPlot(trace, markers, dryRun));
        }
        if (!ran.contains("track")) {
            r.addAbsentFigure("Tracked target", "track did not run in this run");
        } else {
            r.addPlot(trackingPlot(trace, timeline, dryRun));
        }
        r.addPlot(Plot.builder("events", "Detections and event score").setAxes("time (s)", "detections per frame")
                .addSeries(results.detectionSeries())
                .addSecondarySeries("event score", results.eventScoreSeries())
                .optMarkers("high-resolution trigger", markers)
                .optCaption("Number of detections in each analysed frame (left axis) and the frame's event score "
                        + "(right axis)" + (hires ? "; dashed red lines mark high-resolution acquisitions." : "."))
                .build());
        r.addPlot(Plot.builder("frame-interval", "Frame interval").setAxes("time (s)", "interval (ms)")
                .addSeries(timeline.intervalSeries())
                .optCaption("Camera time between consecutive recorded frames" + (ran.contains("rate")
                        ? ": the adaptive-rate policy switches it between slow and fast; gaps show as spikes."
                        : "; gaps show as spikes.")).build());
        r.addPlot(latencyPlot());
        for (Thumbnail t : hiRes.thumbnails()) {
            r.addThumbnail(t);
        }
        for (String a : status.alarms()) {
            r.addNote(a);
        }
        for (String a : hiRes.errors()) {
            r.addNote(a);
        }
        for (String ev : results.engineEvents()) {
            r.addNote(ev);
        }
        if (trace == null) {
            r.addNote("No ground truth for this run (replayed data or a real microscope): there are no truth lines "
                    + "and no scores; the figures show what the microscope did.");
        }
        new ReportWriter().write(r.build(), folder.report());
    }

    private Map<String, String> summaryRows(TraceScores s) {
        Map<String, String> rows = new LinkedHashMap<>();
        PipelineMetrics p = status.pipeline();
        rows.put("Frames recorded / published", status.framesRecorded() + " / " + p.published());
        rows.put("Frames lost", Long.toString(status.framesLost()));
        rows.put("Frames analysed / skipped", status.framesAnalysedLive() + " / " + p.skipped()
                + (p.analysisFailed() > 0 ? " (" + p.analysisFailed() + " failed)" : ""));
        if (!status.framesNotLive().isEmpty()) {
            List<String> why = new ArrayList<>();
            status.framesNotLive().forEach((plan, n) -> why.add(n + " during " + plan));
            rows.put("Frames not live (not analysed)", String.join("; ", why));
        }
        LatencySummary d = status.decisionLatency();
        rows.put("Decision latency p50 / p99", d == null ? "-" : fmt("%.2f / %.2f ms", d.p50Nanos() / 1e6,
                d.p99Nanos() / 1e6));
        EngineCounters e = status.engine();
        long acted = e.executed() + e.dryRunPlans();
        rows.put("Decisions", fmt("%d: %d %s, %d without action", e.decisions(), acted,
                e.dryRunPlans() > 0 ? "plans (dry run)" : "acted", Math.max(0, e.decisions() - acted)));
        rows.put("Envelope rejected / clamped", e.rejected() + " / " + e.clamped() + (e.failures() > 0
                ? fmt("; %d hardware failures", e.failures()) : ""));
        if (s != null) {
            rows.put("Events captured", s.events() == 0 ? "no events in this run" : fmt("%d of %d (%.0f%%)",
                    s.eventsCaptured(), s.events(), 100 * s.recall()) + (s.eventsInView() == s.events() ? ""
                    : fmt("; %d of the %d in view", s.eventsCapturedInView(), s.eventsInView())));
            rows.put("High-resolution acquisitions", s.hiResAcquisitions() + " (" + s.falseTriggers()
                    + " not on an event)");
            rows.put("Focus error RMS / max", Double.isNaN(s.focusRmsUm()) ? "-" : fmt("%.2f / %.2f µm (%.0f%% "
                    + "within the %.1f µm depth of field)", s.focusRmsUm(), s.focusMaxUm(),
                    100 * s.focusWithinDepthOfField(), s.depthOfFieldUm()));
            rows.put("Tracking error RMS / max", Double.isNaN(s.trackingRmsUm()) ? "no tracking target"
                    : fmt("%.1f / %.1f µm (%.0f%% within 10%% of the %.0f µm field)", s.trackingRmsUm(),
                            s.trackingMaxUm(), 100 * s.trackingWithinTenthOfField(), s.fieldOfViewUm()));
            rows.put("Light dose", fmt("%.0f exposure-ms (live %.0f)", s.lightDoseMs(), s.liveLightDoseMs()));
        } else {
            rows.put("High-resolution acquisitions", hiRes.acquisitions() + " (no ground truth: events not scored)");
        }
        rows.put("Wall time", fmt("%.1f s (%.1f frames/s)", status.elapsedNanos() / 1e9,
                status.framesPerSecond()));
        return rows;
    }

    /** Prints the end-of-run summary. */
    public void printSummary(PrintWriter out, TraceScores scores) {
        out.println();
        out.println("Run folder: " + folder.root());
        for (Map.Entry<String, String> e : summaryRows(scores).entrySet()) {
            out.printf(Locale.ROOT, "  %-34s %s%n", e.getKey(), e.getValue());
        }
        for (String a : status.alarms()) {
            out.println("  ALARM: " + a);
        }
        if (java.nio.file.Files.exists(folder.report())) {
            out.println("Report: " + folder.report());
        }
    }

    /** The run's essentials for {@code -q}: its folder, lost frames and alarms, each only when there are any. */
    public void printEssentials(PrintWriter out) {
        out.println("Run folder: " + folder.root());
        if (status.framesLost() > 0) {
            out.println("  Frames lost: " + status.framesLost());
        }
        for (String a : status.alarms()) {
            out.println("  ALARM: " + a);
        }
    }

    private Plot focusPlot(RunTrace trace, double[] triggers, boolean dryRun) {
        Plot.Builder b = Plot.builder("focus", trace == null ? "Focus position (stage Z)"
                : "Focus position vs the true focal plane").setAxes("time (s)", "Z (µm)");
        if (trace == null) {
            b.addSeries(timeline.zSeries());
            return b.optMarkers("high-resolution trigger", triggers).optCaption("Stage Z of each recorded frame"
                    + (dryRun ? " (a dry run: nothing moved)" : ", as the refocus policy moved it") + "; without ground "
                    + "truth the plane that was in focus is not known.")
                    .build();
        } else {
            GrowableSeries z = new GrowableSeries(trace.frames().size());
            GrowableSeries truth = new GrowableSeries(trace.frames().size());
            for (FrameRecord f : trace.frames()) {
                z.add(f.timeMs() / 1000.0, f.stageZUm());
                truth.add(f.timeMs() / 1000.0, f.focalPlaneUm());
            }
            b.addSeries(z.snapshot("focus position (stage Z)")).addSeries(truth.snapshot("true focal plane"));
        }
        return b.optMarkers("high-resolution trigger", triggers).optCaption("Stage Z of each live frame and the Z "
                + "that would have been in focus; the refocus policy keeps them together while the sample drifts.")
                .build();
    }

    private static Plot trackingPlot(RunTrace trace, TimelineRecorder timeline, boolean dryRun) {
        if (trace == null) {
            return Plot.builder("tracking", "Tracked target: stage position").setAxes("time (s)", "position (µm)")
                    .addSeries(named("field centre X", timeline.xSeries()))
                    .addSeries(named("field centre Y", timeline.ySeries()))
                    .optCaption("Stage position (the field centre) of each recorded frame" + (dryRun
                            ? " (a dry run: nothing moved)" : ", as the tracking policy moved it") + "; without ground "
                            + "truth the target's true position is not known.").build();
        }
        Plot.Builder b = Plot.builder("tracking", "Tracked target vs truth").setAxes("time (s)", "position (µm)");
        int n = trace.frames().size();
        GrowableSeries sx = new GrowableSeries(n);
        GrowableSeries sy = new GrowableSeries(n);
        GrowableSeries tx = new GrowableSeries(n);
        GrowableSeries ty = new GrowableSeries(n);
        GrowableSeries err = new GrowableSeries(n);
        for (FrameRecord f : trace.frames()) {
            double t = f.timeMs() / 1000.0;
            sx.add(t, f.stageXUm());
            sy.add(t, f.stageYUm());
            tx.add(t, f.targetXUm());
            ty.add(t, f.targetYUm());
            err.add(t, f.trackingErrorUm());
        }
        b.addSeries(sx.snapshot("field centre X")).addSeries(tx.snapshot("true target X"))
                .addSeries(sy.snapshot("field centre Y")).addSeries(ty.snapshot("true target Y"))
                .addSecondarySeries("distance to target (µm)", err.snapshot("tracking error"));
        return b.optCaption("Stage position (the field centre) and the true position of the tracking target; the "
                + "tracking policy keeps them together (right axis: their distance).").build();
    }

    private static Series named(String name, Series s) {
        double[] xs = new double[s.size()];
        double[] ys = new double[s.size()];
        for (int i = 0; i < s.size(); i++) {
            xs[i] = s.x(i);
            ys[i] = s.y(i);
        }
        return Series.of(name, xs, ys);
    }

    private Plot latencyPlot() {
        Histogram h = latencies.histogram(SessionStatus.HOP_CAMERA_TO_DECIDED);
        Plot.Builder b = Plot.builder("latency", "Decision latency (camera → decided)").setAxes("latency (ms)",
                "decisions").optStyle(Plot.Style.BARS);
        if (h.getTotalCount() > 0) {
            double maxMs = Math.max(0.05, h.getValueAtPercentile(99.9) / 1e6 * 1.1);
            double binMs = maxMs / 40;
            long binNanos = Math.max(1, Math.round(binMs * 1e6));
            GrowableSeries s = new GrowableSeries(64);
            long shown = 0;
            for (HistogramIterationValue v : h.linearBucketValues(binNanos)) {
                double upper = v.getValueIteratedTo() / 1e6;
                if (upper - binMs > maxMs) {
                    break;
                }
                s.add(upper - binMs / 2, v.getCountAddedInThisIterationStep());
                shown += v.getCountAddedInThisIterationStep();
            }
            b.addSeries(s.snapshot("decisions"));
            long rest = h.getTotalCount() - shown;
            LatencySummary sum = latencies.summary(SessionStatus.HOP_CAMERA_TO_DECIDED);
            b.optMarkers("p99", new double[] {sum.p99Nanos() / 1e6});
            b.optCaption(fmt("Time from the frame leaving the camera to the policy decision, for %d decisions: "
                    + "p50 %.2f ms, p99 %.2f ms, max %.2f ms%s. Dashed line: p99.", h.getTotalCount(),
                    sum.p50Nanos() / 1e6, sum.p99Nanos() / 1e6, sum.maxNanos() / 1e6,
                    rest > 0 ? fmt(" (%d above the plotted range)", rest) : ""));
        }
        return b.build();
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
