package org.reflexscope.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import mmcorej.TaggedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.micromanager.ndtiffstorage.NDTiffStorage;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.frame.PixelType;

/**
 * A tiled NDTiff dataset written by {@link NdTiffImageWriter#createTiled}: NDTiffStorage reads it back as tiled
 * storage with the overlap, each tile's pixels as written, and its stitched picture placing tile (row, column) at
 * (column, row) tile pitches with half the overlap cut from each side; lower resolutions are written with it.
 */
class NdTiffTiledWriterTest {
    private static final int W = 40;
    private static final int H = 30;
    private static final int OX = 8;
    private static final int OY = 6;

    @TempDir
    Path tmp;

    /** A tile whose every pixel says where it is: distinct across tiles and positions. */
    private static Frame tile(int row, int column) {
        short[] px = new short[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                px[y * W + x] = (short) (row * 20000 + column * 3000 + y * W + x);
            }
        }
        return Frame.wrap(FrameFormat.of(W, H, PixelType.GRAY16), px,
                FrameMetadata.builder().optImageNumber(row * 3L + column).build());
    }

    private static Map<String, Integer> at(int row, int column) {
        return Map.of(NDTiffStorage.ROW_AXIS, row, NDTiffStorage.COL_AXIS, column);
    }

    @Test
    void readsBackAsAStitchedTiledDatasetWithTheOverlapAndEveryTilesPixels() throws Exception {
        Path dir = tmp.resolve("mosaic");
        Tiling tiling = Tiling.ofGrid(2, 3, OX, OY);
        assertThat(tiling.lowResolutionLevels()).as("a 2 x 3 grid fits one tile at 4x").isEqualTo(2);
        try (NdTiffImageWriter w = NdTiffImageWriter.createTiled(dir, Map.of("Reflex-SurveyGrid", "2x3"), tiling)) {
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 3; c++) {
                    w.write(tile(r, c), at(r, c));
                }
            }
        }
        NDTiffStorage s = new NDTiffStorage(dir.toString());
        try {
            assertThat(s.getSummaryMetadata().getBoolean("TiledImageStorage")).isTrue();
            assertThat(s.getSummaryMetadata().getInt("GridPixelOverlapX")).isEqualTo(OX);
            assertThat(s.getSummaryMetadata().getInt("GridPixelOverlapY")).isEqualTo(OY);
            assertThat(s.getSummaryMetadata().getString("Reflex-SurveyGrid")).isEqualTo("2x3");
            assertThat(s.getAxesSet()).hasSize(6);
            assertThat(s.getNumResLevels()).isEqualTo(3);
            int tw = W - OX;
            int th = H - OY;
            assertThat(s.getImageBounds()).containsExactly(0, 0, 3 * tw, 2 * th);
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 3; c++) {
                    TaggedImage t = s.getImage(new HashMap<>(at(r, c)));
                    assertThat((short[]) t.pix).as("tile r%d c%d", r, c).isEqualTo(tile(r, c).pixels());
                }
            }
            short[] stitched = (short[]) s.getDisplayImage(new HashMap<>(), 0, 0, 0, 3 * tw, 2 * th).pix;
            for (int y = 0; y < 2 * th; y++) {
                for (int x = 0; x < 3 * tw; x++) {
                    short[] src = (short[]) tile(y / th, x / tw).pixels();
                    assertThat(stitched[y * 3 * tw + x]).as("mosaic pixel (%d, %d)", x, y)
                            .isEqualTo(src[(y % th + OY / 2) * W + x % tw + OX / 2]);
                }
            }
            short[] quarter = (short[]) s.getDisplayImage(new HashMap<>(), 2, 0, 0, tw, th).pix;
            assertThat(quarter).as("the 4x level holds the whole grid in one tile").isNotNull();
            assertThat(quarter[(th / 2 - 1) * tw + tw / 2 + 1]).as("its bottom-right quarter shows row 1")
                    .isGreaterThanOrEqualTo((short) 20000);
        } finally {
            s.close();
        }
        try (NdTiffDatasetReader reader = NdTiffDatasetReader.open(dir)) {
            assertThat(reader.size()).isEqualTo(6);
            assertThat(reader.read(at(1, 2)).frame().pixels()).isEqualTo(tile(1, 2).pixels());
        }
    }

    @Test
    void refusesAnImageWithoutARowAndColumnOrOfAnotherSize() throws Exception {
        try (NdTiffImageWriter w = NdTiffImageWriter.createTiled(tmp.resolve("m"), Map.of(), new Tiling(8, 6, 0))) {
            assertThatThrownBy(() -> w.write(tile(0, 0), Map.of("position", 0)))
                    .hasMessageContaining("row and column axes");
            w.write(tile(0, 0), at(0, 0));
            Frame small = Frame.wrap(FrameFormat.of(20, 10, PixelType.GRAY16), new short[200],
                    FrameMetadata.builder().build());
            assertThatThrownBy(() -> w.write(small, at(0, 1))).hasMessageContaining("images of one size (40 x 30)");
            assertThat(w.written()).isEqualTo(1);
        }
        assertThatThrownBy(() -> new Tiling(-1, 0, 0)).hasMessageContaining(">= 0 pixels");
        assertThat(Tiling.ofGrid(7, 7, 26, 26).lowResolutionLevels()).isEqualTo(3);
        assertThat(Tiling.ofGrid(1, 1, 0, 0).lowResolutionLevels()).isZero();
    }
}
