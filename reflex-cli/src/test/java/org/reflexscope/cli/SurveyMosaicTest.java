package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.record.NdTiffDatasetReader;
import org.reflexscope.policy.survey.SurveyPlan;
import org.reflexscope.policy.survey.SurveyTile;
import org.reflexscope.policy.survey.record.SurveyRecording;

/**
 * {@code reflex survey}'s {@code mosaic/} read by the NDTiffStorage of the Micro-Manager installation
 * ({@code -Dreflex.mm.home}): a tiled dataset whose overlap is the grid's (field less step, in pixels), each tile
 * with the same pixels as in {@code tiles/}, the stitched picture placing each tile by row and column, and lower
 * resolutions for viewers; a polygon's mosaic has holes where no tile was; wells are not one grid and get none.
 */
class SurveyMosaicTest {
    /** The simulator's survey field: 256 px of 1 µm. */
    private static final int W = 256;

    @Test
    void aGridSurveysMosaicOpensStitchedInTheInstallationsNdTiff(@TempDir Path dir) throws Exception {
        Path home = MmInstallation.homeOrSkip();
        Path run = dir.resolve("grid");
        Cli c = Cli.run("survey", "--seed", "21", "--budget", "2", "--out", run.toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.OK);
        SurveyPlan plan = SurveyPlan.grid(-750, -750, 750, 750, W, W, 0.1);
        double stepPx = plan.tiles().get(1).xUm() - plan.tiles().get(0).xUm();
        int overlap = W - (int) Math.round(stepPx);
        assertThat(overlap).as("the grid's step (%.2f px) makes the overlap, not the asked 10 %%", stepPx)
                .isEqualTo(49);
        try (InstalledNdTiff mosaic = InstalledNdTiff.open(home, run.resolve("mosaic"));
                NdTiffDatasetReader tiles = NdTiffDatasetReader.open(run.resolve("tiles"))) {
            assertThat(mosaic.jar()).startsWith(home.toString());
            JsonNode summary = mosaic.summary();
            assertThat(summary.path("TiledImageStorage").asBoolean()).isTrue();
            assertThat(summary.path("GridPixelOverlapX").asInt()).isEqualTo(overlap);
            assertThat(summary.path("GridPixelOverlapY").asInt()).isEqualTo(overlap);
            assertThat(mosaic.axesSet()).hasSize(49).allSatisfy(a -> assertThat(a.keySet())
                    .containsExactlyInAnyOrder("row", "column"));
            int tile = W - overlap;
            assertThat(mosaic.imageBounds()).containsExactly(0, 0, 7 * tile, 7 * tile);
            assertThat(mosaic.resolutionLevels()).as("full, 2x, 4x, 8x: the 7x7 grid fits one tile").isEqualTo(4);
            short[] stitched = (short[]) mosaic.displayImage(0, 0, 0, 7 * tile, 7 * tile);
            for (SurveyTile t : plan.tiles()) {
                short[] frame = (short[]) tiles.read(SurveyRecording.axes(t)).frame().pixels();
                assertThat((short[]) mosaic.pixels(Map.of("row", t.row(), "column", t.column())))
                        .as("tile r%d c%d, lossless", t.row(), t.column()).isEqualTo(frame);
                for (int[] p : new int[][] {{0, 0}, {tile / 2, tile / 3}, {tile - 1, tile - 1}}) {
                    int mx = t.column() * tile + p[0];
                    int my = t.row() * tile + p[1];
                    assertThat(stitched[my * 7 * tile + mx]).as("mosaic (%d, %d) from tile r%d c%d", mx, my,
                            t.row(), t.column()).isEqualTo(frame[(p[1] + overlap / 2) * W + p[0] + overlap / 2]);
                }
            }
            short[] lowest = (short[]) mosaic.displayImage(3, 0, 0, tile, tile);
            assertThat(lowest).as("the 8x level is written").isNotNull();
            assertThat(distinct(lowest)).as("and holds the downsampled tiles, not a blank").isGreaterThan(100);
        }
    }

    @Test
    void aPolygonsMosaicHasHolesAndWellsHaveNone(@TempDir Path dir) throws Exception {
        Path home = MmInstallation.homeOrSkip();
        Path run = dir.resolve("polygon");
        Cli c = Cli.run("survey", "--polygon", "-700,-700,700,-700,-700,700", "--budget", "1", "--out",
                run.toString());
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.OK);
        List<SurveyTile> planned = SurveyPlan.polygon(List.of(new double[] {-700, -700}, new double[] {700, -700},
                new double[] {-700, 700}), W, W, 0.1).tiles();
        try (InstalledNdTiff mosaic = InstalledNdTiff.open(home, run.resolve("mosaic"))) {
            assertThat(mosaic.axesSet()).hasSize(planned.size());
            for (SurveyTile t : planned) {
                assertThat(mosaic.pixels(Map.of("row", t.row(), "column", t.column()))).isNotNull();
            }
            HashMap<String, Object> corner = new HashMap<>(Map.of("row", 6, "column", 6));
            assertThat(mosaic.pixels(corner)).as("the far corner is outside the triangle").isNull();
        }
        Path wells = dir.resolve("wells");
        Cli w = Cli.run("survey", "--plate", "2,2,700,600,-350,-350", "--wells", "A1,B2", "--budget", "1", "--out",
                wells.toString());
        assertThat(w.exit).as(w.toString()).isEqualTo(ExitCodes.OK);
        assertThat(wells.resolve("tiles")).isDirectory();
        assertThat(wells.resolve("mosaic")).as("wells are not one grid").doesNotExist();
    }

    private static long distinct(short[] px) {
        return java.util.stream.IntStream.range(0, px.length).map(i -> px[i]).distinct().count();
    }
}
