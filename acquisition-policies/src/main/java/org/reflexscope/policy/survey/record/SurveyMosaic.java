package org.reflexscope.policy.survey.record;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.record.NdTiffImageWriter;
import org.reflexscope.core.record.Tiling;
import org.reflexscope.policy.survey.SurveyPlan;
import org.reflexscope.policy.survey.SurveyTile;

/**
 * A grid survey's tiles as one NDTiff tiled dataset ({@code mosaic/}, the layout of Micro-Manager's Explore
 * acquisitions), which NDViewer and pycro-manager's {@code as_array(stitched=True)} show stitched: each tile at its
 * {@code row} and {@code column} with the same pixels as in {@code tiles/}, written as it arrives.
 *
 * <p>The pixel overlap is the grid's: the image size less the grid step (µm, from the plan) over the first tile's
 * pixel size, rounded to whole pixels; tiles therefore sit at most {@link #placementErrorPx()} pixels from where the
 * stage put them. A plan that is not one grid (listed positions, wells: row and column {@code -1}), or tiles
 * without a pixel size, get no mosaic; {@link #note()} says why. One thread only.
 */
final class SurveyMosaic implements AutoCloseable {
    /** The mosaic's folder in the run folder. */
    static final String FOLDER = "mosaic";

    private final Path dir;
    private final SurveyPlan plan;
    private final Map<String, String> summary;
    private NdTiffImageWriter writer;
    private Tiling tiling;
    private String note;
    private double placementErrorPx;

    /**
     * @param dir the dataset folder (created with the first tile)
     * @param plan the survey's plan; {@code null} for none (no mosaic)
     */
    SurveyMosaic(Path dir, SurveyPlan plan, Map<String, String> summary) {
        this.dir = dir;
        this.plan = plan;
        this.summary = new LinkedHashMap<>(summary);
        if (plan == null) {
            note = "none: no plan was given to the recording";
        } else if (plan.rows() <= 0) {
            note = "none: the tiles are not on one grid (listed positions or wells); see tiles/";
        }
    }

    /**
     * Decides from the first tile's image whether there is a mosaic and with what overlap (idempotent).
     *
     * @return the mosaic's tiling, or empty if there is none ({@link #note()} says why)
     */
    java.util.Optional<Tiling> prepare(Frame first) throws IOException {
        if (writer == null && note == null) {
            open(first);
        }
        return java.util.Optional.ofNullable(tiling);
    }

    /** Adds {@code frame}, the image of {@code tile}; the first tile decides the overlap. */
    void add(SurveyTile tile, Frame frame) throws IOException {
        prepare(frame);
        if (writer != null) {
            Map<String, Integer> axes = new LinkedHashMap<>();
            axes.put(SurveyRecording.AXIS_ROW, tile.row());
            axes.put(SurveyRecording.AXIS_COLUMN, tile.column());
            writer.write(frame, axes);
        }
    }

    private void open(Frame first) throws IOException {
        double px = first.metadata().pixelSizeUm();
        if (!(px > 0)) {
            note = "none: the tiles carry no pixel size, so the grid step in pixels is unknown";
            return;
        }
        double stepX = step(true) / px;
        double stepY = step(false) / px;
        int overlapX = plan.columns() > 1 ? first.width() - (int) Math.round(stepX) : 0;
        int overlapY = plan.rows() > 1 ? first.height() - (int) Math.round(stepY) : 0;
        if (overlapX < 0 || overlapY < 0 || overlapX >= first.width() || overlapY >= first.height()) {
            note = String.format(Locale.ROOT, "none: the grid step (%.1f x %.1f px) leaves gaps between or covers"
                    + " whole %d x %d px tiles", stepX, stepY, first.width(), first.height());
            return;
        }
        placementErrorPx = Math.max((plan.columns() - 1) * Math.abs(stepX - Math.round(stepX)),
                (plan.rows() - 1) * Math.abs(stepY - Math.round(stepY)));
        tiling = Tiling.ofGrid(plan.rows(), plan.columns(), overlapX, overlapY);
        writer = NdTiffImageWriter.createTiled(dir, summary, tiling);
        note = String.format(Locale.ROOT, "%s/: %dx%d grid, tiles overlap %d x %d px (grid step %.2f x %.2f px;"
                + " tiles placed within %.2f px)", FOLDER, plan.rows(), plan.columns(), overlapX, overlapY,
                plan.columns() > 1 ? stepX : 0, plan.rows() > 1 ? stepY : 0, placementErrorPx);
    }

    /** The grid step along x (or y) in µm: between the tiles of lowest and highest column (row). */
    private double step(boolean x) {
        SurveyTile lo = null;
        SurveyTile hi = null;
        for (SurveyTile t : plan.tiles()) {
            int k = x ? t.column() : t.row();
            if (lo == null || k < (x ? lo.column() : lo.row())) {
                lo = t;
            }
            if (hi == null || k > (x ? hi.column() : hi.row())) {
                hi = t;
            }
        }
        int span = x ? hi.column() - lo.column() : hi.row() - lo.row();
        return span == 0 ? 0 : ((x ? hi.xUm() - lo.xUm() : hi.yUm() - lo.yUm()) / span);
    }

    /** What was written ({@code mosaic/} with its grid and overlap), or why there is no mosaic; empty until known. */
    String note() {
        return note == null ? "" : note;
    }

    /** The farthest a tile sits in the mosaic from where its stage position puts it (whole-pixel overlap), px. */
    double placementErrorPx() {
        return placementErrorPx;
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.close();
        }
    }
}
