package org.reflexscope.mm.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin in a real Micro-Manager Studio, installed as a user installs it: Studio started by
 * {@code ../shared/micro-manager/studio.sh} on the X display {@code $DISPLAY} (Xvfb in CI) with the demo
 * configuration, and the drop-in jar exactly as the build made it copied into a fresh plugin folder (its classes
 * are not on Studio's class path: Studio loads it with its own class loader).
 *
 * <p>{@link StudioDriver}, a Java agent inside Studio's JVM, drives the real UI: OK in the startup dialog, Plugins ›
 * Acquisition Tools › Reflex smart acquisition, Check on the embedded model, a dry run and then a live run with
 * refocus, tracking and the trigger, each stopped after {@value #FRAMES} frames, with a screenshot of the panel
 * mid-run; then a third run, which Studio's File › Exit ends after half as many frames. This test then judges what is
 * left behind: the run folders (reports, decision logs, the third one finalized by Studio's shutdown before Studio
 * exited) and Studio's CoreLog.
 *
 * <p>Runs in the {@code verify} phase, after the shade plugin built the jar. Skips when the {@code reflex.studio.home}
 * property is unset (no test Micro-Manager beside the project) or there is no {@code DISPLAY}; fails when the
 * property names a folder without {@code studio.sh}.
 */
class StudioGuiTest {
    static final int FRAMES = 300;
    static final long TIMEOUT_S = 300;

    static Path studioHome;
    static Path pluginJar;

    /** Finds the test Studio and the drop-in jar (also for {@link StudioSurveyGuiTest}); skips without them. */
    @BeforeAll
    static void findStudioAndJar() {
        String home = System.getProperty("reflex.studio.home", "");
        Assumptions.assumeTrue(!home.isEmpty() && !home.startsWith("${"),
                "No test Micro-Manager (reflex.studio.home): set up ../shared/micro-manager beside the project");
        studioHome = Paths.get(home);
        assertThat(studioHome.resolve("studio.sh")).as("reflex.studio.home names a folder without studio.sh")
                .isRegularFile();
        String display = System.getenv("DISPLAY");
        Assumptions.assumeTrue(display != null && !display.isEmpty(),
                "No X display: start Xvfb (e.g. Xvfb :99 & export DISPLAY=:99)");
        String jar = System.getProperty("reflex.plugin.jar", "");
        pluginJar = Paths.get(jar);
        assertThat(pluginJar).as("the drop-in jar (built in the package phase: run mvn -pl mm-plugin -am verify)")
                .isRegularFile();
    }

    @Test
    void thePanelRunsInsideStudio(@TempDir Path tmp) throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Files.copy(pluginJar, plugins.resolve(pluginJar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path runs = tmp.resolve("runs");
        Path agent = driverJar(tmp.resolve("driver.jar"));

        ProcessBuilder pb = new ProcessBuilder("bash", studioHome.resolve("studio.sh").toString(),
                "--plugins", plugins.toString(), "--logs", logs.toString(), "--home", tmp.resolve("home").toString(),
                "-javaagent:" + agent + "=out=" + out + ",runs=" + runs + ",frames=" + FRAMES)
                .redirectErrorStream(true).redirectOutput(out.resolve("studio.out").toFile());
        Process studio = pb.start();
        String result;
        boolean exitedByItself;
        try {
            result = awaitResult(studio, out.resolve(StudioDriver.RESULT));
            // the driver's last step quits Studio while a run is running: Studio exits once that run is finalized
            exitedByItself = "OK".equals(result) && studio.waitFor(90, TimeUnit.SECONDS);
        } finally {
            studio.destroy();
            if (!studio.waitFor(20, TimeUnit.SECONDS)) {
                studio.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            keep(out, logs, runs);
        }
        String driverLog = read(out.resolve(StudioDriver.LOG));
        assertThat(result).as("the driver's result; its log:\n%s", driverLog).isEqualTo("OK");
        assertThat(exitedByItself).as("Studio exited after File > Exit; the driver's log:\n%s", driverLog).isTrue();

        String coreLog = coreLog(logs);
        assertThat(coreLog).as("Reflex's own log lines reach Studio's CoreLog")
                .contains("[Reflex] PipelineBackend: Reflex run started").contains("Reflex run stopped");
        assertThat(coreLog.lines().filter(l -> l.contains("org.reflexscope") && l.contains("\tat ")
                || l.contains("at org.reflexscope.") || l.contains("NoSuchMethodError")
                || l.contains("NoClassDefFoundError") || l.contains("[ERR,") && l.contains("[Reflex]")))
                .as("exceptions involving Reflex in CoreLog").isEmpty();

        List<Path> folders;
        try (Stream<Path> s = Files.list(runs)) {
            folders = s.filter(Files::isDirectory).sorted().collect(Collectors.toList());
        }
        assertThat(folders).as("a dry run, a live run, and a run Studio's exit ended").hasSize(3);
        for (Path run : folders) {
            String report = read(run.resolve("report.html"));
            long published = cell(report, "framesPublished");
            assertThat(published).as(run + ": frames published")
                    .isGreaterThanOrEqualTo(run.equals(folders.get(2)) ? FRAMES / 2 : FRAMES);
            assertThat(cell(report, "framesRecorded")).as(run + ": every frame recorded").isEqualTo(published);
            assertThat(cell(report, "framesLost")).as(run + ": frames lost").isZero();
            assertThat(cell(report, "decisions")).as(run + ": decisions").isPositive();
            assertThat(Files.readAllLines(run.resolve("decisions.jsonl"))).as(run + ": decisions logged")
                    .isNotEmpty();
            assertThat(run.resolve("raw")).isDirectory();
        }
        assertTriggerSwitchedObjectiveAndBack(folders.get(1).resolve("decisions.jsonl"));
        assertFinalizedByStudiosShutdown(folders.get(2));
    }

    /**
     * The run still running when Studio quit (its report, checked above like the others, was written at the exit):
     * the closed recording holds every frame the report counts.
     */
    private static void assertFinalizedByStudiosShutdown(Path run) throws IOException {
        long recorded = cell(read(run.resolve("report.html")), "framesRecorded");
        try (org.reflexscope.core.record.NdTiffDatasetReader raw = org.reflexscope.core.record.NdTiffDatasetReader
                .open(run.resolve("raw"))) {
            assertThat((long) raw.size()).as(run + ": frames in the closed recording").isEqualTo(recorded);
        }
    }

    /**
     * In the live run's decision log: a trigger plan executed successfully that set the objective preset away from
     * the one in use and back, and the last decision of the run saw the original objective.
     */
    private static void assertTriggerSwitchedObjectiveAndBack(Path log) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> decisions = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            decisions.add(json.readTree(line));
        }
        decisions.sort(java.util.Comparator.comparingLong(d -> d.path("decision").asLong()));
        String original = decisions.get(0).path("state").path("objective").asText();
        int triggered = -1;
        for (int i = 0; i < decisions.size() && triggered < 0; i++) {
            JsonNode d = decisions.get(i);
            for (JsonNode p : d.path("proposals")) {
                if (p.path("policy").asText().equals("hires") && p.path("outcome").asText().equals("EXECUTED")) {
                    List<String> presets = new ArrayList<>();
                    p.path("plan").path("steps").forEach(step -> {
                        if (step.path("type").asText().equals("SetPreset")) {
                            presets.add(step.path("preset").asText());
                        }
                    });
                    assertThat(presets).as("decision %s", d.path("decision")).hasSize(2).last().isEqualTo(original);
                    assertThat(presets.get(0)).isNotEqualTo(original);
                    assertThat(d.path("execution").path("status").asText()).as("decision %s: %s", d.path("decision"),
                            d.path("execution").path("error").asText()).isEqualTo("SUCCEEDED");
                    triggered = i;
                }
            }
        }
        assertThat(triggered).as("an executed trigger plan in " + log).isNotNegative();
        assertThat(decisions.subList(triggered + 1, decisions.size())).as("decisions after the trigger")
                .isNotEmpty();
        assertThat(decisions.get(decisions.size() - 1).path("state").path("objective").asText())
                .as("the objective at the last decision").isEqualTo(original);
    }

    /** Waits for the driver's result file; fails early if Studio exits. */
    static String awaitResult(Process studio, Path result) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (System.nanoTime() < end) {
            if (Files.isRegularFile(result)) {
                Thread.sleep(200);
                return read(result).trim();
            }
            if (!studio.isAlive()) {
                return "Studio exited with status " + studio.exitValue() + " before the driver finished";
            }
            Thread.sleep(500);
        }
        return "no result from the driver within " + TIMEOUT_S + " s";
    }

    private static long cell(String html, String id) {
        Matcher m = Pattern.compile("<td id=\"" + id + "\">(-?\\d+)</td>").matcher(html);
        assertThat(m.find()).as("report cell " + id).isTrue();
        return Long.parseLong(m.group(1));
    }

    static String coreLog(Path logs) throws IOException {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.list(logs)) {
            for (Path p : s.filter(f -> f.getFileName().toString().startsWith("CoreLog")).sorted()
                    .collect(Collectors.toList())) {
                b.append(read(p));
            }
        }
        assertThat(b).as("Studio's CoreLog in " + logs).isNotEmpty();
        return b.toString();
    }

    /**
     * Copies the screenshot, the driver's log, Studio's output and CoreLog, and each run folder's report, decision
     * log and settings (not the images) to target/studio-gui-test/.
     */
    private static void keep(Path out, Path logs, Path runs) throws IOException {
        Path target = Paths.get(System.getProperty("reflex.studio.test.out", "target/studio-gui-test"));
        if (Files.isDirectory(target)) {
            try (Stream<Path> s = Files.walk(target)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(target);
        copyFiles(out, target);
        copyFiles(logs, target);
        if (Files.isDirectory(runs)) {
            try (Stream<Path> s = Files.list(runs)) {
                for (Path run : s.filter(Files::isDirectory).collect(Collectors.toList())) {
                    copyFiles(run, Files.createDirectories(target.resolve(run.getFileName())));
                }
            }
        }
    }

    private static void copyFiles(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : s.filter(Files::isRegularFile).collect(Collectors.toList())) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static String read(Path p) throws IOException {
        return Files.isRegularFile(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
    }

    /** The driver agent jar: {@link StudioDriver} and its nested classes, with a Premain-Class manifest. */
    static Path driverJar(Path jar) throws Exception {
        Path classes = Paths.get(StudioDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String dir = StudioDriver.class.getPackageName().replace('.', '/');
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(new Attributes.Name("Premain-Class"), StudioDriver.class.getName());
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(classes.resolve(dir))) {
            s.filter(f -> f.getFileName().toString().startsWith(StudioDriver.class.getSimpleName()))
                    .forEach(files::add);
        }
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os, mf)) {
            for (Path f : files) {
                j.putNextEntry(new JarEntry(dir + "/" + f.getFileName()));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
        }
        return jar;
    }
}
