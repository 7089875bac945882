package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated survey's {@code report.html}: the overview inlined, one row per visit and per target as in
 * {@code targets.csv}, the centring error of every centred visit within the 10 % of the 50X field, time and
 * light against 50X tiling; then the page rendered in headless Chromium (screenshot kept in
 * {@code target/report-screenshots/}; that part skipped where Chromium is not installed).
 */
class SurveyReportInBrowserTest {
    private static final Pattern CENTRED_ROW = Pattern.compile(
            "<td class=\"centred\">centred</td>(?:<td class=\"n\">[^<]*</td>){3}<td class=\"n\">([0-9.]+)</td>");

    @TempDir
    Path dir;

    @Test
    void theSurveyReportShowsOverviewVisitsTargetsAndCostAndRendersInABrowser() throws Exception {
        Path run = dir.resolve("survey");
        Cli c = Cli.run("survey", "--seed", "15", "--region", "-500,-500,500,500", "--out", run.toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.OK);
        String html = Files.readString(run.resolve("report.html"));
        assertThat(html).contains("<img id=\"overview\"").contains("data:image/png;base64,")
                .contains("<table id=\"budget\">").contains("<table id=\"cost\">");
        Matcher truth = Pattern.compile("Ground truth: ([0-9]+) of ([0-9]+) rare cells").matcher(html);
        assertThat(truth.find()).isTrue();
        assertThat(truth.group(1)).as("every rare cell inside the surveyed fields").isEqualTo(truth.group(2));
        List<String[]> targets = Files.readAllLines(run.resolve("targets.csv")).stream().skip(1)
                .map(l -> l.split(",", -1)).collect(Collectors.toList());
        String targetTable = html.substring(html.indexOf("<table id=\"targets\">"));
        assertThat(count(targetTable, "<tr><td")).isEqualTo(targets.size());
        long visited = targets.stream().filter(t -> !t[8].isEmpty()).count();
        String visitTable = html.substring(html.indexOf("<table id=\"visits\">"), html.indexOf("<h2>Targets"));
        assertThat(count(visitTable, "<tr><td")).isEqualTo(visited);
        Matcher m = CENTRED_ROW.matcher(visitTable);
        int centred = 0;
        while (m.find()) {
            centred++;
            assertThat(Double.parseDouble(m.group(1))).as("centring error, µm").isLessThanOrEqualTo(5.12);
        }
        assertThat(centred).isEqualTo(targets.stream().filter(t -> t[8].equals("centred")).count()).isPositive();
        Matcher ratio = Pattern.compile("took ([0-9.]+)× less time and ([0-9.]+)× less light").matcher(html);
        assertThat(ratio.find()).isTrue();
        assertThat(Double.parseDouble(ratio.group(1))).isGreaterThan(1);
        assertThat(Double.parseDouble(ratio.group(2))).isGreaterThan(1);

        Chromium chromium = Chromium.find();
        assumeThat(chromium).as("chromium is installed").isNotNull();
        BufferedImage img = chromium.screenshot(run.resolve("report.html"), "survey", dir);
        assertThat(img).isNotNull();
        // the overview's red circles and the bars are drawn: plenty of coloured (not grey) pixels
        assertThat(Chromium.colouredPixels(img)).isGreaterThan(500);
    }

    private static long count(String s, String what) {
        return Pattern.compile(Pattern.quote(what)).matcher(s).results().count();
    }
}
