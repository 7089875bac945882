package org.reflexscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.reflexscope.core.record.NdTiffDatasetReader;
import org.reflexscope.core.record.RecordedFrame;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.optics.Objective;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.truth.GroundTruth;
import org.reflexscope.sim.truth.TrueObject;

/**
 * Test support for the robustness sweep: one cell of the sweep (a baseline scenario with some settings changed),
 * run as a user runs it ({@code reflex run} in this JVM, refocus on, default analysis) and measured from its run
 * folder and the scenario's ground truth.
 */
final class RobustnessCell {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The baseline: 40 cells over 96 x 96 µm (the 20X field) on a 16-bit camera with offset 100 ADU, the focal plane
     * drifting 3 µm/min with a slow wander, one frame every 500 ms for 30 s (60 frames).
     */
    static final String BASELINE = String.join("\n",
            "name: robustness",
            "description: baseline of the robustness sweep",
            "seed: 1",
            "durationS: 30",
            "camera:",
            "  width: 192",
            "  height: 192",
            "  exposureMs: 20",
            "  frameIntervalMs: 500",
            "optics:",
            "  objective: 20X",
            "drift:",
            "  focusRateUmPerMin: 3.0",
            "  wanderAmplitudeUm: 0.3",
            "  wanderPeriodS: 60",
            "specimen:",
            "  areaUm: [96, 96]",
            "  cells:",
            "    count: 40",
            "");

    final String name;
    final Map<String, Object> changes;
    final List<String> arguments;

    RobustnessCell(String name, Map<String, Object> changes, List<String> arguments) {
        this.name = name;
        this.changes = new LinkedHashMap<>(changes);
        this.arguments = List.copyOf(arguments);
    }

    /** This cell with more {@code reflex run} arguments (e.g. {@code --set refocus.stepUm=0.5}). */
    RobustnessCell withArguments(String newName, String... args) {
        return new RobustnessCell(newName, changes, List.of(args));
    }

    static RobustnessCell of(String name, Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new RobustnessCell(name, m, List.of());
    }

    /**
     * The cell's scenario with {@code seed}; the stage starts at the live objective's focal plane (ground truth), so
     * that the runs measure keeping focus, not finding it from a parfocal offset.
     */
    Scenario scenario(long seed) {
        Scenario s = Scenario.fromYaml(BASELINE).with("seed", seed);
        for (Map.Entry<String, Object> e : changes.entrySet()) {
            s = s.with(e.getKey(), e.getValue());
        }
        try (VirtualMicroscope scope = VirtualMicroscope.of(s)) {
            return s.with("stage.startZUm", scope.groundTruth().focalPlaneUm(0, s.optics().objective()));
        }
    }

    /** What one run of a cell gave. */
    static final class Outcome {
        final String cell;
        final long seed;
        final int exit;
        final long analysed;
        final long emptyFrames;
        final boolean objectsInView;
        final double inFocus;
        final double dofUm;
        final double maxSaturated;
        final int saturationAlarms;
        final int noDetectionAlarms;
        final double meanDetections;
        final long executedPlans;
        final String output;

        Outcome(String cell, long seed, int exit, long analysed, long emptyFrames, boolean objectsInView,
                double inFocus, double dofUm, double maxSaturated, int saturationAlarms, int noDetectionAlarms,
                double meanDetections, long executedPlans, String output) {
            this.cell = cell;
            this.seed = seed;
            this.exit = exit;
            this.analysed = analysed;
            this.emptyFrames = emptyFrames;
            this.objectsInView = objectsInView;
            this.inFocus = inFocus;
            this.dofUm = dofUm;
            this.maxSaturated = maxSaturated;
            this.saturationAlarms = saturationAlarms;
            this.noDetectionAlarms = noDetectionAlarms;
            this.meanDetections = meanDetections;
            this.executedPlans = executedPlans;
            this.output = output;
        }

        /** Whether the camera clipped light in some frame (at least one pixel in 2,000 at its largest value). */
        boolean saturates() {
            return maxSaturated >= 5e-4;
        }

        String row() {
            return String.format(Locale.ROOT, "| %s | %d | %d | %.1f%% | %.2f | %d | %.1f | %.3f%% | %d | %d |", cell,
                    seed, analysed, 100 * inFocus, dofUm, emptyFrames, meanDetections, 100 * maxSaturated,
                    saturationAlarms, noDetectionAlarms);
        }

        @Override
        public String toString() {
            return row();
        }
    }

