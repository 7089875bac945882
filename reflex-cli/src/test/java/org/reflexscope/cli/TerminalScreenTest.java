package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code reflex run} in a real pseudo-terminal (a tmux pane 80 and 200 columns wide) the way the launcher
 * starts it, and reads the screen as a person would see it: one progress bar row that fits, no log line glued to
 * it, INFO lines only with {@code -v} and always in the run folder's {@code reflex.log}. Skipped where tmux is
 * not installed (CI installs it).
 */
class TerminalScreenTest {
    private static final Pattern BAR = Pattern.compile("\\[[#.]+\\] +\\d+%");
    private static final Pattern BAR_ROW = Pattern.compile("^\\[[#.]+\\] +\\d+%(  [0-9a-z:.]+(?: [a-z]+)?)*$");
    private static final Pattern LOG_HEADER = Pattern.compile("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} \\[");
    private static final String SOCKET = "reflex-test-" + ProcessHandle.current().pid();

    @TempDir
    static Path dir;

    @BeforeAll
    static void tmuxIsInstalled() throws Exception {
        assumeThat(exit("tmux", "-V")).as("tmux is installed").isZero();
    }

    @AfterAll
    static void stopOurTmuxServer() throws Exception {
        exit("tmux", "-L", SOCKET, "kill-server");
    }

    @Test
    void at80ColumnsVerboseLogLinesPassAboveOneBarThatFits() throws Exception {
        Path run = dir.resolve("narrow");
        List<String> screen = runInPane(80, run, "-v");
        assertOneBarRowThatFits(screen, 80);
        assertThat(screen).as("INFO lines shown with -v, each on a row of its own")
                .anyMatch(l -> l.contains(" INFO org.reflexscope."));
        for (String l : screen) {
            if (l.contains(" INFO ") || l.contains(" WARN ")) {
                assertThat(LOG_HEADER.matcher(l).lookingAt()).as("log line starts its row: %s", l).isTrue();
            }
        }
    }

    @Test
    void at200ColumnsTheDefaultRunShowsTheBarAndSummaryAndLogsToTheRunFolder() throws Exception {
        Path run = dir.resolve("wide");
        List<String> screen = runInPane(200, run);
        assertOneBarRowThatFits(screen, 200);
        assertThat(String.join("\n", screen)).doesNotContain(" INFO ").doesNotContain("PipelineMetrics")
                .doesNotContain("ORT_EP").contains("Run folder: " + run).contains("Frames lost");
        assertThat(Files.readString(run.resolve("reflex.log"))).contains(" INFO org.reflexscope.")
                .contains("PipelineMetrics");
    }

    private static void assertOneBarRowThatFits(List<String> screen, int columns) {
        String all = String.join("\n", screen);
        assertThat(screen).as(all).anyMatch(l -> l.equals("EXIT=0"));
        List<String> bars = screen.stream().filter(l -> BAR.matcher(l).find()).collect(Collectors.toList());
        assertThat(bars).as("one progress bar row:\n%s", all).hasSize(1);
        assertThat(bars.get(0)).as("the bar row holds nothing else").matches(BAR_ROW);
        assertThat(bars.get(0)).contains("100%").contains("frames").contains("fps");
        assertThat(bars.get(0).length()).as("bar not wrapped at %d columns", columns).isLessThan(columns);
    }

    /** The pane's rows (wrapped rows joined, trailing blanks cut) after {@code reflex run} ended in it. */
    private static List<String> runInPane(int columns, Path run, String... extra) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path script = dir.resolve("reflex-" + columns + ".sh");
        // what the launcher does (./reflex): -Dreflex.tty=true when stderr is a terminal
        Files.writeString(script, "#!/bin/sh\nunset COLUMNS\n'" + java + "' -Dai.djl.offline=true -Dreflex.tty=true"
                + " -cp '" + cp + "' org.reflexscope.cli.ReflexCommand run -s mixed --duration 20s --out '" + run
                + "' " + String.join(" ", extra) + "\necho EXIT=$?\nsleep 300\n");
        String session = "w" + columns;
        assertThat(exit("tmux", "-L", SOCKET, "new-session", "-d", "-s", session, "-x", Integer.toString(columns),
                "-y", "50", "sh " + script)).isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        List<String> rows = List.of();
        while (System.nanoTime() < deadline) {
            rows = capture(session);
            if (rows.stream().anyMatch(l -> l.startsWith("EXIT="))) {
                break;
            }
            Thread.sleep(500);
        }
        exit("tmux", "-L", SOCKET, "kill-session", "-t", session);
        return rows;
    }

    private static List<String> capture(String session) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tmux", "-L", SOCKET, "capture-pane", "-p", "-J", "-S", "-", "-t", session)
                .redirectErrorStream(true).start();
        String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        List<String> rows = new ArrayList<>();
        for (String l : s.split("\n", -1)) {
            rows.add(l.replaceAll("\\s+$", ""));
        }
        return rows;
    }

    private static int exit(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
