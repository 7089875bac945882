package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.record.NdTiffDatasetReader;
import org.reflexscope.policy.log.DecisionLogReader;

/**
 * A native crash in the middle of {@code reflex acquire} on the real core (the DemoCamera's {@code SimulateCrash},
 * see {@link CrashDuringAcquire}): the JVM dies at once, and what reached the disk reads back: the recording with at
 * least every frame decided on before the crash was set off, every decision-log line, and {@code reflex replay} of
 * the folder.
 */
class CrashOnRealCoreTest {
    private static final long DECISIONS_BEFORE_CRASH = 5;

    @TempDir
    Path tmp;

    @Test
    void afterANativeCrashMidRunTheRecordingAndTheDecisionLogReadBack() throws Exception {
        Path home = MmInstallation.homeOrSkip();
        Path out = tmp.resolve("crashed");
        Path hsErr = tmp.resolve("hs_err.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dai.djl.offline=true", "-Xmx1g", "-XX:-CreateCoredumpOnCrash",
                "-XX:ErrorFile=" + hsErr, "-cp", String.join(File.pathSeparator, ChildJvm.testClassPath()),
                CrashDuringAcquire.class.getName(), Long.toString(DECISIONS_BEFORE_CRASH), home.toString(),
                "MMConfig_demo.cfg", out.toString()));
        cmd.addAll(List.of("acquire", "--mm", home.toString(), "--config", "MMConfig_demo.cfg", "-n", "100000",
                "--warm-up", "5", "-q", "-o", out.toString()));
        Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(tmp.resolve("err.txt").toFile()).start();
        boolean ended = p.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        String err = Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8);
        assertThat(ended).as("the crashed run ended; %s", err).isTrue();
        assertThat(err).contains("crash-during-acquire: crashing the DemoCamera after")
                .doesNotContain("crash-during-acquire: could not crash")
                .doesNotContain("crash-during-acquire: the camera did not crash");
        assertThat(p.exitValue()).as("exit status of a JVM that crashed; %s", err).isNotIn(0, 99);
        assertThat(Files.readString(hsErr, StandardCharsets.UTF_8)).as("the JVM's crash report")
                .contains("libmmgr_dal_DemoCamera").contains("OnCrash");
        assertThat(out.resolve("metrics.json")).as("nothing finalized after a crash").doesNotExist();

        List<?> decisions = new DecisionLogReader().read(out.resolve("decisions.jsonl"));
        assertThat(decisions).hasSizeGreaterThanOrEqualTo((int) DECISIONS_BEFORE_CRASH);
        int frames;
        try (NdTiffDatasetReader r = NdTiffDatasetReader.open(out.resolve("recording"))) {
            frames = r.size();
            assertThat(frames).as("frames in the recording").isGreaterThanOrEqualTo((int) DECISIONS_BEFORE_CRASH);
            for (int k = 0; k < frames; k++) {
                assertThat(r.read("time", k).frame().width()).isPositive();
            }
        }
        Cli replay = Cli.run("replay", out.toString(), "-p", "none", "--out", tmp.resolve("replayed").toString());
        assertThat(replay.exit).as(replay.toString()).isZero();
        assertThat(new ObjectMapper().readTree(tmp.resolve("replayed").resolve("metrics.json").toFile())
                .path("frames").path("recorded").asLong()).as("frames replayed").isEqualTo(frames);
        System.out.printf("CrashOnRealCoreTest: crashed with %d decision(s) logged and %d frame(s) recorded, exit %d%n",
                decisions.size(), frames, p.exitValue());
    }
}
