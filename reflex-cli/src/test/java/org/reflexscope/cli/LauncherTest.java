package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code reflex} launcher and {@code reflex.jar} as a user gets them (run in the verify phase, once the jar is
 * built): the jar carries no MMCoreJ of its own, and {@code reflex acquire --mm DIR} runs on DIR's MMCoreJ.jar.
 */
class LauncherTest {
    @TempDir
    Path dir;

    private static Path jar() {
        return Paths.get(System.getProperty("reflex.jar", "target/reflex.jar"));
    }

    private static Path launcher() {
        return Paths.get(System.getProperty("reflex.launcher", "../reflex"));
    }

    @Test
    void reflexJarHoldsNoMmCoreJClassesButThePureJavaOnesThatNdTiffUses() throws IOException {
        assertThat(jar()).as("reflex.jar is built before the verify phase").isRegularFile();
        try (JarFile jar = new JarFile(jar().toFile())) {
            List<String> classes = Collections.list(jar.entries()).stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("mmcorej/") && n.endsWith(".class")).collect(Collectors.toList());
            assertThat(classes).isNotEmpty()
                    .allMatch(n -> n.startsWith("mmcorej/org/json/") || n.equals("mmcorej/TaggedImage.class"));
            assertThat(jar.getEntry("mmcorej/CMMCore.class")).isNull();
        }
    }

    /** The README's first command from the built jar, without any Micro-Manager: every frame reaches the disk. */
    @Test
    void runFromTheJarRecordsEveryFrameWithoutMicroManager() throws Exception {
        Path run = dir.resolve("run");
        List<String> cmd = Arrays.asList("java", "-Dai.djl.offline=true", "-cp", jar().toString(),
                "org.reflexscope.cli.ReflexCommand", "run", "-n", "40", "--no-report", "-q", "-o", run.toString());
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(dir.resolve("out.txt")
                .toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("run ends").isTrue();
        String stderr = new String(Files.readAllBytes(err), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(stderr).isEqualTo(ExitCodes.OK);
        assertThat(stderr).doesNotContain("ALARM").doesNotContain("\tat ");
        JsonNode metrics = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        assertThat(metrics.path("frames").path("recorded").asLong()).isEqualTo(40);
        assertThat(metrics.path("frames").path("lost").asLong()).isZero();
    }

    @Test
    void acquireRunsOnTheInstallationsOwnMmCoreJ() throws Exception {
        Path home = MmInstallation.homeOrSkip();
        Path run = dir.resolve("run");
        List<String> cmd = new ArrayList<>(Arrays.asList("bash", launcher().toString(), "acquire", "--mm",
                home.toString(), "--config", home.resolve("MMConfig_demo.cfg").toString(), "-n", "60", "--dry-run",
                "--no-report", "-q", "-o", run.toString()));
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(dir.resolve("out.txt")
                .toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("acquire ends").isTrue();
        String stderr = new String(Files.readAllBytes(err), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(stderr).isEqualTo(ExitCodes.OK);
        assertThat(stderr).doesNotContain("\tat ");
        // INFO lines go to the run folder's log (the terminal shows warnings and errors only)
        assertThat(new String(Files.readAllBytes(run.resolve("reflex.log")), StandardCharsets.UTF_8))
                .contains("MMCore version");
        JsonNode metrics = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        assertThat(metrics.path("frames").path("recorded").asLong()).isEqualTo(60);
        assertThat(metrics.path("frames").path("lost").asLong()).isZero();
        assertThat(run.resolve("recording")).isDirectory();
    }

    /**
     * {@code reflex survey --recipe FILE} and {@code --from RUNDIR} whose recipe names an installation (and no
     * {@code --mm}) run on that installation's MMCoreJ.jar, which the launcher finds in the recipe.
     */
    @Test
    void aSurveyRecipeNamingAnInstallationRunsOnItsMmCoreJ() throws Exception {
        Path home = MmInstallation.homeOrSkip();
        Path recipe = dir.resolve("survey.yaml");
        Files.write(recipe, Arrays.asList("source:", "  kind: micro-manager", "  home: '" + home + "'",
                "survey: {region: [-300, -300, 300, 300]}", "budget: {count: 1}"), StandardCharsets.UTF_8);
        Path first = dir.resolve("first");
        assertThat(launch("survey", "--recipe", recipe.toString(), "--out", first.toString())).isEqualTo(ExitCodes.OK);
        JsonNode survey = new ObjectMapper().readTree(first.resolve("survey.json").toFile());
        assertThat(survey.path("micromanager").path("home").asText()).isEqualTo(home.toString());
        Path again = dir.resolve("again");
        assertThat(launch("survey", "--from", first.toString(), "--budget", "0", "--out", again.toString()))
                .isEqualTo(ExitCodes.OK);
        assertThat(again.resolve("survey.json")).isRegularFile();
        JsonNode recipeAgain = new ObjectMapper().readTree(again.resolve("survey-recipe.json").toFile());
        assertThat(recipeAgain.path("source").path("home").asText()).isEqualTo(home.toString());
        assertThat(recipeAgain.path("budget").path("count").asInt()).isZero();
    }

    private int launch(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(Arrays.asList("bash", launcher().toString()));
        cmd.addAll(Arrays.asList(args));
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(dir.resolve("out.txt")
                .toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("reflex ends").isTrue();
        String stderr = new String(Files.readAllBytes(err), StandardCharsets.UTF_8);
        assertThat(stderr).doesNotContain("\tat ");
        assertThat(p.exitValue()).as(stderr).isZero();
        return p.exitValue();
    }
}
