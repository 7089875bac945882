package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code reflex acquire} on the real core named by {@code -Dreflex.mm.home} (the installation's MMCoreJ is on the
 * test class path, see the {@code mm-real} profile), with the demo configuration: the default policies and each
 * policy alone record every frame and write a complete run folder on one monotonic clock; a configuration
 * without an objective group runs refocus.
 */
class AcquireOnRealCoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static void assertCompleteRun(Cli c, Path run, int frames) throws Exception {
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.OK);
        JsonNode metrics = JSON.readTree(run.resolve("metrics.json").toFile());
        assertThat(metrics.path("frames").path("recorded").asLong()).as(c.toString()).isEqualTo(frames);
        assertThat(metrics.path("frames").path("lost").asLong()).isZero();
        assertThat(metrics.path("lightDoseMs").asDouble()).as("exposure taken").isPositive();
        for (String f : new String[] {"settings.json", "decisions.jsonl", "report.html"}) {
            assertThat(run.resolve(f)).isRegularFile();
        }
        assertThat(run.resolve("recording")).isDirectory();
        // the camera section: the DemoCamera's unambiguous properties, its unitless Gain not taken as a gain
        JsonNode camera = JSON.readTree(run.resolve("settings.json").toFile()).path("camera");
        assertThat(camera.path("gain").path("source").asText()).as("%s", camera).isEqualTo("camera-metadata");
        assertThat(camera.path("gain").path("value").asDouble()).isEqualTo(1.0);
        assertThat(camera.path("gain").path("detail").asText()).contains("Photon Conversion Factor = 1");
        assertThat(camera.path("readNoise").path("source").asText()).isEqualTo("camera-metadata");
        assertThat(camera.path("readNoise").path("value").asDouble()).isEqualTo(2.5);
        assertThat(camera.path("offset").path("source").asText()).isEqualTo("estimated");
        JsonNode ignored = JSON.readTree(run.resolve("settings.json").toFile()).path("cameraProperties")
                .path("ignored");
        assertThat(ignored.toString()).contains("'Gain' = 0").contains("'Offset' = 0");
        assertThat(Files.readString(run.resolve("report.html"))).contains("Photon Conversion Factor");
        // the camera clock of the analysed frames, in image order, never runs backwards
        TreeMap<Long, Double> clock = new TreeMap<>();
        for (String line : Files.readAllLines(run.resolve("decisions.jsonl"), StandardCharsets.UTF_8)) {
            JsonNode frame = JSON.readTree(line).path("frame");
            if (frame.has("cameraTimeMs")) {
                clock.put(frame.path("image").asLong(), frame.path("cameraTimeMs").asDouble());
            }
        }
        assertThat(clock).isNotEmpty();
        List<Double> times = clock.values().stream().collect(Collectors.toList());
        assertThat(times).isSorted();
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "refocus", "track", "hires", "rate"})
    void eachPolicyRecordsEveryFrameIntoACompleteRunFolder(String policy) throws Exception {
        Path home = MmInstallation.homeOrSkip();
        Path run = dir.resolve(policy);
        Cli c = Cli.run("acquire", "--mm", home.toString(), "--config", "MMConfig_demo.cfg", "-p", policy, "-n", "120",
                "--warm-up", "20", "-q", "-o", run.toString());
        assertCompleteRun(c, run, 120);
    }

    @Test
    void aConfigurationWithoutAnObjectiveGroupRunsRefocus() throws Exception {
        Path home = MmInstallation.homeOrSkip();
        List<String> lines = Files.readAllLines(home.resolve("MMConfig_demo.cfg"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.startsWith("ConfigGroup,Objective,")).collect(Collectors.toList());
        Path cfg = dir.resolve("no-objective-group.cfg");
        Files.write(cfg, lines, StandardCharsets.UTF_8);
        Path run = dir.resolve("run");
        Cli c = Cli.run("acquire", "--mm", home.toString(), "--config", cfg.toString(), "-p", "refocus", "-n", "60",
                "--warm-up", "20", "-q", "-o", run.toString());
        assertCompleteRun(c, run, 60);
    }

    @Test
    void pacingIsRefusedBecauseTheCameraSetsThePace() {
        Cli c = Cli.run("acquire", "--mm", dir.toString(), "--pacing", "realtime", "-o", dir.resolve("r").toString());
        assertThat(c.exit).isEqualTo(ExitCodes.FAILED);
        assertThat(c.err).startsWith("reflex: --pacing").contains("camera");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    @Test
    void anUnknownObjectiveGroupNamesTheGroupsThereAre() {
        Path home = MmInstallation.homeOrSkip();
        Cli c = Cli.run("acquire", "--mm", home.toString(), "--objective-group", "Turret", "-n", "5",
                "-o", dir.resolve("r").toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(c.err).startsWith("reflex: ").contains("Turret").contains("Objective").doesNotContain("\tat ");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    /** The refocus hold step a run resolved (settings.json), µm. */
    private static double holdStepUm(Path run) throws IOException {
        return JSON.readTree(run.resolve("settings.json").toFile()).path("policyParameters").path("refocus.stepUm")
                .asDouble(Double.NaN);
    }

    @Test
    void objectiveApertureGivesTheRefocusStepsFromTheDepthOfField() throws Exception {
        Path home = MmInstallation.homeOrSkip();
        Path fixed = dir.resolve("fixed");
        Cli a = Cli.run("acquire", "--mm", home.toString(), "-p", "refocus", "-n", "10", "--warm-up", "2", "-q",
                "--dry-run", "-o", fixed.toString());
        assertThat(a.exit).as(a.toString()).isZero();
        Path withNa = dir.resolve("na");
        Cli b = Cli.run("acquire", "--mm", home.toString(), "-p", "refocus", "-n", "10", "--warm-up", "2", "-q",
                "--dry-run", "--objective-na", "10X=0.3,20X=0.5,40X=0.75", "-o", withNa.toString());
        assertThat(b.exit).as(b.toString()).isZero();
        // the demo configuration starts at 10X, 1.0 µm per pixel: Inoué's DOF at 520 nm in air, hold step DOF / 6
        double dof = 0.52 / (0.3 * 0.3) + 1.0 / 0.3;
        assertThat(holdStepUm(fixed)).as("fixed steps without an NA").isEqualTo(0.5);
        assertThat(holdStepUm(withNa)).as("hold step from a %.2f µm depth of field", dof)
                .isCloseTo(dof / 6, org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void anApertureOutOfRangeOrForAnUnknownPresetIsAUsageError() {
        Path home = MmInstallation.homeOrSkip();
        Cli c = Cli.run("acquire", "--mm", home.toString(), "--objective-na", "10X=1.3", "-o",
                dir.resolve("r1").toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(c.err).startsWith("reflex: --objective-na 10X=1.3").contains("--immersion-index");
        Cli d = Cli.run("acquire", "--mm", home.toString(), "--objective-na", "60X=0.9", "-o",
                dir.resolve("r2").toString());
        assertThat(d.exit).as(d.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(d.err).startsWith("reflex: --objective-na names '60X'").contains("10X, 20X, 40X")
                .doesNotContain("\tat ");
        assertThat(dir.resolve("r1")).doesNotExist();
        assertThat(dir.resolve("r2")).doesNotExist();
    }

    @Test
    void aCameraShowingOnlyNoiseHoldsRefocusAndRaisesOneAlarm() throws Exception {
        Path home = MmInstallation.homeOrSkip();
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(home.resolve("MMConfig_demo.cfg"),
                StandardCharsets.UTF_8));
        lines.add("Property,Camera,Mode,Noise");
        Path cfg = dir.resolve("noise.cfg");
        Files.write(cfg, lines, StandardCharsets.UTF_8);
        Path noise = dir.resolve("noise");
        Cli c = Cli.run("acquire", "--mm", home.toString(), "--config", cfg.toString(), "-p", "refocus", "-n", "40",
                "--warm-up", "2", "--no-report", "-q", "-o", noise.toString());
        assertThat(c.exit).as(c.toString()).isZero();
        JsonNode alarms = JSON.readTree(noise.resolve("metrics.json").toFile()).path("signalAlarms");
        assertThat(alarms).as(alarms.toString()).hasSize(1);
        assertThat(alarms.get(0).path("kind").asText()).isEqualTo("TOO_LITTLE_SIGNAL");
        assertThat(c.out).contains("Warning: ").contains("nothing but noise").contains("refocus holds still");
        for (String line : Files.readAllLines(noise.resolve("decisions.jsonl"), StandardCharsets.UTF_8)) {
            assertThat(JSON.readTree(line).path("state").path("zUm").asDouble()).as(line).isEqualTo(0.0);
        }
        // the demo camera's own picture (waves) is signal: no such alarm, and refocus moves
        Path waves = dir.resolve("waves");
        Cli w = Cli.run("acquire", "--mm", home.toString(), "-p", "refocus", "-n", "40", "--warm-up", "2",
                "--no-report", "-q", "-o", waves.toString());
        assertThat(w.exit).as(w.toString()).isZero();
        assertThat(JSON.readTree(waves.resolve("metrics.json").toFile()).path("signalAlarms").toString())
                .doesNotContain("TOO_LITTLE_SIGNAL");
        assertThat(Files.readAllLines(waves.resolve("decisions.jsonl"), StandardCharsets.UTF_8).stream()
                .anyMatch(l -> l.contains("\"status\":\"SUCCEEDED\""))).as("refocus moved").isTrue();
    }
}
