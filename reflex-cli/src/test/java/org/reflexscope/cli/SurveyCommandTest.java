package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.policy.survey.record.SurveyRecording;
import org.reflexscope.policy.survey.record.TargetTable;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.record.NdTiffDatasetReader;
import org.reflexscope.core.record.RecordedFrame;
import org.reflexscope.policy.survey.PlateLayout;
import org.reflexscope.policy.survey.SurveyPlan;
import org.reflexscope.policy.survey.SurveyTile;
import org.reflexscope.sim.survey.SurveyBench;

/** {@code reflex survey} end to end on the simulator: the run folder holds what the survey saw and did. */
class SurveyCommandTest {

    @Test
    void writesTilesWithPositionsTargetsVisitsAndOverview(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("survey");
        Cli c = Cli.run("survey", "--seed", "12", "--out", run.toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.OK);
        assertThat(c.out).contains("Surveyed 49 tiles (7x7)").contains("14 of 14 rare cells imaged and centred");

        List<SurveyTile> planned = SurveyPlan.grid(-750, -750, 750, 750, 256, 256, 0.1).tiles();
        try (NdTiffDatasetReader tiles = NdTiffDatasetReader.open(run.resolve("tiles"))) {
            assertThat(tiles.size()).isEqualTo(planned.size());
            for (SurveyTile t : List.of(planned.get(0), planned.get(7), planned.get(48))) {
                RecordedFrame f = tiles.read(SurveyRecording.axes(t));
                assertThat(f.axes()).containsEntry("row", t.row()).containsEntry("column", t.column());
                FrameMetadata m = f.frame().metadata();
                assertThat(m.stageXUm()).isEqualTo(t.xUm());
                assertThat(m.stageYUm()).isEqualTo(t.yUm());
                assertThat(m.objective()).isEqualTo(SurveyBench.SURVEY_OBJECTIVE);
                assertThat(f.frame().width()).isEqualTo(256);
            }
        }
        List<String> rows = Files.readAllLines(run.resolve("targets.csv"));
        assertThat(rows.get(0)).isEqualTo(TargetTable.HEADER);
        long visited = rows.stream().filter(r -> r.contains(",centred,")).count();
        assertThat(visited).isEqualTo(14);
        try (Stream<Path> visits = Files.list(run.resolve("visits"))) {
            assertThat(visits.count()).isEqualTo(visited);
        }
        try (NdTiffDatasetReader stack = NdTiffDatasetReader.open(run.resolve("visits").resolve("target-"
                + rows.stream().filter(r -> r.contains(",centred,")).findFirst().orElseThrow().split(",")[0]))) {
            assertThat(stack.size()).isEqualTo(5);
            assertThat(stack.read("z", 0).frame().metadata().objective()).isEqualTo(SurveyBench.VISIT_OBJECTIVE);
        }
        JsonNode events = new ObjectMapper().readTree(run.resolve("plan-events.json").toFile());
        assertThat(events.size()).as("the tiles, then 5 planes per visit").isEqualTo(planned.size() + 5 * visited);
        for (String r : rows.subList(1, rows.size())) {
            String[] f = r.split(",", -1);
            if (!f[8].equals("centred")) {
                continue;
            }
            List<JsonNode> planes = new java.util.ArrayList<>();
            events.forEach(e -> {
                if (e.path("axes").path("target").asText().equals(f[0])) {
                    planes.add(e);
                }
            });
            assertThat(planes).as("target " + f[0]).hasSize(5);
            for (int k = 0; k < 5; k++) {
                assertThat(planes.get(k).path("axes").path("z").asInt()).isEqualTo(k);
                assertThat(planes.get(k).path("x").asDouble()).isCloseTo(Double.parseDouble(f[9]), within(0.006));
                assertThat(planes.get(k).path("y").asDouble()).isCloseTo(Double.parseDouble(f[10]), within(0.006));
                assertThat(planes.get(k).path("config_group").toString()).isEqualTo("[\"Objective\",\"50X\"]");
            }
            assertThat(planes.get(4).path("z").asDouble() - planes.get(0).path("z").asDouble()).isCloseTo(4.0,
                    within(1e-9));
        }
        for (SurveyTile t : planned) {
            JsonNode e = events.get(t.index());
            assertThat(e.path("axes").path("position").asInt()).isEqualTo(t.index());
            assertThat(e.path("axes").path("row").asInt()).isEqualTo(t.row());
            assertThat(e.path("axes").path("column").asInt()).isEqualTo(t.column());
            assertThat(e.path("x").asDouble()).isEqualTo(t.xUm());
            assertThat(e.path("y").asDouble()).isEqualTo(t.yUm());
            assertThat(e.path("config_group").toString()).isEqualTo("[\"Objective\",\"10X\"]");
        }
        BufferedImage overview = ImageIO.read(run.resolve("overview.png").toFile());
        assertThat(overview.getWidth()).isEqualTo(800);
        assertThat(overview.getHeight()).isEqualTo(800);
    }

