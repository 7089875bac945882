package org.reflexscope.policy.survey.record;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reflexscope.policy.survey.SurveyTarget;
import org.reflexscope.policy.survey.Visit;

/**
 * {@code targets.csv}: one row per target the survey found, in order of discovery: id, tile, stage position (µm),
 * the detection's intensity, size and elongation, rank (1 = best; empty if over the budget), and the visit's
 * outcome, stage position at acquisition and re-centring correction (empty if not visited).
 */
public final class TargetTable {
    /** The header row. */
    public static final String HEADER = "id,tile,x_um,y_um,intensity,size_px,elongation,rank,visit,visit_x_um,"
            + "visit_y_um,correction_um";

    private TargetTable() {
    }

    public static void write(Path csv, List<SurveyTarget> targets, List<SurveyTarget> ranked, List<Visit> visits)
            throws IOException {
        Map<Integer, Integer> rank = new HashMap<>();
        for (int i = 0; i < ranked.size(); i++) {
            rank.put(ranked.get(i).id(), i + 1);
        }
        Map<Integer, Visit> byTarget = new HashMap<>();
        visits.forEach(v -> byTarget.put(v.target().id(), v));
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write(HEADER + "\n");
            for (SurveyTarget t : targets) {
                Visit v = byTarget.get(t.id());
                Integer r = rank.get(t.id());
                w.write(String.format(Locale.ROOT, "%d,%d,%.2f,%.2f,%.1f,%.2f,%.3f,%s,%s,%s,%s,%s%n", t.id(),
                        t.tileIndex(), t.xUm(), t.yUm(), t.detection().intensity(), t.detection().sizePx(),
                        t.detection().elongation(), r == null ? "" : r.toString(),
                        v == null ? "" : v.outcome().name().toLowerCase(Locale.ROOT),
                        v == null ? "" : num(v.stageXUm()), v == null ? "" : num(v.stageYUm()),
                        v == null ? "" : num(v.correctionUm())));
            }
        }
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "";
    }
}
