package org.reflexscope.mm.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.record.NdTiffDatasetReader;

/**
 * The Survey section in a real Micro-Manager Studio, with the drop-in jar installed as a user installs it (as
 * {@link StudioGuiTest}): {@link StudioDriver} in survey mode sets Studio's objective to 20X, puts a 3 × 3 grid
 * into Studio's Stage Position List,
 * surveys it from the Survey tab (2 visits), takes a screenshot, then starts an 8 × 8 grid survey and presses Stop
 * after 3 tiles. This test then judges the two run folders: every listed position a tile at its stage position,
 * the visits, {@code reflex survey --mm}'s files, the stopped survey's tiles, and the starting objective and Z back
 * in both; and Studio's CoreLog free of Reflex exceptions.
 *
 * <p>Runs in the {@code verify} phase, after the shade plugin built the jar; skips like {@link StudioGuiTest}.
 */
class StudioSurveyGuiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path studioHome;
    private static Path pluginJar;

    @BeforeAll
    static void findStudioAndJar() {
        StudioGuiTest.findStudioAndJar();
        studioHome = StudioGuiTest.studioHome;
        pluginJar = StudioGuiTest.pluginJar;
    }

    @Test
    void theSurveySectionSurveysStudiosPositionListAndStops(@TempDir Path tmp) throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Files.copy(pluginJar, plugins.resolve(pluginJar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path surveys = tmp.resolve("surveys");
        Path agent = StudioGuiTest.driverJar(tmp.resolve("driver.jar"));
        Process studio = new ProcessBuilder("bash", studioHome.resolve("studio.sh").toString(),
                "--plugins", plugins.toString(), "--logs", logs.toString(), "--home", tmp.resolve("home").toString(),
                "-javaagent:" + agent + "=out=" + out + ",runs=" + surveys + ",mode=survey")
                .redirectErrorStream(true).redirectOutput(out.resolve("studio.out").toFile()).start();
        String result;
        try {
            result = StudioGuiTest.awaitResult(studio, out.resolve(StudioDriver.RESULT));
        } finally {
            studio.destroy();
            if (!studio.waitFor(20, TimeUnit.SECONDS)) {
                studio.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            keep(out, surveys);
        }
        String driverLog = StudioGuiTest.read(out.resolve(StudioDriver.LOG));
        assertThat(result).as("the driver's result; its log:\n%s", driverLog).isEqualTo("OK");

        List<Path> folders;
        try (Stream<Path> s = Files.list(surveys)) {
            folders = s.filter(Files::isDirectory).sorted().collect(Collectors.toList());
        }
        assertThat(folders).as("the position-list survey and the stopped grid survey").hasSize(2);
        assertPositionListSurvey(folders.get(0), Files.readAllLines(out.resolve(StudioDriver.POSITIONS)));
        assertStoppedGridSurvey(folders.get(1));

        String coreLog = StudioGuiTest.coreLog(logs);
        assertThat(coreLog.lines().filter(l -> l.contains("at org.reflexscope.") || l.contains("NoSuchMethodError")
                || l.contains("NoClassDefFoundError") || l.contains("[ERR,") && l.contains("[Reflex]")))
                .as("exceptions involving Reflex in CoreLog").isEmpty();
    }

    /** Every listed position a 10X tile at its stage position, 2 visits at 40X, the files, objective and Z back. */
    private static void assertPositionListSurvey(Path run, List<String> positions) throws Exception {
        assertThat(positions).hasSize(9);
        try (NdTiffDatasetReader tiles = NdTiffDatasetReader.open(run.resolve("tiles"))) {
            assertThat(tiles.size()).isEqualTo(9);
            for (int i = 0; i < 9; i++) {
                String[] xy = positions.get(i).split(",");
                FrameMetadata m = tiles.read("position", i).frame().metadata();
                assertThat(m.stageXUm()).as("tile %d x", i).isCloseTo(Double.parseDouble(xy[0]), within(0.1));
                assertThat(m.stageYUm()).as("tile %d y", i).isCloseTo(Double.parseDouble(xy[1]), within(0.1));
                assertThat(m.pixelSizeUm()).as("tile %d at 10X", i).isEqualTo(1.0);
            }
        }
        try (Stream<Path> visits = Files.list(run.resolve("visits"))) {
            List<Path> datasets = visits.collect(Collectors.toList());
            assertThat(datasets).as("visit datasets").hasSize(2);
            for (Path d : datasets) {
                try (NdTiffDatasetReader stack = NdTiffDatasetReader.open(d)) {
                    assertThat(stack.size()).as("%s: 5 planes x 2 channels x 2 time points", d).isEqualTo(20);
                    assertThat(stack.summaryMetadata()).containsEntry("ChNames", "[\"FITC\",\"Rhodamine\"]");
                }
            }
        }
        for (String file : new String[] {"targets.csv", "overview.png", "plan-events.json", "report.html"}) {
            assertThat(run.resolve(file)).isRegularFile();
        }
        JsonNode record = JSON.readTree(run.resolve("survey.json").toFile());
        assertThat(record.path("ended").asText()).isEqualTo("done");
        assertThat(record.path("area").asText()).isEqualTo("Studio's position list");
        assertThat(record.path("visited").asInt()).isEqualTo(2);
        assertThat(record.path("visit").path("channels").toString()).isEqualTo("[\"FITC\",\"Rhodamine\"]");
        assertThat(record.path("visit").path("timePoints").asInt()).isEqualTo(2);
        assertThat(record.path("visit").path("intervalMs").asDouble()).isEqualTo(200);
        assertThat(record.path("end").path("channel").asText()).isEqualTo(record.path("start").path("channel")
                .asText()).isNotEmpty();
        assertThat(record.path("start").path("objective").asText()).isEqualTo(StudioDriver.START_OBJECTIVE);
        assertRestored(record);
    }

    /** Stopped after at least 3 of 64 tiles: the tiles until then readable, objective and Z back. */
    private static void assertStoppedGridSurvey(Path run) throws Exception {
        JsonNode record = JSON.readTree(run.resolve("survey.json").toFile());
        assertThat(record.path("ended").asText()).isEqualTo("stopped by the user");
        try (NdTiffDatasetReader tiles = NdTiffDatasetReader.open(run.resolve("tiles"))) {
            assertThat(tiles.size()).isBetween(3, StudioDriver.STOPPED_GRID * StudioDriver.STOPPED_GRID - 1);
        }
        assertRestored(record);
    }

    private static void assertRestored(JsonNode record) {
        JsonNode start = record.path("start");
        JsonNode end = record.path("end");
        assertThat(end.path("objective").asText()).as("objective restored").isEqualTo(start.path("objective")
                .asText()).isNotEmpty();
        assertThat(end.path("zUm").asDouble()).as("Z restored").isCloseTo(start.path("zUm").asDouble(),
                within(0.05));
    }

    /** The driver's log and screenshot, Studio's output and each run folder's small files, to target/. */
    private static void keep(Path out, Path surveys) throws Exception {
        Path target = Files.createDirectories(Paths.get(System.getProperty("reflex.studio.survey.test.out",
                "target/studio-survey-gui-test")));
        try (Stream<Path> s = Files.list(out)) {
            for (Path f : s.filter(Files::isRegularFile).collect(Collectors.toList())) {
                Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (Files.isDirectory(surveys)) {
            try (Stream<Path> s = Files.list(surveys)) {
                for (Path run : s.filter(Files::isDirectory).collect(Collectors.toList())) {
                    Path to = Files.createDirectories(target.resolve(run.getFileName()));
                    for (String f : new String[] {"survey.json", "targets.csv", "overview.png"}) {
                        if (Files.isRegularFile(run.resolve(f))) {
                            Files.copy(run.resolve(f), to.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
        }
    }
}
