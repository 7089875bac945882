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
    void reflexJarHoldsNoMmCoreJClassesButTheOrgJsonThatNdTiffUses() throws IOException {
        assertThat(jar()).as("reflex.jar is built before the verify phase").isRegularFile();
        try (JarFile jar = new JarFile(jar().toFile())) {
            List<String> classes = Collections.list(jar.entries()).stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("mmcorej/") && n.endsWith(".class")).collect(Collectors.toList());
            assertThat(classes).isNotEmpty().allMatch(n -> n.startsWith("mmcorej/org/json/"));
            assertThat(jar.getEntry("mmcorej/CMMCore.class")).isNull();
        }
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
}
