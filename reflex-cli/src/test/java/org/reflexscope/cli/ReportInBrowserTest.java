package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report of a simulated and of a replayed run in a real browser (headless Chromium) and keeps the
 * screenshots in {@code target/report-screenshots/} as build artifacts. Skipped where Chromium is not installed.
 */
class ReportInBrowserTest {
    private static final Path SHOTS = Paths.get("target", "report-screenshots");

    @TempDir
    Path dir;

    @Test
    void simulatedAndReplayedReportsRenderWithTheirFigures() throws Exception {
        String chromium = chromium();
        assumeThat(chromium).as("chromium is installed").isNotNull();
        Path sim = dir.resolve("simulated");
        Cli a = Cli.run("run", "-s", "moving-cell", "--duration", "10s", "--out", sim.toString());
        assertThat(a.exit).as(a.toString()).isZero();
        Path replay = dir.resolve("replayed");
        Cli b = Cli.run("replay", sim.toString(), "-p", "track", "--frames", "20", "--out", replay.toString());
        assertThat(b.exit).as(b.toString()).isZero();
        Files.createDirectories(SHOTS);
        for (Path run : List.of(sim, replay)) {
            Path shot = SHOTS.resolve(run.getFileName() + ".png").toAbsolutePath();
            Files.deleteIfExists(shot);
            Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + dir.resolve("chromium-profile"),
                    "--screenshot=" + shot, "--window-size=1200,3000", run.resolve("report.html").toUri().toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
            BufferedImage img = ImageIO.read(shot.toFile());
            assertThat(img).as("screenshot of %s", run).isNotNull();
            assertThat(img.getWidth()).isEqualTo(1200);
            // the page's figures are drawn: plenty of coloured (not grey) pixels below the summary
            assertThat(colouredPixels(img)).as("coloured pixels in %s", shot).isGreaterThan(2000);
        }
    }

    private static long colouredPixels(BufferedImage img) {
        long n = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int bl = rgb & 0xff;
                if (Math.max(r, Math.max(g, bl)) - Math.min(r, Math.min(g, bl)) > 60) {
                    n++;
                }
            }
        }
        return n;
    }

    private static String chromium() {
        for (String dirName : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : new String[] {"chromium", "chromium-browser"}) {
                Path p = Paths.get(dirName, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }
}
