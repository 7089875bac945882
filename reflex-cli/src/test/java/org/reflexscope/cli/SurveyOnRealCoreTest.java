package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.record.NdTiffDatasetReader;
import org.reflexscope.core.record.RecordedFrame;

/**
 * {@code reflex survey --mm} on the real core named by {@code -Dreflex.mm.home} with the demo configuration: a 3 × 3
 * tile region at the lowest magnification, focused at every tile by the configuration's autofocus device, plus
 * visits at the highest interleaved with the survey, each in two presets of the {@code Channel} group at two time
 * points, end to end from the command line. The demo camera's pictures hold no real objects, so this checks the
 * mechanics: every tile recorded with its stage position, every visit inside the envelope, the objective, channel
 * and Z restored, exit 0.
 */
class SurveyOnRealCoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void surveysThreeByThreeTilesVisitsInsideTheEnvelopeAndRestoresTheObjective() throws Exception {
        Path home = MmInstallation.homeOrSkip();
        Path run = dir.resolve("survey");
        Cli c = Cli.run("survey", "--mm", home.toString(), "--config", "MMConfig_demo.cfg", "--region",
                "-600,-600,600,600", "--budget", "2", "--visit-channels", "FITC,Rhodamine", "--visit-frames", "2",
                "--visit-interval", "200ms", "--autofocus", "device", "--order", "interleaved", "--visit-batch", "1",
                "--out", run.toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.OK);
        assertThat(c.out).as(c.toString()).contains("Surveyed 9 tiles (3x3)");
        System.out.println(c.out);

