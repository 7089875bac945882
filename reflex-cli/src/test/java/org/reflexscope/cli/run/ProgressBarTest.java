package org.reflexscope.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflexscope.cli.console.Console;

class ProgressBarTest {
    private static final List<String> SEGMENTS = List.of("55 frames", "82.2 fps", "0:03 left", "143 detections",
            "55 decisions");

    @Test
    void lineShowsTheFractionAsABarAndAPercentage() {
        assertThat(ProgressBar.line(0.5, List.of("42 frames"), 80)).isEqualTo("[##########..........]  50%  42 frames");
        assertThat(ProgressBar.line(1.7, List.of("x"), 80)).startsWith("[####################] 100%");
        assertThat(ProgressBar.line(Double.NaN, List.of("only", "text"), 80)).isEqualTo("only  text");
    }

    @Test
    void lineNeverFillsTheLastColumnAndLeavesOutWhatDoesNotFit() {
        for (int columns : new int[] {20, 40, 60, 80, 120, 200}) {
            String l = ProgressBar.line(0.42, SEGMENTS, columns);
            assertThat(l.length()).as("at %d columns: %s", columns, l).isLessThan(columns);
            assertThat(l).startsWith("[").contains(" 42%");
        }
        assertThat(ProgressBar.line(0.42, SEGMENTS, 200)).endsWith("55 decisions");
        assertThat(ProgressBar.line(0.42, SEGMENTS, 30)).endsWith("55 frames").doesNotContain("fps");
        assertThat(ProgressBar.line(Double.NaN, List.of("x".repeat(300)), 80)).hasSize(79);
    }

    @Test
    void closeDrawsTheLastStateInPlaceAndEndsTheLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressBar bar = new ProgressBar(Console.over(out, true, 80), () -> 0.25, () -> List.of("state"), 10_000);
        bar.close();
        String s = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
        assertThat(s).startsWith("\r[#####...............]  25%  state\u001b[K").endsWith(System.lineSeparator());
    }
}
