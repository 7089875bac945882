package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ShortProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.cli.run.DetectionsCsv;

/** {@code reflex evaluate} scores a detections table against a label image or points, and names bad input. */
class EvaluateCommandTest {
    @TempDir
    Path dir;

    private Path detections(String... rows) throws IOException {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.write(run.resolve("detections.csv"), (DetectionsCsv.HEADER + "\n" + String.join("\n", rows) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        return run;
    }

    @Test
    void scoresEachFrameAgainstALabelImage() throws IOException {
        ShortProcessor ip = new ShortProcessor(20, 10);
        for (int y = 2; y < 6; y++) {
            for (int x = 2; x < 6; x++) {
                ip.set(x, y, 1);
                ip.set(x + 10, y, 2);
            }
        }
        Path labels = dir.resolve("labels.tif");
        assertThat(new FileSaver(new ImagePlus("labels", ip)).saveAsTiff(labels.toString())).isTrue();
        Path run = detections("0,0.000,0,3.50,3.50,,,4.00,9,spot", "0,0.000,1,4.00,4.00,,,4.00,5,spot",
                "1,100.000,0,13.50,3.50,,,4.00,9,spot");
        Cli c = Cli.run("evaluate", run.toString(), "--labels", labels.toString());
        assertThat(c.exit).as(c.toString()).isZero();
        assertThat(c.out).contains("frame 0: recall 0.50 (1/2), precision 0.50 (1/2), mean error 0.00 px")
                .contains("frame 1: recall 0.50 (1/2), precision 1.00 (1/1)");
    }

    @Test
    void scoresAgainstPointsAndNamesBadInput() throws IOException {
        Path run = detections("0,0.000,0,10.00,10.00,,,4.00,9,spot");
        Path points = dir.resolve("truth.csv");
        Files.write(points, "x,y\n11,10\n50,50\n".getBytes(StandardCharsets.UTF_8));
        Cli c = Cli.run("evaluate", run.toString(), "--points", points.toString());
        assertThat(c.out).as(c.toString()).contains("recall 0.50 (1/2), precision 1.00 (1/1), mean error 1.00 px");

        Cli missing = Cli.run("evaluate", run.toString(), "--points", dir.resolve("none.csv").toString());
        assertThat(missing.exit).isEqualTo(1);
        assertThat(missing.err).contains("none.csv does not exist");
        Files.write(run.resolve("detections.csv"), "a,b\n".getBytes(StandardCharsets.UTF_8));
        Cli notATable = Cli.run("evaluate", run.toString(), "--points", points.toString());
        assertThat(notATable.exit).isEqualTo(1);
        assertThat(notATable.err).contains("is not a Reflex detections table");
    }
}
