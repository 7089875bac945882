package org.reflexscope.cli.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code report.html} shows: a title, a summary table, figures, a gallery of thumbnails and notes. Immutable;
 * built with {@link #builder(String)}. Rendering is {@link ReportWriter}'s job.
 */
public final class RunReport {
    private final String title;
    private final Map<String, String> summary;
    private final List<Plot> plots;
    private final List<Thumbnail> thumbnails;
    private final List<String> notes;

    private RunReport(Builder b) {
        this.title = b.title;
        this.summary = Collections.unmodifiableMap(new LinkedHashMap<>(b.summary));
        this.plots = Collections.unmodifiableList(new ArrayList<>(b.plots));
        this.thumbnails = Collections.unmodifiableList(new ArrayList<>(b.thumbnails));
        this.notes = Collections.unmodifiableList(new ArrayList<>(b.notes));
    }

    public static Builder builder(String title) {
        return new Builder(title);
    }

    public String title() {
        return title;
    }

    /** Summary rows, label → value, in order. */
    public Map<String, String> summary() {
        return summary;
    }

    public List<Plot> plots() {
        return plots;
    }

    public List<Thumbnail> thumbnails() {
        return thumbnails;
    }

    /** Plain-text notes (alarms, warnings, what was not available). */
    public List<String> notes() {
        return notes;
    }

    /** Builder of {@link RunReport}; everything but the title is optional. */
    public static final class Builder {
        private final String title;
        private final Map<String, String> summary = new LinkedHashMap<>();
        private final List<Plot> plots = new ArrayList<>();
        private final List<Thumbnail> thumbnails = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

        private Builder(String title) {
            this.title = Objects.requireNonNull(title, "title");
        }

        public Builder optSummary(String label, String value) {
            summary.put(Objects.requireNonNull(label, "label"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder addPlot(Plot p) {
            plots.add(Objects.requireNonNull(p, "plot"));
            return this;
        }

        public Builder addThumbnail(Thumbnail t) {
            thumbnails.add(Objects.requireNonNull(t, "thumbnail"));
            return this;
        }

        public Builder addNote(String note) {
            notes.add(Objects.requireNonNull(note, "note"));
            return this;
        }

        public RunReport build() {
            return new RunReport(this);
        }
    }
}