    Outcome run(long seed, Path dir) throws IOException {
        Scenario s = scenario(seed);
        String file = name.replaceAll("[^A-Za-z0-9.-]+", "_") + "-" + seed;
        Path yaml = dir.resolve(file + ".yaml");
        Files.write(yaml, s.toYaml().getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve(file);
        List<String> args = new ArrayList<>(List.of("run", "--scenario", yaml.toString(), "--policies", "refocus",
                "--no-report", "--quiet", "--warm-up", "2", "-o", out.toString()));
        args.addAll(arguments);
        Cli c = Cli.run(args.toArray(new String[0]));
        if (c.exit != 0) {
            return new Outcome(name, seed, c.exit, 0, 0, false, Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, 0,
                    c.out + c.err);
        }
        JsonNode m = JSON.readTree(out.resolve("metrics.json").toFile());
        long analysed = m.path("frames").path("analysed").asLong();
        JsonNode focus = m.path("scores").path("focus");
        int sat = 0;
        int none = 0;
        for (JsonNode a : m.path("signalAlarms")) {
            if (a.path("kind").asText().equals("SATURATION")) {
                sat++;
            } else {
                none++;
            }
        }
        Set<Long> withDetections = new HashSet<>();
        long rows = 0;
        List<String> lines = Files.readAllLines(out.resolve("detections.csv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            withDetections.add(Long.parseLong(line.substring(0, line.indexOf(','))));
            rows++;
        }
        double maxSaturated = maxSaturatedFraction(out.resolve("recording"), (1 << s.camera().bitDepth()) - 1);
        long emptyInView = 0;
        try (VirtualMicroscope scope = VirtualMicroscope.of(s)) {
            GroundTruth truth = scope.groundTruth();
            for (String line : Files.readAllLines(out.resolve("decisions.jsonl"), StandardCharsets.UTF_8)) {
                JsonNode frame = JSON.readTree(line).path("frame");
                if (!withDetections.contains(frame.path("sequence").asLong())
                        && inView(s, truth, frame.path("cameraTimeMs").asDouble()) > 0) {
                    emptyInView++;
                }
            }
        }
        return new Outcome(name, seed, c.exit, analysed, emptyInView, objectsInView(s),
                focus.path("fractionWithinDepthOfField").asDouble(Double.NaN),
                focus.path("depthOfFieldUm").asDouble(Double.NaN), maxSaturated, sat, none,
                analysed == 0 ? 0 : rows / (double) analysed, m.path("decisions").path("executed").asLong(),
                c.out + c.err);
    }

    /**
     * The largest fraction of one recorded frame's pixels at {@code level}, read from the run's recording (what the
     * camera delivered), independently of the analysis.
     */
    private static double maxSaturatedFraction(Path recording, int level) throws IOException {
        double max = 0;
        try (NdTiffDatasetReader r = NdTiffDatasetReader.open(recording)) {
            for (RecordedFrame f : r.readAll()) {
                int n = f.frame().width() * f.frame().height();
                int at = 0;
                for (int y = 0; y < f.frame().height(); y++) {
                    for (int x = 0; x < f.frame().width(); x++) {
                        if (f.frame().valueAt(x, y) >= level) {
                            at++;
                        }
                    }
                }
                max = Math.max(max, at / (double) n);
            }
        }
        return max;
    }

    /**
     * True objects wholly inside the initial field at {@code tMs} (only refocus runs, so the stage keeps its XY
     * start).
     */
    static int inView(Scenario s, GroundTruth truth, double tMs) {
        Objective o = truth.objective(s.optics().objective());
        double halfW = s.camera().width() * o.pixelSizeUm() / 2;
        double halfH = s.camera().height() * o.pixelSizeUm() / 2;
        int n = 0;
        for (TrueObject obj : truth.objects(tMs)) {
            if (Math.abs(obj.xUm() - s.stage().startXUm()) + obj.radiusUm() < halfW
                    && Math.abs(obj.yUm() - s.stage().startYUm()) + obj.radiusUm() < halfH) {
                n++;
            }
        }
        return n;
    }

    /** Whether a true cell centre lies in the initial field at the start and at the end of the run (ground truth). */
    private static boolean objectsInView(Scenario s) {
        try (VirtualMicroscope scope = VirtualMicroscope.of(s)) {
            GroundTruth truth = scope.groundTruth();
            Objective o = truth.objective(s.optics().objective());
            double halfW = s.camera().width() * o.pixelSizeUm() / 2;
            double halfH = s.camera().height() * o.pixelSizeUm() / 2;
            for (double t : new double[] {0, s.durationS() * 1000}) {
                boolean any = false;
                for (TrueObject obj : truth.objects(t)) {
                    any |= Math.abs(obj.xUm() - s.stage().startXUm()) < halfW
                            && Math.abs(obj.yUm() - s.stage().startYUm()) < halfH;
                }
                if (!any) {
                    return false;
                }
            }
            return true;
        }
    }
}
