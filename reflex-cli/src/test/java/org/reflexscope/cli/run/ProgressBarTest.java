package org.reflexscope.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void lineShowsTheFractionAsABarAndAPercentage() {
        assertThat(ProgressBar.line(0.5, "42 frames")).isEqualTo("[############............]  50% 42 frames");
        assertThat(ProgressBar.line(1.7, "x")).startsWith("[########################] 100%");
        assertThat(ProgressBar.line(Double.NaN, "only text")).isEqualTo("only text");
    }

    @Test
    void closeDrawsTheLastStateAndEndsTheLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressBar bar = new ProgressBar(out, () -> 0.25, () -> "state", 10_000);
        bar.close();
        String s = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
        assertThat(s).startsWith("\r[######..................]  25% state").endsWith(System.lineSeparator());
    }
}