    @Test
    void surveysTheFieldsOfAMicroManagerPositionList(@TempDir Path dir) throws Exception {
        StringBuilder json = new StringBuilder("{\"format\": \"Micro-Manager Property Map\", \"major_version\": 2, "
                + "\"map\": {\"StagePositions\": {\"type\": \"PROPERTY_MAP\", \"array\": [");
        double[][] xy = {{-400, -300}, {250.5, 0}, {500, 420}};
        for (int i = 0; i < xy.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"DefaultXYStage\": {\"type\": \"STRING\", \"scalar\": \"XY\"}, ")
                    .append("\"DevicePositions\": {\"type\": \"PROPERTY_MAP\", \"array\": [{\"Device\": {\"type\": ")
                    .append("\"STRING\", \"scalar\": \"XY\"}, \"Position_um\": {\"type\": \"DOUBLE\", \"array\": [")
                    .append(xy[i][0]).append(", ").append(xy[i][1]).append("]}}]}, \"Label\": {\"type\": \"STRING\", ")
                    .append("\"scalar\": \"Pos").append(i).append("\"}}");
        }
        json.append("]}}}");
        Path pos = Files.writeString(dir.resolve("three.pos"), json);
        Path run = dir.resolve("run");
        Cli c = Cli.run("survey", "--positions", pos.toString(), "--out", run.toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.OK);
        assertThat(c.out).contains("Surveyed 3 tiles (listed positions)");
        try (NdTiffDatasetReader tiles = NdTiffDatasetReader.open(run.resolve("tiles"))) {
            assertThat(tiles.size()).isEqualTo(3);
            for (int i = 0; i < xy.length; i++) {
                FrameMetadata m = tiles.read("position", i).frame().metadata();
                assertThat(m.stageXUm()).isEqualTo(xy[i][0]);
                assertThat(m.stageYUm()).isEqualTo(xy[i][1]);
            }
        }
        Cli missing = Cli.run("survey", "--positions", dir.resolve("nope.pos").toString(), "--out",
                dir.resolve("run2").toString());
        assertThat(missing.exit).isEqualTo(ExitCodes.FAILED);
        assertThat(missing.err).startsWith("reflex: ").contains("nope.pos").contains("does not exist");
        assertThat(dir.resolve("run2")).doesNotExist();
    }

    @Test
    void surveysAPolygonAndWellsThroughTheSamePlanAsTheLibrary(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("polygon");
        Cli c = Cli.run("survey", "--polygon", "-700,-700,700,-700,-700,700", "--budget", "3", "--out", run.toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.OK);
        List<SurveyTile> planned = SurveyPlan.polygon(List.of(new double[] {-700, -700}, new double[] {700, -700},
                new double[] {-700, 700}), 256, 256, 0.1).tiles();
        assertThat(planned.size()).isLessThan(49);
        assertThat(c.out).contains("Surveyed " + planned.size() + " tiles");
        try (NdTiffDatasetReader tiles = NdTiffDatasetReader.open(run.resolve("tiles"))) {
            assertThat(tiles.size()).isEqualTo(planned.size());
            for (SurveyTile t : planned) {
                FrameMetadata m = tiles.read(SurveyRecording.axes(t)).frame().metadata();
                assertThat(m.stageXUm()).isEqualTo(t.xUm());
                assertThat(m.stageYUm()).isEqualTo(t.yUm());
            }
        }
        Path wells = dir.resolve("wells");
        Cli w = Cli.run("survey", "--plate", "2,2,700,600,-350,-350", "--wells", "A1,B2", "--budget", "3", "--out",
                wells.toString());
        assertThat(w.exit).as(w.toString()).isEqualTo(ExitCodes.OK);
        int perWell = SurveyPlan.wells(PlateLayout.of(2, 2, 700, 600, -350, -350), List.of("A1"), 256, 256, 0.1)
                .tiles().size();
        assertThat(w.out).contains("Surveyed " + 2 * perWell + " tiles (wells)");
        Cli offPlate = Cli.run("survey", "--plate", "2,2,700,600,-350,-350", "--wells", "C1", "--out",
                dir.resolve("x").toString());
        assertThat(offPlate.exit).as(offPlate.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(offPlate.err).startsWith("reflex: Well C1 is not on this 2 x 2 plate");
        Cli two = Cli.run("survey", "--polygon", "0,0,1,0,0,1", "--region", "0,0,9,9", "--out",
                dir.resolve("x").toString());
        assertThat(two.exit).isEqualTo(ExitCodes.USAGE);
        assertThat(two.err).startsWith("reflex: --region and --polygon each say what to survey");
    }

    @Test
    void aFocusMapFollowsATiltedSlide(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("tilted");
        Cli c = Cli.run("survey", "--tilt", "6,-4", "--focus-map", "10,1", "--region", "-400,-400,400,400",
                "--budget", "2", "--out", run.toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.OK);
        assertThat(c.out).contains("Focus map: 5 points");
        try (NdTiffDatasetReader tiles = NdTiffDatasetReader.open(run.resolve("tiles"))) {
            for (RecordedFrame f : tiles.readAll()) {
                FrameMetadata m = f.frame().metadata();
                // the slide's height there (6 µm/mm along x, -4 along y), within the 10X's depth of field
                assertThat(m.stageZUm()).isCloseTo(0.006 * m.stageXUm() - 0.004 * m.stageYUm(),
                        org.assertj.core.data.Offset.offset(1.0));
            }
        }
        Cli bad = Cli.run("survey", "--focus-map", "1,2", "--out", dir.resolve("x").toString());
        assertThat(bad.exit).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err).startsWith("reflex: --focus-map");
    }

    @Test
    void aLightBudgetLeavesTheTargetsItCannotPayFor(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("budget");
        // 49 tiles x 20 ms, then 6 frames of 20 ms a visit: five visits fit in 1580 ms
        Cli c = Cli.run("survey", "--seed", "12", "--light-budget", "1580", "--out", run.toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.OK);
        assertThat(c.out).contains("visited 5 (9 more left: over the time or light budget)");
        List<String> rows = Files.readAllLines(run.resolve("targets.csv"));
        assertThat(rows.stream().filter(r -> r.contains(",over_budget,")).count()).isEqualTo(9);
        try (Stream<Path> visits = Files.list(run.resolve("visits"))) {
            assertThat(visits.count()).isEqualTo(5);
        }
    }

    @Test
    void badSettingsAndAUsedFolderAreOneLineErrors(@TempDir Path dir) throws Exception {
        Cli c = Cli.run("survey", "--overlap", "0.95", "--out", dir.resolve("a").toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(c.err).startsWith("reflex: ").contains("--overlap").doesNotContain("\tat ");
        assertThat(dir.resolve("a")).doesNotExist();
        for (String[] bad : new String[][] {{"--budget", "-1"}, {"--rare-fraction", "2"}, {"--region", "5,0,1,9"},
            {"--visit-offset", "1"}, {"--config", "x.cfg"}, {"--camera-property", "Mode=Fluorescent Beads"},
            {"--camera-property", "Mode"}}) {
            Cli u = Cli.run("survey", bad[0], bad[1], "--out", dir.resolve("a").toString());
            assertThat(u.exit).as(u.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(u.err).startsWith("reflex: " + bad[0]).doesNotContain("\tat ");
        }
        Cli simOnly = Cli.run("survey", "--mm", dir.toString(), "--seed", "3", "--out", dir.resolve("a").toString());
        assertThat(simOnly.exit).as(simOnly.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(simOnly.err).startsWith("reflex: --seed");
        Cli noCore = Cli.run("survey", "--mm", dir.resolve("no-mm").toString(), "--out", dir.resolve("a").toString());
        assertThat(noCore.exit).as(noCore.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(noCore.err).startsWith("reflex: ").contains("no-mm").doesNotContain("\tat ");
        Files.writeString(dir.resolve("b.txt"), "keep me");
        Cli used = Cli.run("survey", "--out", dir.toString());
        assertThat(used.exit).as(used.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(used.err).contains("not empty");
        assertThat(Files.readString(dir.resolve("b.txt"))).isEqualTo("keep me");
    }
}
