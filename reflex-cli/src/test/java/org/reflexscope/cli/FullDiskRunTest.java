package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.record.NdTiffDatasetReader;
import org.reflexscope.policy.log.DecisionLogReader;

/**
 * A run whose folder is on a real, small disk (a 16 MiB tmpfs; needs root, as in CI, else skipped saying why):
 * recording stops before the disk is full, the run goes on to its end and writes everything else, and the command
 * exits 1 with one line saying what happened and where the data are. The partial recording replays.
 */
class FullDiskRunTest {
    @TempDir
    Path tmp;

    @Test
    void aRunOnADiskTooSmallForItsRecordingFinishesEverythingElseAndSaysWhereTheDataAre() throws Exception {
        Path mount = Files.createDirectory(tmp.resolve("small-disk"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount.toString()) == 0,
                "Skipped: cannot mount a size-limited tmpfs here (needs root, as in CI)");
        try {
            Path out = mount.resolve("run");
            long t0 = System.nanoTime();
            // 150 frames of 256x256 16-bit (19 MiB) cannot fit on 16 MiB less the 8 MiB kept free.
            Cli c = Cli.run("run", "-s", "drifting-focus-beads", "--frames", "150", "--ring", "8", "--out",
                    out.toString());
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(seconds).as("seconds the run took").isLessThan(120);
            assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.FAILED);
            String err = c.err.trim();
            assertThat(err).as(c.toString()).doesNotContain("\n").startsWith("reflex: Recording stopped: ")
                    .contains("metrics, settings, report and the partial recording are in " + out);
            Matcher m = Pattern.compile("(\\d+) image\\(s\\) are in the recording").matcher(err);
            assertThat(m.find()).isTrue();
            int recorded = Integer.parseInt(m.group(1));
            assertThat(recorded).isBetween(20, 149);
            assertThat(c.out).contains("Frames recorded / published");
            for (String f : new String[] {"metrics.json", "settings.json", "report.html", "scenario.yaml"}) {
                assertThat(out.resolve(f)).as(f).isNotEmptyFile();
            }
            assertThat(new DecisionLogReader().read(out.resolve("decisions.jsonl"))).isNotEmpty();
            try (NdTiffDatasetReader r = NdTiffDatasetReader.open(out.resolve("recording"))) {
                assertThat(r.size()).isEqualTo(recorded);
                r.readAll();
            }
            Cli replay = Cli.run("replay", out.toString(), "--frames", "10", "-p", "none", "--out",
                    tmp.resolve("replay").toString());
            assertThat(replay.exit).as(replay.toString()).isZero();
        } finally {
            run("umount", "-l", mount.toString());
        }
    }

    private static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.exitValue();
    }
}
