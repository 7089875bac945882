package org.reflexscope.cli.survey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.record.MicroManagerKeys;
import org.reflexscope.core.record.NdTiffRecorder;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.survey.SurveyListener;
import org.reflexscope.policy.survey.SurveyResult;
import org.reflexscope.policy.survey.SurveyTile;
import org.reflexscope.policy.survey.Visit;

/**
 * A survey's run folder: {@code tiles/} (NDTiff along {@code position}, each image with its stage position),
 * {@code visits/target-N/} (each visit's acquisition, NDTiff along {@code z}), and at the end {@code targets.csv} and
 * {@code overview.png}. Listens to the survey on its thread.
 */
public final class SurveyRecording implements SurveyListener {
    private final Path root;
    private final Map<String, String> tileSummary;
    private final double zStepUm;
    private final List<Frame> tiles = new ArrayList<>();

    /**
     * @param root the run folder (created if missing)
     * @param tileSummary extra summary metadata of the tile dataset (the plan, the grid and its pixel overlap)
     * @param zStepUm the visits' z step, recorded in their summary metadata
     */
    public SurveyRecording(Path root, Map<String, String> tileSummary, double zStepUm) throws IOException {
        this.root = root;
        this.tileSummary = Map.copyOf(tileSummary);
        this.zStepUm = zStepUm;
        Files.createDirectories(root.resolve("visits"));
    }

    @Override
    public void onTile(SurveyTile tile, Frame frame, AnalysisResult result) {
        tiles.add(frame);
    }

    @Override
    public void onVisit(Visit v, AcquiredStack acquired) throws IOException {
        NdTiffRecorder.writeStack(root.resolve("visits").resolve("target-" + v.target().id()),
                MicroManagerKeys.AXIS_Z, acquired.frames(), Map.of("z-step_um", Double.toString(zStepUm)));
    }

    /** The tiles received so far, in acquisition order. */
    public List<Frame> tiles() {
        return Collections.unmodifiableList(tiles);
    }

    /** Writes the tiles, {@code targets.csv} and {@code overview.png} of a finished survey. */
    public void finish(SurveyResult result) throws IOException {
        if (!tiles.isEmpty()) {
            NdTiffRecorder.writeStack(root.resolve("tiles"), "position", tiles, tileSummary);
        }
        TargetTable.write(root.resolve("targets.csv"), result.targets(), result.ranked(), result.visits());
        Set<Integer> visited = visitedIds(result);
        if (!tiles.isEmpty()) {
            OverviewPicture.write(root.resolve("overview.png"), tiles, result.targets(), visited, 800);
        }
    }

    /** The ids of the targets that were visited (not refused). */
    public static Set<Integer> visitedIds(SurveyResult result) {
        return result.visits().stream().filter(v -> v.outcome() != Visit.Outcome.REFUSED)
                .map(v -> v.target().id()).collect(Collectors.toSet());
    }
}
