package org.reflexscope.policy.survey.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.record.MicroManagerKeys;
import org.reflexscope.core.record.NdTiffImageWriter;
import org.reflexscope.core.record.Tiling;
import org.reflexscope.policy.survey.SurveyListener;
import org.reflexscope.policy.survey.SurveyPlan;
import org.reflexscope.policy.survey.SurveyResult;
import org.reflexscope.policy.survey.SurveyTile;
import org.reflexscope.policy.survey.Visit;
import org.reflexscope.policy.survey.VisitAcquisition;

/**
 * A survey's run folder, written as the survey goes: {@code tiles/}, one NDTiff dataset to which each tile is
 * added as soon as it is acquired (before its analysis), at axes {@code position} (acquisition order) and, for a
 * grid, {@code row} and {@code column} (the mosaic axes of pycro-manager's tiled datasets; the summary holds
 * {@code GridPixelOverlapX/Y}, the overlap the grid's step leaves in pixels), each image with its stage
 * position; for a grid plan (rectangle, polygon) also {@code mosaic/}, the same tiles as an NDTiff tiled dataset
 * that NDViewer and pycro-manager show stitched ({@link SurveyMosaic}; {@link #mosaicNote()} says what it holds or
 * why there is none); {@code visits/target-N/}, each visit's acquisition (NDTiff along {@code z}, and {@code
 * channel} and {@code time} when it has them) as it ends; and at the end {@code targets.csv} and {@code
 * overview.png}. A survey stopped half-way (an error, a killed JVM) leaves every tile acquired until then readable,
 * in both tile datasets.
 *
 * <p>Listens to the survey on its thread; {@link #close()} finishes the tile datasets (idempotent).
 */
public final class SurveyRecording implements SurveyListener, AutoCloseable {
    /** The tile axes. */
    public static final String AXIS_POSITION = "position";
    public static final String AXIS_ROW = "row";
    public static final String AXIS_COLUMN = "column";
    /** The summary keys of a grid's pixel overlap (pycro-manager's and NDTiff's names). */
    public static final String GRID_OVERLAP_X = "GridPixelOverlapX";
    public static final String GRID_OVERLAP_Y = "GridPixelOverlapY";
    /** The channel axis of a visit dataset (pycro-manager's name). */
    public static final String AXIS_CHANNEL = "channel";

    private final Path root;
    private final Map<String, String> tileSummary;
    private final double zStepUm;
    private final List<Frame> tiles = new ArrayList<>();
    private NdTiffImageWriter tileWriter;
    private final SurveyMosaic mosaic;

    /**
     * The tile dataset's summary metadata for {@code plan}: the plan, and for a grid its size and the pixel overlap
     * asked ({@code overlap} of a {@code width} × {@code height} field; a grid written to {@code mosaic/} states the
     * overlap its step really leaves instead).
     */
    public static Map<String, String> tileSummary(SurveyPlan plan, double overlap, int width, int height) {
        Map<String, String> summary = new LinkedHashMap<>();
        summary.put("Reflex-Survey", plan.toString());
        if (plan.rows() > 0) {
            summary.put("Reflex-SurveyGrid", plan.rows() + "x" + plan.columns());
            summary.put(GRID_OVERLAP_X, Long.toString(Math.round(overlap * width)));
            summary.put(GRID_OVERLAP_Y, Long.toString(Math.round(overlap * height)));
        }
        return summary;
    }

    /**
     * @param root the run folder (created if missing)
     * @param tileSummary extra summary metadata of the tile dataset (the plan, the grid and its pixel overlap)
     * @param zStepUm the visits' z step, recorded in their summary metadata
     * @param plan the survey's plan: a grid's tiles are also written to {@code mosaic/}
     */
    public SurveyRecording(Path root, Map<String, String> tileSummary, double zStepUm, SurveyPlan plan)
            throws IOException {
        this.root = root;
        this.tileSummary = new LinkedHashMap<>(tileSummary);
        this.zStepUm = zStepUm;
        this.mosaic = new SurveyMosaic(root.resolve(SurveyMosaic.FOLDER), plan, tileSummary);
        Files.createDirectories(root.resolve("visits"));
    }

