package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reflex acquire} on the real Micro-Manager core and DemoCamera of {@code ../shared/micro-manager}, started
 * the way a user runs it (its own MMCoreJ.jar first on the class path, a JVM of its own): the report draws the
 * figures of what ran, claims no ground truth, and the log goes to the run folder; where Chromium is installed the
 * report is rendered and kept as {@code target/report-screenshots/acquired.png}. Skipped where that installation is
 * absent.
 */
class AcquiredRunReportTest {
    @TempDir
    Path dir;

    @Test
    void anAcquiredRunsReportHasTheFiguresOfWhatRanAndNoTruth() throws Exception {
        Path install = Paths.get(System.getProperty("reflex.shared", "../../shared"), "micro-manager", "install")
                .toAbsolutePath().normalize();
        Path mmcorej = install.resolve("plugins/Micro-Manager/MMCoreJ.jar");
        assumeThat(Files.isRegularFile(mmcorej)).as("a Micro-Manager installation at " + install).isTrue();
        Path run = dir.resolve("acquired");
        String cp = mmcorej + File.pathSeparator + System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", cp, "org.reflexscope.cli.ReflexCommand", "acquire", "--mm",
                install.toString(), "-p", "refocus,track", "--duration", "2s", "--dry-run", "--out", run.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(dir.resolve("out.txt"));
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).doesNotContain(" INFO ").contains("Run folder: " + run);

        String html = Files.readString(run.resolve("report.html"), StandardCharsets.UTF_8);
        assertThat(figures(html)).containsExactly("focus", "tracking", "events", "frame-interval", "latency");
        assertThat(html).contains("Focus position (stage Z)").contains("Tracked target: stage position")
                .doesNotContain("true focal plane").doesNotContain("vs truth").contains("No ground truth")
                .contains("Dry run: decisions were logged, nothing moved.");
        assertThat(Files.readString(run.resolve("reflex.log"))).contains(" INFO org.reflexscope.");

        Chromium chromium = Chromium.find();
        if (chromium != null) {
            BufferedImage shot = chromium.screenshot(run.resolve("report.html"), "acquired", dir);
            assertThat(shot).isNotNull();
            assertThat(Chromium.colouredPixels(shot)).as("figures drawn in the browser").isGreaterThan(2000);
        }
    }

    private static Set<String> figures(String html) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = Pattern.compile("<img id=\"plot-([a-z-]+)\"").matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
