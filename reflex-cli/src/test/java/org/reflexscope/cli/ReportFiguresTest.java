package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which figures a report draws for a simulated run with and without tracking and for a replayed run: only those
 * of what ran, truth only where there is truth, and the story first, its numbers read back from metrics.json.
 */
class ReportFiguresTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static Path noTrack;
    private static Path tracked;
    private static Path replay;

    @BeforeAll
    static void runThree() {
        noTrack = dir.resolve("no-track");
        Cli a = Cli.run("run", "-s", "mixed", "-p", "hires,refocus,rate", "--set", "hires.budget=1", "--duration",
                "60s", "--out", noTrack.toString());
        assertThat(a.exit).as(a.toString()).isZero();
        tracked = dir.resolve("tracked");
        Cli b = Cli.run("run", "-s", "moving-cell", "--duration", "10s", "--out", tracked.toString());
        assertThat(b.exit).as(b.toString()).isZero();
        replay = dir.resolve("replay");
        Cli c = Cli.run("replay", tracked.toString(), "-p", "track", "--frames", "20", "--out", replay.toString());
        assertThat(c.exit).as(c.toString()).isZero();
    }

    @Test
    void aSimulatedRunWithoutTrackHasNoTrackingFigureAndTellsWhatWasCapturedAndWhy() throws IOException {
        String html = html(noTrack);
        assertThat(figures(html)).containsExactly("focus", "events", "frame-interval", "latency");
        assertThat(html).contains("Tracked target:</b> not drawn, track did not run")
                .contains("Focus position vs the true focal plane");
        JsonNode scores = JSON.readTree(noTrack.resolve("metrics.json").toFile()).path("scores");
        assertThat(story(html)).contains(String.format("Captured %d of %d events at high resolution",
                scores.path("events").path("captured").asInt(), scores.path("events").path("events").asInt()));
        long acquisitions = JSON.readTree(noTrack.resolve("metrics.json").toFile()).path("decisions")
                .path("hiResAcquisitions").asLong();
        if (acquisitions >= 1) {
            assertThat(story(html)).contains("The high-resolution budget (1 acquisitions) was spent at");
        } else {
            assertThat(story(html)).doesNotContain("budget");
        }
        assertThat(html.indexOf("What happened")).isLessThan(html.indexOf("<h2>Summary"));
        assertThat(html).contains("href=\"decisions.jsonl\"").contains("href=\"reflex.log\"");
        assertThat(noTrack.resolve("reflex.log")).isRegularFile();
    }

    @Test
    void aSimulatedRunWithTrackDrawsTheTargetAgainstTheTruth() throws IOException {
        String html = html(tracked);
        assertThat(figures(html)).contains("focus", "tracking", "events", "frame-interval", "latency");
        assertThat(html).contains("Tracked target vs truth");
    }

    @Test
    void aReplayedRunClaimsNoTruth() throws IOException {
        String html = html(replay);
        assertThat(figures(html)).containsExactly("tracking", "events", "frame-interval", "latency");
        assertThat(html).doesNotContain("true focal plane").doesNotContain("vs truth")
                .contains("Tracked target: stage position").contains("Focus position:</b> not drawn, refocus did not "
                        + "run").contains("No ground truth for this run")
                .contains("The high-resolution trigger did not run").doesNotContain("Captured ");
    }

    @Test
    void everyDrawnFigureCameFromSomethingThatRan() throws IOException {
        for (Path run : new Path[] {noTrack, tracked, replay}) {
            JsonNode settings = JSON.readTree(run.resolve("settings.json").toFile());
            boolean track = settings.path("policies").toString().contains("\"track\"");
            assertThat(figures(html(run)).contains("tracking")).as("tracking figure in %s", run).isEqualTo(track);
        }
    }

    private static String html(Path run) throws IOException {
        return new String(Files.readAllBytes(run.resolve("report.html")), StandardCharsets.UTF_8);
    }

    private static Set<String> figures(String html) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = Pattern.compile("<img id=\"plot-([a-z-]+)\"").matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String story(String html) {
        int start = html.indexOf("<ul class=\"story\">");
        return start < 0 ? "" : html.substring(start, html.indexOf("</ul>", start));
    }
}
