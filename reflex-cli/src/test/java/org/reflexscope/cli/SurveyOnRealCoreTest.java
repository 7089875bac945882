package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        assertThat(events.size()).isEqualTo(9);
        for (JsonNode e : events) {
            assertThat(e.path("config_group").get(1).asText()).isEqualTo(surveyObjective);
            assertThat(e.path("z").asDouble()).isEqualTo(start.path("zUm").asDouble());
            assertThat(e.path("axes").has("row")).isTrue();
        }
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
