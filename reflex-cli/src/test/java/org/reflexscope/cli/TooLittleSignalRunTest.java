package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reflexscope.policy.log.DecisionLogReader;
import org.reflexscope.policy.log.DecisionRecord;
import org.reflexscope.sim.scenario.Scenario;

/**
 * Issue 19's "cells 30× dimmer: tracking lost by 50 µm": the {@code moving-cell} scene with its cells' photons ×1/30
 * holds nothing but noise. Refocus and tracking hold still (the stage never moves: before, tracking chased a faint
 * neighbour 49 µm away on seed 101 and refocus walked Z), and one too-little-signal alarm names the problem and
 * what to do. At full light the same scene has no such alarm and tracking moves the stage. The thresholds were chosen on
 * seeds 101–103 ({@code docs/policies.md}); these seeds were not looked at before.
 */
class TooLittleSignalRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FRAMES = 150;

    @TempDir
    Path dir;

    private JsonNode run(Scenario s, String name, List<DecisionRecord> decisions) throws IOException {
        Path yaml = dir.resolve(name + ".yaml");
        Files.write(yaml, s.toYaml().getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve(name);
        Cli c = Cli.run("run", "--scenario", yaml.toString(), "--policies", "refocus,track", "--no-report",
                "--quiet", "--warm-up", "2", "-n", Integer.toString(FRAMES), "-o", out.toString());
        assertThat(c.exit).as(c.toString()).isZero();
        decisions.addAll(new DecisionLogReader().read(out.resolve("decisions.jsonl")));
        return JSON.readTree(out.resolve("metrics.json").toFile());
    }

    private static List<String> alarms(JsonNode metrics, String kind) {
        List<String> out = new ArrayList<>();
        for (JsonNode a : metrics.path("signalAlarms")) {
            if (a.path("kind").asText().equals(kind)) {
                out.add(a.path("message").asText());
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(longs = {204, 205})
    void cellsThirtyTimesDimmerHoldTheStageAndRaiseOneAlarm(long seed) throws IOException {
        Scenario bright = Scenario.builtIn("moving-cell").with("seed", seed);
        Scenario dim = bright.with("specimen.cells.photonsPerMs", bright.specimen().cells().photonsPerMs() / 30);

        List<DecisionRecord> decisions = new ArrayList<>();
        JsonNode m = run(dim, "dim-" + seed, decisions);
        assertThat(decisions).hasSizeGreaterThan(FRAMES / 2);
        DecisionRecord first = decisions.get(0);
        double maxXy = 0;
        double maxDz = 0;
        for (DecisionRecord d : decisions) {
            maxXy = Math.max(maxXy, Math.hypot(d.stateXUm() - first.stateXUm(), d.stateYUm() - first.stateYUm()));
            maxDz = Math.max(maxDz, Math.abs(d.stateZUm() - first.stateZUm()));
        }
        System.out.printf("moving-cell photons x1/30, seed %d: stage within %.2f µm in XY, %.2f µm in Z of its start;"
                + " alarms %s%n", seed, maxXy, maxDz, m.path("signalAlarms"));
        assertThat(maxXy).as("XY excursion, µm").isLessThanOrEqualTo(2.0);
        assertThat(maxDz).as("Z excursion, µm").isLessThanOrEqualTo(1.0);
        List<String> weak = alarms(m, "TOO_LITTLE_SIGNAL");
        assertThat(weak).as("too-little-signal alarms").hasSize(1);
        assertThat(weak.get(0)).contains("refocus and track hold still").contains("Raise the light or the exposure")
                .contains("bin the camera");

        decisions.clear();
        JsonNode b = run(bright, "bright-" + seed, decisions);
        assertThat(alarms(b, "TOO_LITTLE_SIGNAL")).as("at full light").isEmpty();
        long trackMoves = decisions.stream().filter(d -> d.executed() != null && d.executed().name()
                .contains("track")).count();
        assertThat(trackMoves).as("tracking moves the stage at full light").isGreaterThanOrEqualTo(3);
    }
}
