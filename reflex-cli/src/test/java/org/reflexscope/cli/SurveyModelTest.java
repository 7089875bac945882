package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.inference.ModelFiles;
import org.reflexscope.core.inference.ModelSource;

/**
 * {@code reflex survey --model}: the tiles are analysed by the user's model, as {@code reflex run} would load it, on
 * the simulated slide (a small region, to keep the U-Net's tiles few); a model that does not load refuses the survey
 * before anything is written or moves.
 */
class SurveyModelTest {
    /** The BioImage Model Zoo package of the shared data (see /work/shared/data/README). */
    private static final Path UNET = Paths.get("/work/shared/data/models/unet2d_nuclei_broad");

    @Test
    void aZooPackageAnalysesTheTilesAndTheVisitsAreCentred(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("survey");
        Cli c = Cli.run("survey", "--model", UNET.toString(), "--device", "cpu", "--seed", "7",
                "--region", "0,400,350,650", "--out", run.toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.OK);
        ModelSource unet = ModelFiles.open(UNET);
        assertThat(c.out).as(c.toString()).contains("Surveyed 2 tiles (1x2)")
                .contains("Tile analysis: " + unet.name() + " (sha256 " + unet.sha256().substring(0, 12));
        List<String> rows = Files.readAllLines(run.resolve("targets.csv"));
        long centred = rows.stream().filter(r -> r.contains(",centred,")).count();
        assertThat(centred).as(c.toString()).isGreaterThanOrEqualTo(2);
        assertThat(c.out).contains(centred + " of 2 rare cells imaged and centred", "0 of " + centred + " visits false");
        assertThat(Files.readString(run.resolve("report.html"))).contains(unet.name());
    }

    @Test
    void aCorruptModelRefusesTheSurveyBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Path onnx = dir.resolve("corrupt.onnx");
        Files.write(onnx, "this is not an onnx model".getBytes(StandardCharsets.UTF_8));
        Path run = dir.resolve("survey");
        Cli c = Cli.run("survey", "--model", onnx.toString(), "--device", "cpu", "--out", run.toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(c.err).as(c.toString()).contains("corrupt.onnx");
        assertThat(c.err.strip().lines().count()).as(c.toString()).isEqualTo(1);
        assertThat(run).as("nothing written, no tile taken").doesNotExist();

        Cli missing = Cli.run("survey", "--model", dir.resolve("none.onnx").toString(), "--out", run.toString());
        assertThat(missing.exit).as(missing.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(missing.err).contains("none.onnx");
        assertThat(run).doesNotExist();
    }
}