    /** The axes of {@code tile} in the tile dataset. */
    public static Map<String, Integer> axes(SurveyTile tile) {
        Map<String, Integer> a = new LinkedHashMap<>();
        a.put(AXIS_POSITION, tile.index());
        if (tile.row() >= 0) {
            a.put(AXIS_ROW, tile.row());
            a.put(AXIS_COLUMN, tile.column());
        }
        return a;
    }

    @Override
    public void onTileAcquired(SurveyTile tile, Frame frame) throws IOException {
        if (tileWriter == null) {
            Map<String, String> summary = new LinkedHashMap<>(tileSummary);
            Optional<Tiling> grid = mosaic.prepare(frame);
            if (grid.isPresent()) {
                // the overlap the grid's step leaves, as in mosaic/ (not the asked fraction of the field)
                summary.put(GRID_OVERLAP_X, Integer.toString(grid.get().overlapXPx()));
                summary.put(GRID_OVERLAP_Y, Integer.toString(grid.get().overlapYPx()));
            }
            tileWriter = NdTiffImageWriter.create(root.resolve("tiles"), summary);
        }
        tileWriter.write(frame, axes(tile));
        tiles.add(frame);
        mosaic.add(tile, frame);
    }

    /**
     * Writes the visit to {@code visits/target-N/}: axis {@code z} always, {@code channel} (index into the summary's
     * {@code ChNames}) when the visit named channels, {@code time} when it had more than one time point.
     */
    @Override
    public void onVisitAcquired(Visit v, VisitAcquisition acquired) throws IOException {
        boolean channels = !acquired.channels().get(0).isEmpty();
        boolean time = acquired.images().stream().anyMatch(i -> i.time() > 0);
        Map<String, String> summary = new LinkedHashMap<>();
        summary.put("z-step_um", Double.toString(acquired.zStepUm() > 0 ? acquired.zStepUm() : zStepUm));
        if (channels) {
            summary.put("ChNames", "[\"" + String.join("\",\"", acquired.channels()) + "\"]");
        }
        try (NdTiffImageWriter w = NdTiffImageWriter.create(root.resolve("visits").resolve("target-"
                + v.target().id()), summary)) {
            for (VisitAcquisition.Image i : acquired.images()) {
                Map<String, Integer> axes = new LinkedHashMap<>();
                if (channels) {
                    axes.put(AXIS_CHANNEL, i.channel());
                }
                axes.put(MicroManagerKeys.AXIS_Z, i.z());
                if (time) {
                    axes.put(MicroManagerKeys.AXIS_TIME, i.time());
                }
                w.write(i.frame(), axes);
            }
            w.finish();
        }
    }

    /**
     * What {@code mosaic/} holds ({@code "mosaic/: 7x7 grid, tiles overlap …"}) or why there is none
     * ({@code "none: …"}), for the run's record; empty before the first tile.
     */
    public String mosaicNote() {
        return mosaic.note();
    }

    /** The tiles recorded so far, in acquisition order. */
    public List<Frame> tiles() {
        return Collections.unmodifiableList(tiles);
    }

    /** Finishes the tile dataset and writes {@code targets.csv} and {@code overview.png} of a finished survey. */
    public void finish(SurveyResult result) throws IOException {
        close();
        TargetTable.write(root.resolve("targets.csv"), result.targets(), result.ranked(), result.visits());
        if (!tiles.isEmpty()) {
            OverviewPicture.write(root.resolve("overview.png"), tiles, result.targets(), visitedIds(result), 800);
        }
    }

    /** The ids of the targets that were visited (acquired; not refused or over the budget). */
    public static Set<Integer> visitedIds(SurveyResult result) {
        return result.visits().stream().filter(v -> v.outcome().acquired())
                .map(v -> v.target().id()).collect(Collectors.toSet());
    }

    @Override
    public void close() throws IOException {
        try {
            if (tileWriter != null) {
                tileWriter.close();
            }
        } finally {
            mosaic.close();
        }
    }
}
