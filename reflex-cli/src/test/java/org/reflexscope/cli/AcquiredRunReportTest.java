package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reflex acquire} on a real Micro-Manager core ({@code -Dreflex.mm.home}, CI: {@code ../shared/micro-manager}
 * with its DemoCamera), in a JVM of its own on the installation's MMCoreJ as the launcher starts it: the report
 * draws the figures of what ran and claims no ground truth, and the log goes to the run folder; where Chromium is
 * installed the report is rendered and kept as {@code target/report-screenshots/acquired.png}. Skipped when no
 * installation is named.
 */
class AcquiredRunReportTest {
    @TempDir
    Path dir;

    @Test
    void anAcquiredRunsReportHasTheFiguresOfWhatRanAndNoTruth() throws Exception {
        Path home = MmInstallation.homeOrSkip();
        Path run = dir.resolve("acquired");
        ChildJvm c = ChildJvm.run(ChildJvm.classPath(ChildJvm::isMmCoreJ, MmInstallation.mmCoreJJar(home)), dir, 120,
                "acquire", "--mm", home.toString(), "-p", "refocus,track", "--duration", "2s", "--dry-run", "--out",
                run.toString());
        assertThat(c.exit).as(c.toString()).isZero();
        assertThat(c.err + c.out).as("no INFO on the terminal").doesNotContain(" INFO ");
        assertThat(c.out).contains("Run folder: " + run);

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
