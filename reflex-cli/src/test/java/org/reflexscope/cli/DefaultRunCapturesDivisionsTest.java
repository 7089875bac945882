package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, {@code reflex run} with every default (scenario mixed: 20X, moving cells, six
 * divisions in 120 s, all policies), captures most of its divisions with few false acquisitions: what a newcomer
 * sees first. Scored by the simulator's ground truth in metrics.json. About 10 s on a 2-core machine.
 */
class DefaultRunCapturesDivisionsTest {
    @TempDir
    Path dir;

    @Test
    void theDefaultRunCapturesMostDivisions() throws IOException {
        Path out = dir.resolve("default");
        Cli result = Cli.run("run", "--out", out.toString(), "--no-report", "--quiet");
        assertThat(result.exit).as(result.toString()).isZero();
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        JsonNode events = metrics.path("scores").path("events");
        JsonNode settings = new ObjectMapper().readTree(out.resolve("settings.json").toFile());
        assertThat(settings.path("analysis").path("binning").asInt()).as("auto: 10 µm cells at 20X analysed at 2x2")
                .isEqualTo(2);
        assertThat(events.path("events").asInt()).isEqualTo(6);
        assertThat(events.path("captured").asInt()).as(events.toString()).isGreaterThanOrEqualTo(4);
        assertThat(events.path("precision").asDouble()).as("measured 5 of 6 acquisitions on a division; " + events)
                .isGreaterThanOrEqualTo(0.75);
    }
}
