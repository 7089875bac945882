package org.reflexscope.mm.panel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import org.reflexscope.core.analysis.CameraModel;
import org.reflexscope.core.metrics.LatencySummary;
import org.reflexscope.policy.engine.EngineCounters;
import org.reflexscope.policy.session.SessionStatus;

/**
 * The report a panel run leaves in its folder when it stops: {@code report.html}, one table of what happened
 * (frames published, recorded, lost; decisions, executed and rejected plans and the last rejection; decision
 * latency), the camera model the analysis used and the settings. Each value sits in a cell whose {@code id} names it (e.g. {@code framesRecorded}),
 * so that a script can read it back. Stateless; any thread.
 */
final class RunSummary {
    /** The report's file name in the run folder. */
    static final String FILE = "report.html";

    private RunSummary() {
    }

    /**
     * Writes the report of the run that ended with {@code s}, run with {@code settings}, to {@code file}: the
     * session's numbers, {@code signalAlarms} (the run's {@link org.reflexscope.policy.signal.SignalMonitor}
     * messages) after the session's alarms, and its analysis's {@code camera} (cell {@code camera}: each value with
     * its source).
     */
    static void write(SessionStatus s, List<String> signalAlarms, RunSettings settings, CameraModel camera, Path file)
            throws IOException {
        Files.write(file, html(s, signalAlarms, settings, camera).getBytes(StandardCharsets.UTF_8));
    }

    /** The camera model as one line: each value with its source and how it was obtained. */
    static String cameraLine(CameraModel c) {
        return String.format(Locale.ROOT, "gain %s counts/e-; offset %s counts; read noise %s e-",
                c.gainValue(), c.isOffsetPerFrame() ? "per frame, last " + c.offsetValue() : c.offsetValue(),
                c.readNoiseValue());
    }

    /** The numbers of the report, by cell id, in display order. */
    static Map<String, String[]> rows(SessionStatus s) {
        return rows(s, List.of());
    }

    /** As {@link #rows(SessionStatus)}, the alarms followed by {@code signalAlarms}. */
    static Map<String, String[]> rows(SessionStatus s, List<String> signalAlarms) {
        EngineCounters e = s.engine();
        LatencySummary lat = s.decisionLatency();
        boolean hasLatency = lat != null && lat.count() > 0;
        Map<String, String[]> rows = new LinkedHashMap<>();
        rows.put("state", row("Ended as", s.state().name()));
        rows.put("seconds", row("Duration, s", String.format(Locale.ROOT, "%.1f", s.elapsedNanos() / 1e9)));
        rows.put("framesPublished", row("Frames from the camera", Long.toString(s.framesPublished())));
        rows.put("framesRecorded", row("Frames recorded", Long.toString(s.framesRecorded())));
        rows.put("framesLost", row("Frames lost", Long.toString(s.framesLost())));
        rows.put("framesSkipped", row("Frames the analysis skipped (recorded)", Long.toString(s.pipeline().skipped())));
        rows.put("detections", row("Detections", Long.toString(s.totalDetections())));
        rows.put("decisions", row("Decisions", Long.toString(e.decisions())));
        rows.put("executed", row("Plans executed", Long.toString(e.executed())));
        rows.put("dryRunPlans", row("Plans logged only (dry run)", Long.toString(e.dryRunPlans())));
        rows.put("rejected", row("Plans the safety envelope rejected", Long.toString(e.rejected())));
        rows.put("lastRejection", row("Last rejection", SessionView.lastRejection(s)));
        rows.put("failures", row("Hardware failures", Long.toString(e.failures())));
        rows.put("latency", row("Decision latency p50 / p99, ms", hasLatency ? String.format(Locale.ROOT,
                "%.1f / %.1f", lat.p50Nanos() / 1e6, lat.p99Nanos() / 1e6) : "–"));
        List<String> alarms = new java.util.ArrayList<>(s.alarms());
        alarms.addAll(signalAlarms);
        rows.put("alarms", row("Alarms", String.join("; ", alarms)));
        return rows;
    }

    private static String[] row(String label, String value) {
        return new String[] {label, value};
    }

    static String html(SessionStatus s, List<String> signalAlarms, RunSettings settings, CameraModel camera) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Reflex run</title><style>body{font-family:sans-serif;margin:2em}td,th{padding:2px 12px;"
                + "text-align:left}th{font-weight:normal;color:#555}</style></head><body>\n<h1>Reflex run</h1>\n"
                + "<table>\n");
        Map<String, String[]> rows = rows(s, signalAlarms);
        rows.put("camera", row("Camera", cameraLine(camera)));
        for (Map.Entry<String, String[]> r : rows.entrySet()) {
            h.append("<tr><th>").append(esc(r.getValue()[0])).append("</th><td id=\"").append(r.getKey())
                    .append("\">").append(esc(r.getValue()[1])).append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Settings</h2>\n<p>").append(esc(settings.toString()))
                .append("</p>\n<p>Every decision is in decisions.jsonl, every frame in raw/.</p>\n</body></html>\n");
        return h.toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
