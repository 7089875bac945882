package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad arguments and bad files exit non-zero with one clear line, never a stack trace. */
class BadInputTest {
    @TempDir
    Path dir;

    private static void assertUserError(Cli c, String... mentions) {
        assertError(c, ExitCodes.FAILED, mentions);
    }

    /** A malformed or out-of-range value: exit 2, its line and where the options are explained. */
    private static void assertUsageError(Cli c, String... mentions) {
        assertError(c, ExitCodes.USAGE, mentions);
        assertThat(c.err).as(c.toString()).contains("--help` lists the options");
    }

    private static void assertError(Cli c, int exit, String... mentions) {
        assertThat(c.exit).as(c.toString()).isEqualTo(exit);
        assertThat(c.err).as(c.toString()).startsWith("reflex: ").doesNotContain("\tat ").doesNotContain("Exception:");
        for (String m : mentions) {
            assertThat(c.err).as(c.toString()).contains(m);
        }
    }

    @Test
    void unknownOptionPrintsUsageAndExitsTwo() {
        Cli c = Cli.run("run", "--no-such-option");
        assertThat(c.exit).isEqualTo(ExitCodes.USAGE);
        assertThat(c.err).contains("Unknown option").contains("Usage: reflex run");
    }

    @Test
    void malformedNumberIsAUsageError() {
        Cli c = Cli.run("run", "--frames", "many");
        assertThat(c.exit).isEqualTo(ExitCodes.USAGE);
        assertThat(c.err).contains("--frames").contains("many");
    }

    @Test
    void missingCommandIsAUsageError() {
        Cli c = Cli.run();
        assertThat(c.exit).isEqualTo(ExitCodes.USAGE);
        assertThat(c.err).contains("Missing command");
    }

    @Test
    void unknownScenarioNamesTheBuiltIns() {
        assertUserError(Cli.run("run", "-s", "no-such-scenario", "-o", dir.resolve("r").toString()),
                "no-such-scenario", "drifting-focus-beads");
    }

    @Test
    void invalidScenarioFileNamesTheField() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.write(bad, "name: bad\ncamera:\n  widht: 128\n".getBytes(StandardCharsets.UTF_8));
        assertUserError(Cli.run("run", "-s", bad.toString(), "-o", dir.resolve("r").toString()), "widht");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    @Test
    void unknownPolicyParameterListsTheValidOnes() {
        assertUsageError(Cli.run("run", "-p", "refocus", "--set", "refocus.bogus=1", "-o",
                dir.resolve("r").toString()), "bogus", "stepUm");
        assertThat(dir.resolve("r")).as("nothing is written before the settings are checked").doesNotExist();
    }

    @Test
    void unknownPolicyIsRejected() {
        assertUsageError(Cli.run("run", "-p", "teleport", "-o", dir.resolve("r").toString()), "teleport", "refocus");
    }

    @Test
    void framesAndDurationTogetherAreRejected() {
        assertUsageError(Cli.run("run", "--frames", "10", "--duration", "5s"), "--frames", "--duration");
    }

    /** {@code reflex run OPTION VALUE} exits 2 naming the problem, and no run folder is made. */
    private void assertRejectedBeforeAnythingRuns(String option, String value, String... mentions) {
        Path out = dir.resolve("never-created");
        assertUsageError(Cli.run("run", option, value, "--frames", "5", "--out", out.toString()), mentions);
        assertThat(out).doesNotExist();
    }

    @Test
    void anUnknownConsumerWaitIsRejectedBeforeAnythingRuns() {
        assertRejectedBeforeAnythingRuns("--consumer-wait", "busy", "--consumer-wait busy", "yielding");
    }

    @Test
    void aNegativeWarmUpIsRejected() {
        assertRejectedBeforeAnythingRuns("--warm-up", "-5", "--warm-up", "-5");
    }

    @Test
    void aRingThatIsNotAPowerOfTwoIsRejectedBeforeAnythingRuns() {
        assertRejectedBeforeAnythingRuns("--ring", "24", "--ring 24", "power of two");
    }

    @Test
    void badDurationIsRejected() {
        assertUsageError(Cli.run("run", "--duration", "soon"), "--duration", "30s");
    }

    @Test
    void missingModelFileIsRejected() {
        assertUserError(Cli.run("run", "--model", dir.resolve("none.onnx").toString(), "-o",
                dir.resolve("r").toString()), "none.onnx");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    @Test
    void corruptModelFileIsRejectedClearly() throws IOException {
        Path onnx = dir.resolve("corrupt.onnx");
        Files.write(onnx, "this is not an onnx model".getBytes(StandardCharsets.UTF_8));
        Cli c = Cli.run("models", "--check", "--model", onnx.toString(), "--device", "cpu");
        assertUserError(c, "corrupt.onnx");
    }

    @Test
    void nonEmptyOutputFolderIsNeverOverwritten() throws IOException {
        Path out = Files.createDirectories(dir.resolve("taken"));
        Files.write(out.resolve("keep.txt"), new byte[] {1});
        assertUserError(Cli.run("run", "--frames", "2", "-o", out.toString()), "already holds files");
        assertThat(out.resolve("keep.txt")).exists();
    }

    @Test
    void fromAFolderThatIsNotARunIsRejected() {
        assertUserError(Cli.run("run", "--from", dir.toString()), "not a run folder");
    }

    @Test
    void badDeviceIsRejected() {
        assertUserError(Cli.run("models", "--check", "--device", "tpu"), "tpu", "auto, cpu or gpu");
    }

    @Test
    void acquireWithoutAMicroManagerInstallationSaysWhereToPoint() {
        assertUserError(Cli.run("acquire", "--mm", dir.toString(), "--duration", "1s", "-o",
                dir.resolve("r").toString()), "Micro-Manager installation");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    @Test
    void badCameraValuesOfAReplayAreUsageErrors() {
        String data = dir.resolve("none.ome.tif").toString();
        assertUsageError(Cli.run("replay", data, "--camera-gain", "0"), "--camera-gain 0",
                "expected auto or a number of counts per photo-electron above 0");
        assertUsageError(Cli.run("replay", data, "--camera-read-noise", "-1"), "--camera-read-noise -1",
                "0 or more");
        assertUsageError(Cli.run("replay", data, "--camera-offset", "dark"), "--camera-offset dark",
                "expected auto or a number of counts");
        assertUsageError(Cli.run("replay", data, "--camera-gain", "NaN"), "--camera-gain NaN");
    }

    @Test
    void replayOfAMissingDatasetIsRejected() {
        assertUserError(Cli.run("replay", dir.resolve("none.ome.tif").toString()), "none.ome.tif", "does not exist");
    }

    @Test
    void replayOfAFolderMixingBitDepthsNamesTheOddFile() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("series"));
        for (int t = 1; t <= 10; t++) {
            ij.process.ImageProcessor ip = t == 10 ? new ij.process.ByteProcessor(8, 8)
                    : new ij.process.ShortProcessor(8, 8);
            assertThat(new ij.io.FileSaver(new ij.ImagePlus("t", ip)).saveAsTiff(folder.resolve("t" + t + ".tif")
                    .toString())).isTrue();
        }
        // natural order: t10 is the last file, so the series is refused there, not at t2 (name order)
        assertUserError(Cli.run("replay", folder.toString(), "-o", dir.resolve("r").toString()),
                "t10.tif is 8x8 GRAY8", "t1.tif is 8x8 GRAY16", "one size and bit depth");
    }
}
