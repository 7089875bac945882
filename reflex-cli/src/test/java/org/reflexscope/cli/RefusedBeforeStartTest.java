package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings that cannot work are refused before anything runs, with one line naming the problem and the valid
 * choices, exit 1, and no run folder left behind.
 */
class RefusedBeforeStartTest {
    @TempDir
    Path dir;

    private void assertRefused(String mention, String... args) {
        assertRefused(ExitCodes.FAILED, mention, args);
    }

    private void assertRefused(int exit, String mention, String... args) {
        Path out = dir.resolve("run");
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--out";
        all[args.length + 1] = out.toString();
        Cli c = Cli.run(all);
        assertThat(c.exit).as(c.toString()).isEqualTo(exit);
        String problem = c.err.trim().split("\n")[0];
        assertThat(problem).as(c.toString()).startsWith("reflex: ").contains(mention);
        assertThat(c.err).as(c.toString()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(c.err.trim().split("\n")).as("the problem, and for a bad value where the options are explained")
                .hasSize(exit == ExitCodes.USAGE ? 2 : 1);
        assertThat(out).as("no stub run folder").doesNotExist();
    }

    @Test
    void aHighResolutionObjectiveTheMicroscopeLacksIsRefusedNamingItsObjectives() {
        assertRefused("the microscope has no objective '63X'; its objectives are [10X, 20X, 40X]", "run", "-s",
                "rare-divisions", "-p", "hires", "--set", "hires.objective=63X", "--frames", "5");
    }

    @Test
    void aHighResolutionObjectiveTheEnvelopeDoesNotAllowIsRefusedNamingTheOption() {
        assertRefused("is not in --allow-objectives [10X, 20X]", "run", "-s", "rare-divisions", "-p", "hires",
                "--set", "hires.objective=40X", "--allow-objectives", "10X,20X", "--frames", "5");
    }

    @Test
    void aScoreThresholdOutsideZeroToOneIsRefused() {
        assertRefused(ExitCodes.USAGE, "--set rate.upper=5: out of range", "run", "-s", "rare-divisions", "-p", "rate", "--set",
                "rate.upper=5", "--frames", "5");
    }

    @Test
    void aRingThatCannotFitInMemoryIsRefusedWithTheEstimateBeforeAllocating() {
        long t0 = System.nanoTime();
        assertRefused("--ring 1048576: 1048576 slots of 256x256 GRAY16 frames need 128.0 GiB", "run", "-s",
                "drifting-focus-beads", "--ring", "1048576", "--frames", "5");
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds to refuse").isLessThan(20);
    }

    @Test
    void aCameraTooSmallForTheAnalysisIsRefused() throws Exception {
        String yaml = Cli.run("scenarios", "drifting-focus-beads").out;
        assertThat(yaml).contains("  width: 256").contains("  height: 256");
        Path tiny = dir.resolve("tiny.yaml");
        Files.write(tiny, yaml.replace("  width: 256", "  width: 8").replace("  height: 256", "  height: 8")
                .getBytes(StandardCharsets.UTF_8));
        assertRefused("Frames of 8x8 cannot be analysed", "run", "-s", tiny.toString(), "--frames", "5");
    }

    @Test
    void aModelThatDoesNotLoadLeavesNoRunFolder() {
        assertRefused("", "run", "-s", "drifting-focus-beads", "--model", dir.resolve("missing.onnx").toString(),
                "--frames", "5");
    }
}
