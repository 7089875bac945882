package org.reflexscope.core.record;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import mmcorej.org.json.JSONObject;
import org.reflexscope.core.frame.Frame;

/**
 * Writes standalone frames into one NDTiff dataset as they come, each at axes the caller names (e.g. a survey's
 * tiles at {@code position}, {@code row} and {@code column}), so that a writer stopped half-way (a killed JVM, a
 * failed run) leaves every image written before it readable ({@link NdTiffDatasetReader} trims an unfinished index
 * to its whole entries). Images carry Micro-Manager's metadata keys, as {@link NdTiffRecorder} writes them.
 *
 * <p>{@link #write} returns once NDTiff has written the image. One thread only; {@link #close()} finishes the
 * dataset if needed and releases the files (idempotent).
 */
public final class NdTiffImageWriter implements AutoCloseable {
    private final NdTiffDataset dataset;

    private NdTiffImageWriter(NdTiffDataset dataset) {
        this.dataset = dataset;
    }

    /**
     * A writer into {@code datasetDir}, which is created and must not exist yet or be empty; the dataset's files
     * appear with the first image.
     *
     * @param summaryMetadata extra summary entries (e.g. {@code GridPixelOverlapX})
     */
    public static NdTiffImageWriter create(Path datasetDir, Map<String, String> summaryMetadata) throws IOException {
        Objects.requireNonNull(datasetDir, "datasetDir");
        return new NdTiffImageWriter(new NdTiffDataset(datasetDir, new LinkedHashMap<>(summaryMetadata)));
    }

    /**
     * A writer of NDTiff's tiled storage into {@code datasetDir} (as {@link #create}): the layout in which
     * Micro-Manager's Explore acquisitions are written and that NDViewer and pycro-manager's
     * {@code as_array(stitched=True)} show as one mosaic. The full-resolution images go to its
     * {@code Full resolution/} folder, each downsampled level to {@code Downsampled_xN/} as the image arrives; the
     * summary holds {@code TiledImageStorage} and {@code GridPixelOverlapX/Y}. Every image needs integer
     * {@code row} and {@code column} axes (row 0 at the top, column 0 at the left).
     */
    public static NdTiffImageWriter createTiled(Path datasetDir, Map<String, String> summaryMetadata, Tiling tiling)
            throws IOException {
        Objects.requireNonNull(datasetDir, "datasetDir");
        Objects.requireNonNull(tiling, "tiling");
        return new NdTiffImageWriter(new NdTiffDataset(datasetDir, new LinkedHashMap<>(summaryMetadata),
                NdTiffDataset.DEFAULT_FINISH_TIMEOUT_MS, tiling));
    }

    /**
     * Writes {@code frame} at {@code axes} and returns once it is on disk. Frame pixels are written as they are (no
     * copy).
     *
     * @throws IOException if the frame is not 8- or 16-bit, its type differs from the dataset's, a tiled dataset's
     *     {@code axes} lack a row or column, the dataset is finished, or NDTiff failed (the message names the folder)
     */
    public void write(Frame frame, Map<String, Integer> axes) throws IOException {
        JSONObject md = NdTiffDataset.imageMetadata(frame.metadata(), frame.width(), frame.height(),
                frame.pixelType(), -1, 0, 0);
        dataset.putAndWait(frame.pixels(), frame.pixelType(), frame.width(), frame.height(), md,
                new HashMap<>(axes));
    }

    /** Images written so far. */
    public long written() {
        return dataset.written();
    }

    /** The dataset folder. */
    public Path datasetDirectory() {
        return dataset.directory();
    }

    /** Waits for every write and closes the dataset for writing (idempotent). */
    public void finish() throws IOException {
        dataset.finish();
    }

    @Override
    public void close() throws IOException {
        dataset.close();
    }
}
