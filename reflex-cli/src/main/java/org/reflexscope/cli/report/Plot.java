package org.reflexscope.cli.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One figure of the report: lines (or histogram bars) on a primary axis, optional lines on a secondary axis, and
 * vertical markers (e.g. trigger times). Immutable; built with {@link #builder(String, String)}.
 */
public final class Plot {
    /** How the primary series are drawn. */
    public enum Style {
        /** Lines through the points. */
        LINES,
        /** Bars, one per point (a histogram: x = bin centre, y = count). */
        BARS
    }

    private final String id;
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final String secondaryLabel;
    private final Style style;
    private final List<Series> series;
    private final List<Series> secondarySeries;
    private final double[] markers;
    private final String markerLabel;
    private final String caption;

    private Plot(Builder b) {
        this.id = b.id;
        this.title = b.title;
        this.xLabel = b.xLabel;
        this.yLabel = b.yLabel;
        this.secondaryLabel = b.secondaryLabel;
        this.style = b.style;
        this.series = Collections.unmodifiableList(new ArrayList<>(b.series));
        this.secondarySeries = Collections.unmodifiableList(new ArrayList<>(b.secondarySeries));
        this.markers = b.markers.clone();
        this.markerLabel = b.markerLabel;
        this.caption = b.caption;
    }

    /** A builder of the plot with HTML id {@code id} (letters, digits and '-') and title {@code title}. */
    public static Builder builder(String id, String title) {
        return new Builder(id, title);
    }

    /** HTML id of the figure, {@code plot-<id>} in the page. */
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String xLabel() {
        return xLabel;
    }

    public String yLabel() {
        return yLabel;
    }

    /** Label of the secondary (right) axis, or {@code ""} when there is none. */
    public String secondaryLabel() {
        return secondaryLabel;
    }

    public Style style() {
        return style;
    }

    public List<Series> series() {
        return series;
    }

    public List<Series> secondarySeries() {
        return secondarySeries;
    }

    /** x positions of vertical markers (a copy). */
    public double[] markers() {
        return markers.clone();
    }

    public String markerLabel() {
        return markerLabel;
    }

    /** One or two sentences under the figure saying how to read it (plain text). */
    public String caption() {
        return caption;
    }

    /** Whether any series has at least one finite point. */
    public boolean hasData() {
        return series.stream().anyMatch(Series::hasData) || secondarySeries.stream().anyMatch(Series::hasData);
    }

    /** Builder of {@link Plot}: axis labels are required ({@code set*}), the rest optional ({@code opt*}). */
    public static final class Builder {
        private final String id;
        private final String title;
        private String xLabel;
        private String yLabel;
        private String secondaryLabel = "";
        private Style style = Style.LINES;
        private final List<Series> series = new ArrayList<>();
        private final List<Series> secondarySeries = new ArrayList<>();
        private double[] markers = new double[0];
        private String markerLabel = "";
        private String caption = "";

        private Builder(String id, String title) {
            if (!id.matches("[A-Za-z0-9-]+")) {
                throw new IllegalArgumentException("Plot id must be letters, digits and '-', got '" + id + "'");
            }
            this.id = id;
            this.title = Objects.requireNonNull(title, "title");
        }

        public Builder setAxes(String x, String y) {
            xLabel = Objects.requireNonNull(x, "x");
            yLabel = Objects.requireNonNull(y, "y");
            return this;
        }

        public Builder optStyle(Style s) {
            style = Objects.requireNonNull(s, "style");
            return this;
        }

        public Builder addSeries(Series s) {
            series.add(Objects.requireNonNull(s, "series"));
            return this;
        }

        public Builder addSecondarySeries(String axisLabel, Series s) {
            secondaryLabel = Objects.requireNonNull(axisLabel, "axisLabel");
            secondarySeries.add(Objects.requireNonNull(s, "series"));
            return this;
        }

        public Builder optMarkers(String label, double[] xs) {
            markerLabel = Objects.requireNonNull(label, "label");
            markers = xs.clone();
            return this;
        }

        public Builder optCaption(String text) {
            caption = Objects.requireNonNull(text, "text");
            return this;
        }

        public Plot build() {
            if (xLabel == null) {
                throw new IllegalStateException("Plot '" + id + "' needs axis labels: call setAxes(x, y)");
            }
            return new Plot(this);
        }
    }
}
