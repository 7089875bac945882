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
    private final List<String> story;
    private final Map<String, String> links;
    private final Map<String, String> absentFigures;

    private RunReport(Builder b) {
        this.title = b.title;
        this.summary = Collections.unmodifiableMap(new LinkedHashMap<>(b.summary));
        this.plots = Collections.unmodifiableList(new ArrayList<>(b.plots));
        this.thumbnails = Collections.unmodifiableList(new ArrayList<>(b.thumbnails));
        this.notes = Collections.unmodifiableList(new ArrayList<>(b.notes));
        this.story = Collections.unmodifiableList(new ArrayList<>(b.story));
        this.links = Collections.unmodifiableMap(new LinkedHashMap<>(b.links));
        this.absentFigures = Collections.unmodifiableMap(new LinkedHashMap<>(b.absentFigures));
    }

    /** What happened in the run, in sentences, told first: what was captured, what was missed and why. */
    public List<String> story() {
        return story;
    }

    /** The run's files, link text → path relative to the report. */
    public Map<String, String> links() {
        return links;
    }

    /** Figures not drawn, figure title → why (nothing ran that would give it data, or there is no truth). */
    public Map<String, String> absentFigures() {
        return absentFigures;
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
        private final List<String> story = new ArrayList<>();
        private final Map<String, String> links = new LinkedHashMap<>();
        private final Map<String, String> absentFigures = new LinkedHashMap<>();

        private Builder(String title) {
            this.title = Objects.requireNonNull(title, "title");
        }

        public Builder optSummary(String label, String value) {
            summary.put(Objects.requireNonNull(label, "label"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds {@code p} when it has data; otherwise records it as absent ("no data in this run"). */
        public Builder addPlot(Plot p) {
            if (p.hasData()) {
                plots.add(p);
            } else {
                absentFigures.put(p.title(), "no data in this run");
            }
            return this;
        }

        /** A figure not drawn and why. */
        public Builder addAbsentFigure(String title, String why) {
            absentFigures.put(Objects.requireNonNull(title, "title"), Objects.requireNonNull(why, "why"));
            return this;
        }

        public Builder addStory(String sentence) {
            story.add(Objects.requireNonNull(sentence, "sentence"));
            return this;
        }

        public Builder addLink(String text, String relativePath) {
            links.put(Objects.requireNonNull(text, "text"), Objects.requireNonNull(relativePath, "relativePath"));
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
