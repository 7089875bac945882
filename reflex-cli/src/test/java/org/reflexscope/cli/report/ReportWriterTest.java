package org.reflexscope.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.frame.PixelType;

class ReportWriterTest {

    @Test
    void aFigureWithoutDataIsNotDrawnButNamedWithTheReason() {
        RunReport report = RunReport.builder("r")
                .addPlot(Plot.builder("tracking", "Tracked target").setAxes("s", "µm")
                        .addSeries(Series.of("x", new double[] {0, 1}, new double[] {Double.NaN, Double.NaN})).build())
                .addAbsentFigure("Focus position", "refocus did not run").addStory("1 frame recorded.")
                .addLink("decisions.jsonl", "decisions.jsonl").build();
        String html = new ReportWriter().render(report);
        assertThat(html).doesNotContain("<img").contains("Tracked target:</b> not drawn, no data in this run")
                .contains("Focus position:</b> not drawn, refocus did not run").contains("<li>1 frame recorded.</li>")
                .contains("<a href=\"decisions.jsonl\">decisions.jsonl</a>");
    }

    @Test
    void aFlatSeriesGetsAnAxisWideEnoughForDistinctTickLabels() {
        double[] t = {0, 1, 2, 3};
        for (double level : new double[] {920, 0}) {
            org.jfree.chart.axis.NumberAxis axis = new org.jfree.chart.axis.NumberAxis();
            ReportWriter.readableRange(axis, java.util.List.of(Series.of("flat", t, new double[] {level, level,
                level + 1e-9, level})));
            assertThat(axis.getAutoRangeMinimumSize()).as("at %s", level).isGreaterThanOrEqualTo(
                    Math.max(1, 0.2 * level));
        }
        org.jfree.chart.axis.NumberAxis varying = new org.jfree.chart.axis.NumberAxis();
        double before = varying.getAutoRangeMinimumSize();
        ReportWriter.readableRange(varying, java.util.List.of(Series.of("z", t, new double[] {1, 1.2, 0.9, 1.1})));
        assertThat(varying.getAutoRangeMinimumSize()).isEqualTo(before);
    }

    @Test
    void pageInlinesEveryFigureAndThumbnailAsDecodablePng(@TempDir Path dir) throws IOException {
        double[] t = {0, 1, 2, 3, 4};
        RunReport report = RunReport.builder("Run <focus> & co")
                .optSummary("Frames recorded", "5")
                .addPlot(Plot.builder("focus", "Focus").setAxes("time (s)", "Z (µm)")
                        .addSeries(Series.of("stage Z", t, new double[] {0, 1, 2, 3, 4}))
                        .addSeries(Series.of("true focal plane", t, new double[] {0, 1.1, 2.1, 2.9, 4}))
                        .optMarkers("trigger", new double[] {2.5}).build())
                .addPlot(Plot.builder("latency", "Latency").setAxes("ms", "count").optStyle(Plot.Style.BARS)
                        .addSeries(Series.of("decision", new double[] {0.5, 1.5, 2.5}, new double[] {3, 9, 1}))
                        .build())
                .addPlot(Plot.builder("events", "Events").setAxes("s", "n")
                        .addSeries(Series.of("detections", t, new double[] {1, 2, 3, 2, 1}))
                        .addSecondarySeries("score", Series.of("event score", t, new double[] {0, .2, .9, .4, .1}))
                        .build())
                .addThumbnail(Thumbnail.of("hires 1", gradient(300, 200)))
                .addNote("a note")
                .build();
        Path file = dir.resolve("report.html");
        new ReportWriter().write(report, file);
        String html = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);

        assertThat(html).contains("<title>Run &lt;focus&gt; &amp; co</title>").contains("Frames recorded")
                .contains("id=\"plot-focus\"").contains("id=\"plot-latency\"").contains("id=\"plot-events\"")
                .contains("a note").doesNotContain("src=\"http").doesNotContain("<script");
        Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        int images = 0;
        while (m.find()) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
            assertThat(img).isNotNull();
            assertThat(img.getWidth()).isGreaterThan(1);
            images++;
        }
        assertThat(images).isEqualTo(4);
    }

    @Test
    void thumbnailIsScaledDownAndStretchesContrast() throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(new ReportWriter().thumbnailPng(gradient(600,
                300))));
        assertThat(img.getWidth()).isLessThanOrEqualTo(256);
        assertThat(img.getHeight()).isLessThanOrEqualTo(256);
        int left = img.getRaster().getSample(0, 10, 0);
        int right = img.getRaster().getSample(img.getWidth() - 1, 10, 0);
        assertThat(left).isLessThan(10);
        assertThat(right).isGreaterThan(245);
    }

    private static Frame gradient(int w, int h) {
        short[] px = new short[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = (short) (1000 + x * 50);
            }
        }
        return Frame.wrap(FrameFormat.of(w, h, PixelType.GRAY16), px, FrameMetadata.builder().build());
    }
}
