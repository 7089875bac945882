package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report of a simulated and of a replayed run in a real browser (headless Chromium) and keeps the
 * screenshots in {@code target/report-screenshots/} as build artifacts (the acquired run's is taken by
 * {@link AcquiredRunReportTest}). Skipped where Chromium is not installed.
 */
class ReportInBrowserTest {
    @TempDir
    Path dir;

    @Test
    void simulatedAndReplayedReportsRenderWithTheirFigures() throws Exception {
        Chromium chromium = Chromium.find();
        assumeThat(chromium).as("chromium is installed").isNotNull();
        Path sim = dir.resolve("simulated");
        Cli a = Cli.run("run", "-s", "moving-cell", "--duration", "10s", "--out", sim.toString());
        assertThat(a.exit).as(a.toString()).isZero();
        Path replay = dir.resolve("replayed");
        Cli b = Cli.run("replay", sim.toString(), "-p", "track", "--frames", "20", "--out", replay.toString());
        assertThat(b.exit).as(b.toString()).isZero();
        for (Path run : List.of(sim, replay)) {
            BufferedImage img = chromium.screenshot(run.resolve("report.html"), run.getFileName().toString(), dir);
            assertThat(img).as("screenshot of %s", run).isNotNull();
            assertThat(img.getWidth()).isEqualTo(1200);
            // the page's figures are drawn: plenty of coloured (not grey) pixels
            assertThat(Chromium.colouredPixels(img)).as("coloured pixels of %s", run).isGreaterThan(2000);
        }
    }
}
