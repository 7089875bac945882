package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.policy.survey.record.SurveyRecording;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.record.NdTiffDatasetReader;
import org.reflexscope.core.record.RecordedFrame;
import org.reflexscope.policy.survey.SurveyPlan;
import org.reflexscope.policy.survey.SurveyTile;

/**
 * {@code reflex survey} in a child JVM killed (SIGKILL) once its first visit begins, before the survey ends and its
 * tile dataset is finished: the tiles are written as they arrive, so the unfinished dataset reads back with all 49,
 * each at its {@code position}, {@code row} and {@code column} with the stage position the plan gave it; its
 * tiled {@code mosaic/} reads back with the same 49 tiles (also with the installation's NDTiffStorage when
 * {@code -Dreflex.mm.home} names one).
 */
class SurveyKilledTest {

    @TempDir
    Path tmp;

    @Test
    void aKilledSurveyKeepsItsTilesWithTheirMosaicAxesAndPositions() throws Exception {
        Path run = tmp.resolve("survey");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "-Dai.djl.offline=true", "-Djava.awt.headless=true",
                ReflexCommand.class.getName(), "survey", "--seed", "13", "--out", run.toString())
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (entries(run.resolve("visits")) == 0) {
                assertThat(p.isAlive()).as("the child surveys: %s", Files.readString(tmp.resolve("err.txt"))).isTrue();
                assertThat(System.nanoTime()).as("a visit within 60 s").isLessThan(deadline);
                Thread.sleep(5);
            }
            Process k = new ProcessBuilder("sh", "-c", "kill -KILL " + p.pid()).start();
            assertThat(k.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(run.resolve("targets.csv")).as("killed before the survey ended").doesNotExist();

        List<SurveyTile> planned = SurveyPlan.grid(-750, -750, 750, 750, 256, 256, 0.1).tiles();
        try (NdTiffDatasetReader tiles = NdTiffDatasetReader.open(run.resolve("tiles"))) {
            assertThat(tiles.size()).isEqualTo(planned.size());
            for (RecordedFrame f : tiles.readAll()) {
                int position = f.axes().get(SurveyRecording.AXIS_POSITION);
                SurveyTile t = planned.get(position);
                assertThat(f.axes()).isEqualTo(Map.of(SurveyRecording.AXIS_POSITION, position,
                        SurveyRecording.AXIS_ROW, t.row(), SurveyRecording.AXIS_COLUMN, t.column()));
                FrameMetadata m = f.frame().metadata();
                assertThat(m.stageXUm()).isEqualTo(t.xUm());
                assertThat(m.stageYUm()).isEqualTo(t.yUm());
                assertThat(f.frame().width()).isEqualTo(256);
            }
            assertThat(tiles.summaryMetadata()).containsEntry("GridPixelOverlapX", "49");
            try (NdTiffDatasetReader mosaic = NdTiffDatasetReader.open(run.resolve("mosaic"))) {
                assertThat(mosaic.size()).as("the unfinished mosaic keeps every tile").isEqualTo(planned.size());
                for (SurveyTile t : planned) {
                    assertThat(mosaic.read(Map.of(SurveyRecording.AXIS_ROW, t.row(), SurveyRecording.AXIS_COLUMN,
                            t.column())).frame().pixels()).isEqualTo(tiles.read(SurveyRecording.axes(t)).frame()
                            .pixels());
                }
            }
        }
        String home = System.getProperty(MmInstallation.HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            try (InstalledNdTiff mosaic = InstalledNdTiff.open(Path.of(home).toAbsolutePath(), run.resolve("mosaic"))) {
                assertThat(mosaic.summary().path("TiledImageStorage").asBoolean()).isTrue();
                assertThat(mosaic.axesSet()).hasSize(planned.size());
            }
        }
    }

    private static long entries(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.count();
        }
    }
}
