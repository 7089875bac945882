package org.reflexscope.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleTest {
    private static final String INFO = "12:00:01.123 [main] INFO org.reflexscope.X - model loaded";
    private static final String WARN = "12:00:01.124 [reflex-decide] WARN org.reflexscope.Y - stage slow";
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final Console console = Console.over(new PrintStream(screen, true, StandardCharsets.UTF_8), true, 80);

    private String screen() {
        return new String(screen.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void byDefaultTheTerminalShowsWarningsAndPlainLinesButNotInfo() {
        console.println(INFO);
        console.println(WARN);
        console.println("reflex: --seed x: expected an integer");
        assertThat(screen()).doesNotContain("model loaded").contains("stage slow").contains("expected an integer");
    }

    @Test
    void quietShowsOnlyErrorsAndVerboseShowsInfo() {
        console.verbosity(Verbosity.QUIET);
        console.println(WARN);
        console.println("12:00:01.125 [main] ERROR org.reflexscope.Z - disk full");
        assertThat(screen()).doesNotContain("stage slow").contains("disk full");
        console.verbosity(Verbosity.VERBOSE);
        console.println(INFO);
        assertThat(screen()).contains("model loaded");
    }

    @Test
    void aStackTraceFollowsTheLevelOfItsRecord() {
        console.println(INFO.replace("model loaded", "Command failed"));
        console.println("java.lang.IllegalStateException: boom");
        console.println("\tat org.reflexscope.A.b(A.java:1)");
        console.println("Caused by: java.io.IOException: no space");
        console.println("reflex: IllegalStateException: boom");
        assertThat(screen()).doesNotContain("Command failed").doesNotContain("\tat ").doesNotContain("no space")
                .contains("reflex: IllegalStateException: boom");
    }

    @Test
    void aLineForTheTerminalClearsTheStatusAndRedrawsItBelow() {
        console.status("[####......]  40%  4 frames");
        console.println(WARN);
        assertThat(screen()).isEqualTo("\r[####......]  40%  4 frames\u001b[K" + "\r\u001b[K" + WARN
                + System.lineSeparator() + "\r[####......]  40%  4 frames\u001b[K");
    }

    @Test
    void noStatusIsDrawnWhenTheStreamIsNotATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Console pipe = Console.over(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 80);
        pipe.status("[##] 10%");
        pipe.endStatus();
        assertThat(bytes.size()).isZero();
    }

    @Test
    void theLogFileGetsEveryLineIncludingThoseWrittenBeforeItWasNamed(@TempDir Path dir) throws Exception {
        console.println(INFO);
        Path log = dir.resolve("reflex.log");
        console.logTo(log, "reflex test");
        console.println(WARN);
        console.closeLog();
        console.println("after the run");
        assertThat(Files.readAllLines(log)).containsExactly("reflex test", INFO, WARN);
    }
}
