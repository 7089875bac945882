package org.reflexscope.policy.survey.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.record.NdTiffDatasetReader;
import org.reflexscope.policy.survey.SurveyPlan;
import org.reflexscope.policy.survey.SurveyTile;

/**
 * {@link SurveyRecording}'s {@code mosaic/}: a grid's tiles at their row and column with the overlap the grid's step
 * leaves in pixels, the same pixels as {@code tiles/}; listed positions, or tiles without a pixel size, get none and
 * the note says why.
 */
class SurveyRecordingMosaicTest {
    private static final int W = 64;
    private static final int H = 48;

    @TempDir
    Path tmp;

    private static Frame frame(SurveyTile t, double pixelUm) {
        short[] px = new short[W * H];
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) (t.index() * 1000 + i % 997);
        }
        return Frame.wrap(FrameFormat.of(W, H, PixelType.GRAY16), px, FrameMetadata.builder()
                .optStage(t.xUm(), t.yUm(), 0).optPixelSizeUm(pixelUm).optImageNumber(t.index()).build());
    }

    private static void record(SurveyRecording r, SurveyPlan plan, double pixelUm) throws Exception {
        for (SurveyTile t : plan.tiles()) {
            r.onTileAcquired(t, frame(t, pixelUm));
        }
        r.close();
    }

    @Test
    void aGridsTilesGoToTheMosaicWithTheGridsOverlap() throws Exception {
        // 32 x 24 µm fields (0.5 µm pixels) over 80 x 60 µm: 3 x 3 tiles, steps 24 x 18 µm = 48 x 36 px
        SurveyPlan plan = SurveyPlan.grid(0, 0, 80, 60, 32, 24, 0.1);
        assertThat(plan.rows()).isEqualTo(3);
        assertThat(plan.columns()).isEqualTo(3);
        SurveyRecording r = new SurveyRecording(tmp.resolve("run"), Map.of(), 1, plan);
        record(r, plan, 0.5);
        assertThat(r.mosaicNote()).startsWith("mosaic/: 3x3 grid, tiles overlap 16 x 12 px (grid step 48.00 x 36.00"
                + " px; tiles placed within 0.00 px)");
        try (NdTiffDatasetReader tiles = NdTiffDatasetReader.open(tmp.resolve("run/tiles"))) {
            assertThat(tiles.summaryMetadata()).as("tiles/ states the same overlap")
                    .containsEntry("GridPixelOverlapX", "16").containsEntry("GridPixelOverlapY", "12");
        }
        try (NdTiffDatasetReader m = NdTiffDatasetReader.open(tmp.resolve("run/mosaic"))) {
            assertThat(m.summaryMetadata()).containsEntry("TiledImageStorage", "true")
                    .containsEntry("GridPixelOverlapX", "16").containsEntry("GridPixelOverlapY", "12");
            assertThat(m.size()).isEqualTo(9);
            for (SurveyTile t : plan.tiles()) {
                assertThat(m.read(Map.of("row", t.row(), "column", t.column())).frame().pixels())
                        .isEqualTo(frame(t, 0.5).pixels());
            }
        }
    }

    @Test
    void listedPositionsAndTilesWithoutAPixelSizeGetNoMosaic() throws Exception {
        SurveyPlan listed = SurveyPlan.positions(List.of(new double[] {0, 0}, new double[] {500, 20}));
        SurveyRecording r = new SurveyRecording(tmp.resolve("listed"), Map.of(), 1, listed);
        record(r, listed, 0.5);
        assertThat(r.mosaicNote()).startsWith("none: the tiles are not on one grid");
        assertThat(tmp.resolve("listed/mosaic")).doesNotExist();
        assertThat(tmp.resolve("listed/tiles")).isDirectory();

        SurveyPlan grid = SurveyPlan.grid(0, 0, 80, 60, 32, 24, 0.1);
        SurveyRecording uncalibrated = new SurveyRecording(tmp.resolve("nopx"), Map.of(), 1, grid);
        record(uncalibrated, grid, Double.NaN);
        assertThat(uncalibrated.mosaicNote()).startsWith("none: the tiles carry no pixel size");
        assertThat(tmp.resolve("nopx/mosaic")).doesNotExist();
    }
}
