package org.reflexscope.cli;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/** Headless Chromium for report screenshots (test support); {@link #find()} is null where it is not installed. */
final class Chromium {
    /** Where screenshots are kept as build artifacts. */
    static final Path SHOTS = Paths.get("target", "report-screenshots");
    private final String executable;

    private Chromium(String executable) {
        this.executable = executable;
    }

    /** Chromium on the PATH, or null. */
    static Chromium find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : new String[] {"chromium", "chromium-browser"}) {
                Path p = Paths.get(dir, name);
                if (Files.isExecutable(p)) {
                    return new Chromium(p.toString());
                }
            }
        }
        return null;
    }

    /** Renders {@code html} 1200 px wide into {@code SHOTS/<name>.png} and returns the picture. */
    BufferedImage screenshot(Path html, String name, Path scratch) throws IOException, InterruptedException {
        Files.createDirectories(SHOTS);
        Path shot = SHOTS.resolve(name + ".png").toAbsolutePath();
        Files.deleteIfExists(shot);
        Process p = new ProcessBuilder(executable, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--user-data-dir=" + scratch.resolve("chromium-profile"), "--screenshot=" + shot,
                "--window-size=1200,3000", html.toUri().toString())
                .redirectErrorStream(true).redirectOutput(scratch.resolve("chromium-" + name + ".log").toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish within 60 s rendering " + html);
        }
        return ImageIO.read(shot.toFile());
    }

    /** Pixels (every second row and column) clearly coloured, not grey: the figures' lines and markers. */
    static long colouredPixels(BufferedImage img) {
        long n = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                    n++;
                }
            }
        }
        return n;
    }
}
