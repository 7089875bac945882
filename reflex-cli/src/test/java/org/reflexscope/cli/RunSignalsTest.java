package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
 * {@code reflex run} in a child JVM, ended from outside while it runs in real time: SIGTERM and Ctrl-C (SIGINT) stop
 * it within a bound with its run folder finalized; after SIGKILL the recording and the decision log still read
 * back with every frame and decision that reached the disk. A finalizing that cannot end (its {@code metrics.json}
 * is a FIFO nobody reads, so writing it blocks as on a hung network disk) is cut short by a second Ctrl-C at once,
 * or by the finalize bound, each with one line naming what was not written.
 */
class RunSignalsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Seconds a stopped run may take from the signal to its exit (warm-up and report included). */
    private static final double END_BOUND_S = 30;

    @TempDir
    Path tmp;

    /** A running child {@code reflex run}, started and waited for until it has logged a few decisions. */
    private static final class Child {
        final Process process;
        final Path out;
        final Path stderr;

        Child(Path tmp, String name, String... jvmOptions) throws IOException, InterruptedException {
            out = tmp.resolve(name);
            stderr = tmp.resolve(name + ".err");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                    "-Djava.awt.headless=true"));
            cmd.addAll(List.of(jvmOptions));
            cmd.addAll(List.of(ReflexCommand.class.getName(), "run", "-s", "drifting-focus-beads", "--pacing",
                    "realtime", "--frames", "100000", "--ring", "8", "--out", out.toString()));
            process = new ProcessBuilder(cmd).redirectOutput(tmp.resolve(name + ".out").toFile())
                    .redirectError(stderr.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (decisionLines() < 5) {
                assertThat(process.isAlive()).as("the child runs: %s", err()).isTrue();
                assertThat(System.nanoTime()).as("5 decisions within 60 s").isLessThan(deadline);
                Thread.sleep(100);
            }
        }

        long decisionLines() throws IOException {
            Path d = out.resolve("decisions.jsonl");
            return Files.isRegularFile(d) ? Files.readAllLines(d).size() : 0;
        }

        String err() throws IOException {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        }

        /** Waits for the exit; returns the seconds it took. */
        double awaitExit() throws InterruptedException {
            long t0 = System.nanoTime();
            boolean ended = process.waitFor(120, TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly();
            }
            assertThat(ended).as("the child ended").isTrue();
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private static void signal(Process p, String sig) throws IOException, InterruptedException {
        // the shell's own kill: no procps package needed
        Process k = new ProcessBuilder("sh", "-c", "kill -" + sig + " " + p.pid()).start();
        assertThat(k.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(k.exitValue()).isZero();
    }

    /** Whether {@code pid} ignores SIGINT (inherited from a parent started in the background without job control). */
    private static boolean ignoresSigint(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring(7).trim(), 16) & 0b10) != 0;
            }
        }
        return false;
    }

    /** The recording opens with every frame the run recorded, and the decision log parses. */
    private static int assertRecordingAndLogReadBack(Path out) throws IOException {
        List<?> decisions = new DecisionLogReader().read(out.resolve("decisions.jsonl"));
        assertThat(decisions).isNotEmpty();
        try (NdTiffDatasetReader r = NdTiffDatasetReader.open(out.resolve("recording"))) {
            assertThat(r.size()).isPositive();
            r.read("time", r.size() - 1);
            return r.size();
        }
    }

    private static void assertFinalized(Path out) throws IOException {
        for (String f : new String[] {"metrics.json", "settings.json", "report.html"}) {
            assertThat(out.resolve(f)).as(f).isNotEmptyFile();
        }
        int frames = assertRecordingAndLogReadBack(out);
        JsonNode m = JSON.readTree(out.resolve("metrics.json").toFile());
        assertThat(m.path("frames").path("recorded").asLong()).as("metrics' recorded frames").isEqualTo(frames);
        assertThat(m.path("frames").path("published").asLong()).isEqualTo(frames);
    }

    @Test
    void sigtermStopsTheRunWhichFinalizesItsFolderAndExits143() throws Exception {
        Child c = new Child(tmp, "term");
        c.process.destroy();
        double s = c.awaitExit();
        assertThat(s).as("seconds from SIGTERM to exit; %s", c.err()).isLessThan(END_BOUND_S);
        assertThat(c.process.exitValue()).as(c.err()).isEqualTo(143);
        assertThat(c.err()).contains("reflex: stopping (SIGTERM)");
        assertFinalized(c.out);
    }

    @Test
    void ctrlCStopsTheRunWhichFinalizesItsFolderAndExits130() throws Exception {
        Child c = new Child(tmp, "int");
        boolean ignored = ignoresSigint(c.process.pid());
        if (ignored) {
            c.process.destroyForcibly();
            c.awaitExit();
        }
        assumeTrue(!ignored, "Skipped: this test's process tree ignores SIGINT (started in the background without job"
                + " control), so Ctrl-C cannot reach the child");
        signal(c.process, "INT");
        double s = c.awaitExit();
        assertThat(s).as("seconds from Ctrl-C to exit; %s", c.err()).isLessThan(END_BOUND_S);
        assertThat(c.process.exitValue()).as(c.err()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(c.err()).contains("reflex: stopping (Ctrl-C)").contains("reflex: stopped early by Ctrl-C after ")
                .contains("are in " + c.out);
        assertFinalized(c.out);
    }

    @Test
    void afterSigkillTheRecordingAndTheDecisionLogReadBackWithWhatReachedTheDisk() throws Exception {
        Child c = new Child(tmp, "kill");
        c.process.destroyForcibly();
        double s = c.awaitExit();
        assertThat(s).as("seconds from SIGKILL to exit").isLessThan(10);
        assertThat(c.process.exitValue()).isEqualTo(137);
        assertThat(c.out.resolve("metrics.json")).doesNotExist();
        assertThat(c.out.resolve("settings.json")).as("written at the start, for --from").isNotEmptyFile();
        assertThat(assertRecordingAndLogReadBack(c.out)).isGreaterThanOrEqualTo(5);
        Cli replay = Cli.run("replay", c.out.toString(), "--frames", "3", "-p", "none", "--out",
                tmp.resolve("replayed").toString());
        assertThat(replay.exit).as(replay.toString()).isZero();
        Cli again = Cli.run("run", "--from", c.out.toString(), "--pacing", "virtual", "--frames", "3", "--out",
                tmp.resolve("again").toString());
        assertThat(again.exit).as(again.toString()).isZero();
    }

    /** Skips the calling test (after ending the child) when Ctrl-C cannot reach it. */
    private static void assumeCtrlCReaches(Child c) throws IOException, InterruptedException {
        boolean ignored = ignoresSigint(c.process.pid());
        if (ignored) {
            c.process.destroyForcibly();
            c.awaitExit();
        }
        assumeTrue(!ignored, "Skipped: this test's process tree ignores SIGINT (started in the background without job"
                + " control), so Ctrl-C cannot reach the child");
    }

    /** Puts a FIFO where the run will write its metrics: opening it for writing blocks until someone reads it. */
    private static void blockMetrics(Child c) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", c.out.resolve("metrics.json").toString()).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("mkfifo").isZero();
    }

    /** Waits until the stopped run has rewritten settings.json (the step before metrics.json). */
    private static void awaitFinalSettings(Child c, String initial) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Files.readString(c.out.resolve("settings.json")).equals(initial)) {
            assertThat(c.process.isAlive()).as("the child finalizes: %s", c.err()).isTrue();
            assertThat(System.nanoTime()).as("settings rewritten within 60 s of Ctrl-C").isLessThan(deadline);
            Thread.sleep(50);
        }
        Thread.sleep(500); // its write ends; the run then blocks opening metrics.json
    }

    @Test
    void aSecondCtrlCDuringAFinalizeThatCannotEndQuitsAtOnceNamingWhatWasNotWritten() throws Exception {
        Child c = new Child(tmp, "int2");
        assumeCtrlCReaches(c);
        String initialSettings = Files.readString(c.out.resolve("settings.json"));
        blockMetrics(c);
        signal(c.process, "INT");
        awaitFinalSettings(c, initialSettings);
        assertThat(c.process.isAlive()).as("blocked on metrics.json: %s", c.err()).isTrue();
        signal(c.process, "INT");
        double s = c.awaitExit();
        assertThat(s).as("seconds from the second Ctrl-C to exit; %s", c.err()).isLessThan(5);
        assertThat(c.process.exitValue()).as(c.err()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(c.err()).contains("reflex: quitting at once (second Ctrl-C): metrics.json, report.html not"
                + " written; the recording opens up to its last frame.");
        assertThat(c.out.resolve("report.html")).doesNotExist();
        assertThat(assertRecordingAndLogReadBack(c.out)).isGreaterThanOrEqualTo(5);
    }

    @Test
    void aCtrlCdRunThatCannotFinishFinalizingQuitsAtTheBoundNamingWhatWasNotWritten() throws Exception {
        Child c = new Child(tmp, "bound", "-Dreflex.finalizeBoundSeconds=5");
        assumeCtrlCReaches(c);
        blockMetrics(c);
        signal(c.process, "INT");
        double s = c.awaitExit();
        assertThat(s).as("seconds from Ctrl-C to exit with a 5 s bound; %s", c.err()).isBetween(5.0, 20.0);
        assertThat(c.process.exitValue()).as(c.err()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(c.err()).contains("reflex: stopping (Ctrl-C): finishing the recording, decision log, metrics and"
                + " report (at most 5 s).").contains("reflex: the run did not finish within 5 s of Ctrl-C; quitting: ")
                .contains("metrics.json, report.html not written; the recording opens up to its last frame.");
        assertThat(assertRecordingAndLogReadBack(c.out)).isGreaterThanOrEqualTo(5);
    }

    @Test
    void aSigtermdRunThatCannotFinishFinalizingExitsAtTheBoundNamingWhatWasNotWritten() throws Exception {
        Child c = new Child(tmp, "termbound", "-Dreflex.finalizeBoundSeconds=5");
        blockMetrics(c);
        c.process.destroy();
        double s = c.awaitExit();
        assertThat(s).as("seconds from SIGTERM to exit with a 5 s bound; %s", c.err()).isBetween(5.0, 20.0);
        assertThat(c.process.exitValue()).as(c.err()).isEqualTo(143);
        assertThat(c.err()).contains("reflex: the run did not finish within 5 s of the stop request; quitting: ")
                .contains("metrics.json, report.html not written; the recording opens up to its last frame.");
        assertThat(assertRecordingAndLogReadBack(c.out)).isGreaterThanOrEqualTo(5);
    }
}
