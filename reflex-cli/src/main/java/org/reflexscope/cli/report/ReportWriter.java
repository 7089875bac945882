package org.reflexscope.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.reflexscope.core.frame.Frame;

/**
 * Renders a {@link RunReport} as ONE self-contained HTML page: figures are drawn with JFreeChart (headless) and
 * inlined, like the thumbnails, as base64 PNG data URIs, so the page can be mailed or archived on its own.
 *
 * <p>Each figure is an {@code <img id="plot-<id>">}; each thumbnail an {@code <img class="thumb">}. Stateless and
 * thread-safe; needs no display ({@code java.awt.headless} is set for the rendering).
 */
public final class ReportWriter {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 340;
    private static final int THUMB = 256;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b)};

    /** Writes {@code report} to {@code file} (UTF-8), replacing it. @throws IOException if the file cannot be written */
    public void write(RunReport report, Path file) throws IOException {
        Files.write(file, render(report).getBytes(StandardCharsets.UTF_8));
    }

    /** The page as a string. */
    public String render(RunReport report) {
        System.setProperty("java.awt.headless", "true");
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(esc(report.title())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2em auto;")
                .append("max-width:960px;color:#222;line-height:1.4}\n")
                .append("table.summary{border-collapse:collapse;margin:1em 0}\n")
                .append("table.summary td,table.summary th{border:1px solid #ccc;padding:.3em .8em;text-align:left}\n")
                .append("table.summary th{background:#f3f3f3;font-weight:600;min-width:17em}\n")
                .append("figure{margin:1.5em 0}figcaption{color:#555;font-size:.9em}\n")
                .append(".gallery{display:flex;flex-wrap:wrap;gap:12px}.gallery figure{margin:0;width:")
                .append(THUMB).append("px}\n.notes li{color:#8a4b00}\n.absent{color:#555}\n.story li{margin:.2em 0}\n")
                .append("</style></head><body>\n");
        h.append("<h1>").append(esc(report.title())).append("</h1>\n");
        if (!report.story().isEmpty()) {
            h.append("<h2>What happened</h2>\n<ul class=\"story\">\n");
            for (String s : report.story()) {
                h.append("<li>").append(esc(s)).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        if (!report.links().isEmpty()) {
            h.append("<p class=\"files\">Files: ");
            String sep = "";
            for (Map.Entry<String, String> l : report.links().entrySet()) {
                h.append(sep).append("<a href=\"").append(esc(l.getValue())).append("\">").append(esc(l.getKey()))
                        .append("</a>");
                sep = " · ";
            }
            h.append("</p>\n");
        }
        h.append("<h2>Summary</h2>\n<table class=\"summary\">\n");
        for (Map.Entry<String, String> row : report.summary().entrySet()) {
            h.append("<tr><th>").append(esc(row.getKey())).append("</th><td>").append(esc(row.getValue()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
        if (!report.notes().isEmpty()) {
            h.append("<h2>Notes</h2>\n<ul class=\"notes\">\n");
            for (String n : report.notes()) {
                h.append("<li>").append(esc(n)).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        h.append("<h2>Figures</h2>\n");
        for (Map.Entry<String, String> a : report.absentFigures().entrySet()) {
            h.append("<p class=\"absent\"><b>").append(esc(a.getKey())).append(":</b> not drawn, ")
                    .append(esc(a.getValue())).append(".</p>\n");
        }
        for (Plot p : report.plots()) {
            h.append("<figure><img id=\"plot-").append(p.id()).append("\" alt=\"").append(esc(p.title()))
                    .append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                    .append("\" src=\"data:image/png;base64,").append(base64(chartPng(p))).append("\">\n");
            h.append("<figcaption><b>").append(esc(p.title())).append(".</b> ");
            h.append(esc(p.caption())).append("</figcaption></figure>\n");
        }
        h.append("<h2>High-resolution acquisitions</h2>\n");
        if (report.thumbnails().isEmpty()) {
            h.append("<p>None in this run.</p>\n");
        } else {
            h.append("<div class=\"gallery\">\n");
            for (Thumbnail t : report.thumbnails()) {
                h.append("<figure><img class=\"thumb\" alt=\"").append(esc(t.caption()))
                        .append("\" src=\"data:image/png;base64,").append(base64(thumbnailPng(t.frame())))
                        .append("\"><figcaption>").append(esc(t.caption())).append("</figcaption></figure>\n");
            }
            h.append("</div>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    /** The PNG of one figure. */
    public byte[] chartPng(Plot p) {
        XYSeriesCollection primary = collection(p.series().toArray(new Series[0]));
        JFreeChart chart;
        if (p.style() == Plot.Style.BARS) {
            primary.setIntervalWidth(barWidth(p));
            chart = ChartFactory.createXYBarChart(p.title(), p.xLabel(), false, p.yLabel(), primary,
                    PlotOrientation.VERTICAL, p.series().size() > 1, false, false);
            XYBarRenderer r = (XYBarRenderer) chart.getXYPlot().getRenderer();
            r.setBarPainter(new StandardXYBarPainter());
            r.setShadowVisible(false);
            r.setSeriesPaint(0, PALETTE[0]);
        } else {
            chart = ChartFactory.createXYLineChart(p.title(), p.xLabel(), p.yLabel(), primary,
                    PlotOrientation.VERTICAL, true, false, false);
            chart.getXYPlot().setRenderer(lines(0, p.series().size()));
        }
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        readableRange((NumberAxis) plot.getRangeAxis(), p.series());
        if (!p.secondarySeries().isEmpty()) {
            NumberAxis right = new NumberAxis(p.secondaryLabel());
            right.setAutoRangeIncludesZero(false);
            readableRange(right, p.secondarySeries());
            plot.setRangeAxis(1, right);
            plot.setDataset(1, collection(p.secondarySeries().toArray(new Series[0])));
            plot.mapDatasetToRangeAxis(1, 1);
            plot.setRenderer(1, lines(p.series().size(), p.secondarySeries().size()));
        }
        double[] markers = p.markers();
        for (int i = 0; i < markers.length; i++) {
            ValueMarker m = new ValueMarker(markers[i], new Color(0xd62728), new BasicStroke(1f,
                    BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f));
            if (i == 0 && !p.markerLabel().isEmpty()) {
                m.setLabel(p.markerLabel());
                m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            }
            plot.addDomainMarker(m);
        }
        chart.setBackgroundPaint(Color.WHITE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not encode figure '" + p.id() + "' as PNG", e);
        }
        return out.toByteArray();
    }

    /**
     * A (nearly) flat series gets an axis at least a fifth of its value wide (and at least 1): otherwise
     * JFreeChart spans 1e-8 around it and prints ten identical tick labels, or ticks like 5E-9.
     */
    static void readableRange(NumberAxis axis, java.util.List<Series> series) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.size(); i++) {
                double y = s.y(i);
                if (Double.isFinite(y)) {
                    lo = Math.min(lo, y);
                    hi = Math.max(hi, y);
                }
            }
        }
        if (lo > hi) {
            return;
        }
        double magnitude = Math.max(Math.abs(lo), Math.abs(hi));
        if (hi - lo < 1e-3 * Math.max(1, magnitude)) {
            axis.setAutoRangeMinimumSize(Math.max(1, 0.2 * magnitude));
        }
    }

    private static double barWidth(Plot p) {
        if (p.series().isEmpty() || p.series().get(0).size() < 2) {
            return 1.0;
        }
        Series s = p.series().get(0);
        return Math.abs(s.x(1) - s.x(0)) * 0.9;
    }

    private static XYLineAndShapeRenderer lines(int firstColour, int n) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < n; i++) {
            r.setSeriesPaint(i, PALETTE[(firstColour + i) % PALETTE.length]);
            r.setSeriesStroke(i, new BasicStroke(1.6f));
        }
        return r;
    }

    private static XYSeriesCollection collection(Series[] series) {
        XYSeriesCollection c = new XYSeriesCollection();
        for (Series s : series) {
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int i = 0; i < s.size(); i++) {
                double y = s.y(i);
                xy.add(s.x(i), Double.isFinite(y) ? Double.valueOf(y) : null, false);
            }
            c.addSeries(xy);
        }
        return c;
    }

    /**
     * A grey PNG of {@code frame} no larger than 256 px, contrast stretched between its 0.5th and 99.5th
     * percentiles (raw data is never changed: this is only the picture).
     */
    public byte[] thumbnailPng(Frame frame) {
        int w = frame.width();
        int h = frame.height();
        int step = Math.max(1, (int) Math.ceil(Math.max(w, h) / (double) THUMB));
        int tw = Math.max(1, w / step);
        int th = Math.max(1, h / step);
        float[] v = new float[tw * th];
        for (int y = 0; y < th; y++) {
            for (int x = 0; x < tw; x++) {
                v[y * tw + x] = frame.valueAt(x * step, y * step);
            }
        }
        float[] sorted = v.clone();
        Arrays.sort(sorted);
        float lo = sorted[(int) (0.005 * (sorted.length - 1))];
        float hi = sorted[(int) (0.995 * (sorted.length - 1))];
        float range = hi > lo ? hi - lo : 1f;
        BufferedImage img = new BufferedImage(tw, th, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < th; y++) {
            for (int x = 0; x < tw; x++) {
                int g = Math.round(255f * Math.max(0f, Math.min(1f, (v[y * tw + x] - lo) / range)));
                img.getRaster().setSample(x, y, 0, g);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not encode a thumbnail as PNG", e);
        }
        return out.toByteArray();
    }

    private static String base64(byte[] png) {
        return Base64.getEncoder().encodeToString(png);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<':
                    b.append("&lt;");
                    break;
                case '>':
                    b.append("&gt;");
                    break;
                case '&':
                    b.append("&amp;");
                    break;
                case '"':
                    b.append("&quot;");
                    break;
                default:
                    b.append(c);
            }
        }
        return b.toString();
    }
}