        JsonNode survey = JSON.readTree(run.resolve("survey.json").toFile());
        String surveyObjective = survey.path("surveyObjective").asText();
        JsonNode box = survey.path("safetyEnvelope");
        try (NdTiffDatasetReader tiles = NdTiffDatasetReader.open(run.resolve("tiles"))) {
            assertThat(tiles.size()).isEqualTo(9);
            // a 512 µm field at 10X with 10 % overlap over 1200 µm: tile centres 344 µm apart around the origin
            for (RecordedFrame f : tiles.readAll()) {
                FrameMetadata m = f.frame().metadata();
                assertThat(m.objective()).isEqualTo(surveyObjective);
                assertThat(Math.abs(m.stageXUm())).isCloseTo(Math.abs(m.stageXUm()) < 1 ? 0 : 344, within(0.5));
                assertThat(Math.abs(m.stageYUm())).isCloseTo(Math.abs(m.stageYUm()) < 1 ? 0 : 344, within(0.5));
                assertThat(m.pixelSizeUm()).isPositive();
            }
        }
        // the same tiles stitched: 512 px fields 344 px apart overlap by 168 px
        assertThat(survey.path("mosaic").asText()).startsWith("mosaic/: 3x3 grid, tiles overlap 168 x 168 px");
        try (NdTiffDatasetReader tiles = NdTiffDatasetReader.open(run.resolve("tiles"));
                NdTiffDatasetReader mosaic = NdTiffDatasetReader.open(run.resolve("mosaic"))) {
            assertThat(mosaic.summaryMetadata()).containsEntry("TiledImageStorage", "true")
                    .containsEntry("GridPixelOverlapX", "168");
            assertThat(mosaic.size()).isEqualTo(9);
            for (RecordedFrame f : tiles.readAll()) {
                assertThat(mosaic.read(Map.of("row", f.axes().get("row"), "column", f.axes().get("column"))).frame()
                        .pixels()).as("tile %s, lossless", f.axes()).isEqualTo(f.frame().pixels());
            }
        }
        List<String> rows = Files.readAllLines(run.resolve("targets.csv")).stream().skip(1)
                .filter(r -> r.contains(",centred,") || r.contains(",uncorrected,") || r.contains(",refused,"))
                .collect(Collectors.toList());
        assertThat(rows).as("visited targets").hasSize(2);
        String visitObjective = survey.path("visitObjective").asText();
        for (String r : rows) {
            String[] f = r.split(",", -1);
            assertThat(f[8]).isNotEqualTo("refused");
            assertThat(Double.parseDouble(f[9])).isBetween(box.path("xMinUm").asDouble(), box.path("xMaxUm").asDouble());
            assertThat(Double.parseDouble(f[10])).isBetween(box.path("yMinUm").asDouble(),
                    box.path("yMaxUm").asDouble());
            try (NdTiffDatasetReader stack = NdTiffDatasetReader.open(run.resolve("visits").resolve("target-" + f[0]))) {
                assertThat(stack.size()).isEqualTo(5 * 2 * 2);
                assertThat(stack.summaryMetadata()).containsEntry("ChNames", "[\"FITC\",\"Rhodamine\"]");
                for (RecordedFrame frame : stack.readAll()) {
                    FrameMetadata m = frame.frame().metadata();
                    assertThat(m.objective()).isEqualTo(visitObjective);
                    assertThat(m.channel()).isEqualTo(frame.axes().get("channel") == 0 ? "FITC" : "Rhodamine");
                    assertThat(frame.axes()).containsKeys("z", "time");
                    assertThat(m.stageZUm()).isBetween(box.path("zMinUm").asDouble(), box.path("zMaxUm").asDouble());
                }
            }
        }
        JsonNode start = survey.path("start");
        JsonNode end = survey.path("end");
        assertThat(end.path("objective").asText()).isEqualTo(start.path("objective").asText());
        assertThat(end.path("channel").asText()).isEqualTo(start.path("channel").asText()).isNotEmpty();
        JsonNode visit = survey.path("visit");
        assertThat(visit.path("autofocus").asText()).isEqualTo("device");
        assertThat(visit.path("order").asText()).isEqualTo("interleaved");
        assertThat(visit.path("framesPerVisit").asInt()).isEqualTo(20);
        assertThat(visit.path("focusFailures").size()).isZero();
        assertThat(end.path("zUm").asDouble()).isCloseTo(start.path("zUm").asDouble(), within(0.1));
        // interleaved: the demo camera's noise gives hundreds of targets, so both of the budget settle with the first
        // tile and make one batch: a switch to the visit objective there and one back for the next tile
        assertThat(survey.path("cost").path("objectiveSwitches").asLong()).isEqualTo(2);
        assertThat(run.resolve("overview.png")).isRegularFile();
        JsonNode events = JSON.readTree(run.resolve("plan-events.json").toFile());
        assertThat(events.size()).as("9 tiles, then 5 planes x 2 channels x 2 time points for each of the 2 visits")
                .isEqualTo(9 + 2 * 20);
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            if (i < 9) {
                assertThat(e.path("config_group").get(1).asText()).isEqualTo(surveyObjective);
                assertThat(e.path("z").asDouble()).isEqualTo(start.path("zUm").asDouble());
                assertThat(e.path("axes").has("row")).isTrue();
            } else {
                assertThat(e.path("config_group").get(1).asText()).isEqualTo(visitObjective);
                assertThat(e.path("axes").path("z").asInt()).isEqualTo((i - 9) % 5);
                assertThat(e.path("axes").path("channel").asText()).isEqualTo((i - 9) / 5 % 2 == 0 ? "FITC"
                        : "Rhodamine");
                assertThat(e.path("channel").path("config").asText()).isEqualTo(e.path("axes").path("channel")
                        .asText());
                assertThat(e.path("axes").path("time").asInt()).isEqualTo((i - 9) / 10 % 2);
                assertThat(e.path("x").asDouble()).isBetween(box.path("xMinUm").asDouble(),
                        box.path("xMaxUm").asDouble());
                assertThat(e.path("z").asDouble()).isBetween(box.path("zMinUm").asDouble(),
                        box.path("zMaxUm").asDouble());
            }
        }
        // the same folder through Micro-Manager's own libraries (the installation's AcqEngJ and NDTiffStorage)
        assertThat(SurveyFolderInMicroManagerTest.eventsThroughAcqEngJ(home, run.resolve("plan-events.json")))
                .hasSize(events.size());
        java.util.Map<java.util.Map<String, Object>, double[]> stored = SurveyFolderInMicroManagerTest
                .tilesThroughNdTiffStorage(home, run.resolve("tiles"));
        assertThat(stored).hasSize(9);
        for (int i = 0; i < 9; i++) {
            JsonNode e = events.get(i);
            double[] xy = stored.get(java.util.Map.of("position", e.path("axes").path("position").asInt(), "row",
                    e.path("axes").path("row").asInt(), "column", e.path("axes").path("column").asInt()));
            assertThat(xy).as("tile " + i).isNotNull();
            assertThat(xy[0]).isCloseTo(e.path("x").asDouble(), within(0.5));
            assertThat(xy[1]).isCloseTo(e.path("y").asDouble(), within(0.5));
        }
        JsonNode recipe = JSON.readTree(run.resolve("survey-recipe.json").toFile());
        assertThat(recipe.path("source").path("kind").asText()).isEqualTo("micro-manager");
        assertThat(recipe.path("survey").path("objective").asText()).isEqualTo(surveyObjective);
        assertThat(recipe.path("visit").path("objective").asText()).isEqualTo(visitObjective);
        assertThat(recipe.path("budget").path("count").asInt()).isEqualTo(2);
        assertThat(recipe.path("visit").path("channels").toString()).isEqualTo("[\"FITC\",\"Rhodamine\"]");
        assertThat(recipe.path("visit").path("frames").asInt()).isEqualTo(2);
        assertThat(recipe.path("visit").path("intervalMs").asDouble()).isEqualTo(200);
        assertThat(recipe.path("visit").path("order").asText()).isEqualTo("interleaved");
        assertThat(recipe.path("visit").path("batch").asInt()).isEqualTo(1);
        assertThat(recipe.path("survey").path("autofocus").asText()).isEqualTo("device");
        assertThat(recipe.path("survey").has("focusScan")).as("the device focuses, no scan").isFalse();
        assertThat(Files.readString(run.resolve("report.html"))).contains("Survey on MMConfig_demo.cfg")
                .contains("in channels FITC, Rhodamine at 2 time points 200 ms apart: 20 frames per visit")
                .contains("tiling of the same area").contains("safety envelope");
    }

    /**
     * The DemoCamera's {@code Fluorescent Beads} mode draws beads fixed to the stage (the picture moves by the stage
     * move, 1 px per µm, checked on this core), so a survey of overlapping tiles sees the beads of the overlaps twice.
     * The beads are found here independently of the survey's detector (local maxima of each tile, weighted
     * centroids) and placed on the stage from the tile's recorded position and pixel size. The visits are told the
     * 40X objective sits 15 µm off the 10X one (it does not), so the look must move the stage back to the bead. The
     * DemoCamera draws its beads at 1 px per µm whatever the objective, while the 40X calibration says 0.25 µm, so
     * the look corrects a quarter of the error: the bead is checked against 10 % of the visit field both in the
     * picture and on the stage as calibrated.
     */
    @Test
    void surveysFluorescentBeadsOneTargetPerBeadAtConsistentStagePositionsAndCentresTheVisits() throws Exception {
        Path home = MmInstallation.homeOrSkip();
        Path run = dir.resolve("beads");
        Cli c = Cli.run("survey", "--mm", home.toString(), "--camera-property", "Mode=Fluorescent Beads",
                "--camera-property", "BeadDensity=20", "--region", "-600,-600,600,600", "--budget", "3",
                "--visit-offset", "12,-9", "--out", run.toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.OK);
        assertThat(c.out).as(c.toString()).contains("Surveyed 9 tiles (3x3)");
        System.out.println(c.out);
        JsonNode survey = JSON.readTree(run.resolve("survey.json").toFile());
        assertThat(survey.path("cameraProperties").path("Mode").asText()).isEqualTo("Fluorescent Beads");
        assertThat(survey.path("cameraProperties").path("BeadDensity").asText()).isEqualTo("20");
        assertThat(Files.readString(run.resolve("report.html"))).contains("camera properties")
                .contains("Fluorescent Beads");

        // every bead peak of every tile, on the stage
        List<double[]> peaks = new java.util.ArrayList<>(); // x µm, y µm, tile
        List<double[]> fields = new java.util.ArrayList<>(); // centre x, y, half width, half height µm
        try (NdTiffDatasetReader tiles = NdTiffDatasetReader.open(run.resolve("tiles"))) {
            List<RecordedFrame> all = tiles.readAll();
            assertThat(all).hasSize(9);
            for (int t = 0; t < all.size(); t++) {
                org.reflexscope.core.frame.Frame f = all.get(t).frame();
                FrameMetadata m = f.metadata();
                fields.add(new double[] {m.stageXUm(), m.stageYUm(), f.width() * m.pixelSizeUm() / 2,
                    f.height() * m.pixelSizeUm() / 2});
                for (double[] p : BeadPeaks.find(f)) {
                    peaks.add(new double[] {m.stageXUm() + (p[0] - (f.width() - 1) / 2.0) * m.pixelSizeUm(),
                        m.stageYUm() + (p[1] - (f.height() - 1) / 2.0) * m.pixelSizeUm(), t});
                }
            }
        }
        List<List<double[]>> beads = BeadPeaks.cluster(peaks, 5);
        List<double[]> targets = Files.readAllLines(run.resolve("targets.csv")).stream().skip(1)
                .map(r -> r.split(",", -1))
                .map(f -> new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3])})
                .collect(Collectors.toList());
        int seenTwice = 0;
        double worstSpread = 0;
        for (List<double[]> bead : beads) {
            double[] at = BeadPeaks.mean(bead);
            boolean isolated = beads.stream().filter(o -> o != bead)
                    .allMatch(o -> BeadPeaks.distance(BeadPeaks.mean(o), at) > 15);
            if (bead.stream().mapToDouble(p -> p[2]).distinct().count() < 2 || !isolated) {
                continue;
            }
            seenTwice++;
            for (double[] p : bead) {
                worstSpread = Math.max(worstSpread, BeadPeaks.distance(p, at));
            }
            assertThat(targets.stream().filter(t -> BeadPeaks.distance(t, at) < 10).count())
                    .as("targets within 10 µm of the bead at %.1f, %.1f seen in %d tiles", at[0], at[1], bead.size())
                    .isEqualTo(1);
        }
        System.out.printf(java.util.Locale.ROOT, "%d beads, %d isolated ones seen in two or more tiles, their peaks "
                + "at most %.2f µm from their mean; %d targets%n", beads.size(), seenTwice, worstSpread,
                targets.size());
        assertThat(seenTwice).as("beads in the overlaps").isGreaterThanOrEqualTo(5);
        assertThat(worstSpread).as("one bead seen from two tiles, on the stage (µm)").isLessThan(2);
        int inside = 0;
        for (double[] t : targets) {
            // a bead cut by the surveyed area's outer edge is left out by the peak finder
            if (fields.stream().noneMatch(f -> Math.abs(t[0] - f[0]) < f[2] - 8 && Math.abs(t[1] - f[1]) < f[3] - 8)) {
                continue;
            }
            inside++;
            assertThat(beads.stream().mapToDouble(b -> BeadPeaks.distance(BeadPeaks.mean(b), t)).min().orElse(1e9))
                    .as("target at %.1f, %.1f is on a bead", t[0], t[1]).isLessThan(3);
        }

        System.out.printf(java.util.Locale.ROOT, "%d targets more than 8 µm inside the surveyed area, each on a bead%n",
                inside);
        assertThat(inside).isGreaterThan(targets.size() / 2);

        // the visits: inside the envelope, on a bead, the bead within 10 % of the visit field from its centre
        JsonNode box = survey.path("safetyEnvelope");
        List<String[]> visits = Files.readAllLines(run.resolve("targets.csv")).stream().skip(1)
                .map(r -> r.split(",", -1)).filter(f -> !f[8].isEmpty()).collect(Collectors.toList());
        assertThat(visits).hasSize(3);
        for (String[] v : visits) {
            assertThat(v[8]).isEqualTo("centred");
            double[] at = {Double.parseDouble(v[9]), Double.parseDouble(v[10])};
            double[] target = {Double.parseDouble(v[2]), Double.parseDouble(v[3])};
            // the objectives are co-aligned but the visit is told they are 15 µm apart: the look, seeing the bead
            // off-centre, moves the stage back towards it
            assertThat(Double.parseDouble(v[11])).as("the look's correction, µm").isGreaterThan(1);
            assertThat(BeadPeaks.distance(at, target)).as("visit position from the bead, µm")
                    .isLessThan(Math.hypot(12, 9) - 1);
            assertThat(at[0]).isBetween(box.path("xMinUm").asDouble(), box.path("xMaxUm").asDouble());
            assertThat(at[1]).isBetween(box.path("yMinUm").asDouble(), box.path("yMaxUm").asDouble());
            Path visitFolder = run.resolve("visits").resolve("target-" + v[0]);
            try (NdTiffDatasetReader stack = NdTiffDatasetReader.open(visitFolder)) {
                List<RecordedFrame> planes = stack.readAll();
                assertThat(planes).hasSize(5);
                org.reflexscope.core.frame.Frame middle = planes.get(2).frame();
                double[] nearest = BeadPeaks.find(middle).stream()
                        .min(java.util.Comparator.comparingDouble(p -> Math.hypot(p[0] - (middle.width() - 1) / 2.0,
                                p[1] - (middle.height() - 1) / 2.0))).orElseThrow();
                double off = Math.hypot(nearest[0] - (middle.width() - 1) / 2.0,
                        nearest[1] - (middle.height() - 1) / 2.0) / middle.width();
                System.out.printf(java.util.Locale.ROOT, "visit of target %s at %.1f, %.1f (%.2f µm from the "
                        + "target, corrected by %s µm): bead %.2f %% of the field from its centre%n", v[0], at[0],
                        at[1], BeadPeaks.distance(at, target), v[11], 100 * off);
                assertThat(off).as("bead offset from the visit field's centre, fraction of the field").isLessThan(0.1);
                assertThat(BeadPeaks.distance(at, target)).as("visit from the bead, µm, against 10 % of the visit "
                        + "field as calibrated").isLessThan(0.1 * middle.width() * middle.metadata().pixelSizeUm());
                for (RecordedFrame plane : planes) {
                    assertThat(plane.frame().metadata().stageZUm()).isBetween(box.path("zMinUm").asDouble(),
                            box.path("zMaxUm").asDouble());
                }
            }
        }
        JsonNode start = survey.path("start");
        JsonNode end = survey.path("end");
        assertThat(end.path("objective").asText()).isEqualTo(start.path("objective").asText());
        assertThat(end.path("zUm").asDouble()).isCloseTo(start.path("zUm").asDouble(), within(0.1));

        // the recipe holds the camera properties, so --from repeats a survey of beads; a typed one wins
        JsonNode recipe = JSON.readTree(run.resolve("survey-recipe.json").toFile());
        assertThat(recipe.path("source").path("cameraProperties").path("Mode").asText()).isEqualTo("Fluorescent Beads");
        Path again = dir.resolve("again");
        Cli from = Cli.run("survey", "--from", run.toString(), "--camera-property", "BeadDensity=40", "--budget", "1",
                "--out", again.toString());
        assertThat(from.exit).as(from.toString()).isEqualTo(ExitCodes.OK);
        System.out.println(from.out);
        JsonNode repeated = JSON.readTree(again.resolve("survey.json").toFile());
        assertThat(repeated.path("cameraProperties").path("Mode").asText()).isEqualTo("Fluorescent Beads");
        assertThat(repeated.path("cameraProperties").path("BeadDensity").asText()).isEqualTo("40");
        long denser = Files.readAllLines(again.resolve("targets.csv")).stream().skip(1).count();
        assertThat(denser).as("targets at twice the bead density").isGreaterThan(targets.size() * 3L / 2);
    }

    /**
     * {@code --model} on the real core: the BioImage Model Zoo U-Net analyses the bead tiles, survey.json names it
     * (name and sha256) and the re-centring look's default chain; a corrupt model refuses before the core opens.
     */
    @Test
    void aUsersModelAnalysesTheTilesAndIsRecordedAndACorruptOneRefusesFirst() throws Exception {
        Path home = MmInstallation.homeOrSkip();
        Path unet = Path.of("/work/shared/data/models/unet2d_nuclei_broad");
        Path run = dir.resolve("model");
        Cli c = Cli.run("survey", "--mm", home.toString(), "--model", unet.toString(), "--device", "cpu",
                "--camera-property", "Mode=Fluorescent Beads", "--region", "-250,-250,250,250", "--budget", "1",
                "--out", run.toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.OK);
        System.out.println(c.out);
        JsonNode analysis = JSON.readTree(run.resolve("survey.json").toFile()).path("analysis");
        org.reflexscope.core.inference.ModelSource model = org.reflexscope.core.inference.ModelFiles.open(unet);
        assertThat(analysis.path("tiles").asText()).isEqualTo("user model");
        assertThat(analysis.path("models").get(0).path("name").asText()).isEqualTo(model.name());
        assertThat(analysis.path("models").get(0).path("sha256").asText()).isEqualTo(model.sha256());
        assertThat(analysis.path("look").asText()).startsWith("default chain");

        Path corrupt = dir.resolve("corrupt.onnx");
        Files.write(corrupt, "not an onnx model".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Cli bad = Cli.run("survey", "--mm", home.toString(), "--model", corrupt.toString(), "--out",
                dir.resolve("bad").toString());
        assertThat(bad.exit).as(bad.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(bad.err).contains("corrupt.onnx");
        assertThat(dir.resolve("bad")).as("refused before the run folder or the core").doesNotExist();
    }

    @Test
    void anUnknownCameraPropertyOrValueIsUsageNamingWhatTheCameraAccepts() {
        Path home = MmInstallation.homeOrSkip();
        Cli value = Cli.run("survey", "--mm", home.toString(), "--camera-property", "Mode=Beads", "--out",
                dir.resolve("r").toString());
        assertThat(value.exit).as(value.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(value.err).startsWith("reflex: ").contains("Mode").contains("Fluorescent Beads")
                .doesNotContain("\tat ");
        Cli name = Cli.run("survey", "--mm", home.toString(), "--camera-property", "BeadDensty=20", "--out",
                dir.resolve("r").toString());
        assertThat(name.exit).as(name.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(name.err).startsWith("reflex: ").contains("BeadDensty").contains("BeadDensity");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    @Test
    void anObjectiveTheMicroscopeLacksIsOneLineAndExitOne() {
        Path home = MmInstallation.homeOrSkip();
        Cli c = Cli.run("survey", "--mm", home.toString(), "--visit-objective", "63X", "--out",
                dir.resolve("r").toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(c.err).startsWith("reflex: ").contains("63X").contains("10X").doesNotContain("\tat ");
        assertThat(dir.resolve("r")).doesNotExist();
    }
}
