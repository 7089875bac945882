package org.reflexscope.core.record;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import mmcorej.org.json.JSONObject;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.pipeline.Recorder;

/**
 * Records every frame of the ring into an NDTiff dataset with Micro-Manager's own storage library, so that the
 * recording opens in Micro-Manager, NDViewer and pycro-manager.
 *
 * <p><b>Dataset.</b> One folder, images along the {@code time} axis numbered 0, 1, 2, ... in the order recorded;
 * the length need not be known in advance (event-driven runs): the dataset is complete after {@link #finish()}.
 * Each image carries its metadata under Micro-Manager's key names ({@code ImageNumber}, {@code ElapsedTime-ms},
 * {@code Exposure-ms}, {@code XPositionUm}, {@code YPositionUm}, {@code ZPositionUm}, {@code PixelSizeUm},
 * {@code Binning}, {@code Width}, {@code Height}, {@code PixelType}, {@code BitDepth}, {@code ROI},
 * {@code Channel}) plus {@code Reflex-*} keys (pipeline sequence, camera and publish times, objective, tags), see
 * {@link MicroManagerKeys}. Pixels are written unchanged (contract 8 in docs/architecture.md): 8- and 16-bit only.
 *
 * <p><b>Threads and cost.</b> {@link #record} runs on the pipeline's recorder thread. When the slot's array holds
 * exactly the frame (the usual case) it hands that array to NDTiff and returns once NDTiff has written it: no copy,
 * and the slot is not reused before {@code record} returns, because the ring waits for its recorders. A frame
 * smaller than its slot (a camera ROI below the ring's largest format) is copied into one of a few pooled arrays and
 * queued instead. Either way {@code record} blocks while NDTiff is behind, which is the back-pressure the ring
 * expects from a recorder, and the ring's slots are the buffer in front of the disk (size the ring for the disk's
 * stalls). Writing straight from the slot is the faster of the two paths (measured side by side in
 * docs/benchmarks/pipeline.md). Per frame it allocates the metadata JSON NDTiff needs, not pixel arrays.
 *
 * <p><b>Write errors.</b> The first failed write (a full disk, a removed folder) makes {@link #record} throw an
 * {@link IOException} with one line naming the folder, the cause and how many images reached the disk; every later
 * {@code record} and {@link #finish()} fails the same way at once, without waiting on NDTiff, so a run goes on and
 * ends. NDTiff keeps such errors aside rather than failing the write, so they are checked after every write. With
 * a free-space reserve ({@link #create(Path, Map, long)}) recording stops before the disk is full instead, and the
 * dataset stays whole.
 *
 * <p><b>Lifetime.</b> {@link #finish()} waits for every write and closes the dataset for writing (bounded: it gives
 * up with an {@code IOException} if NDTiff does not finish within 30 s); {@link #close()} finishes if needed and
 * releases the files. Both are idempotent.
 */
public final class NdTiffRecorder implements Recorder {
    private final NdTiffDataset dataset;

    private NdTiffRecorder(NdTiffDataset dataset) {
        this.dataset = dataset;
    }

    /**
     * A recorder writing into {@code datasetDir}, which is created and must not exist yet or be empty.
     *
     * @throws IOException if the folder exists and is not empty, or cannot be created
     */
    public static NdTiffRecorder create(Path datasetDir) throws IOException {
        return create(datasetDir, Collections.emptyMap());
    }

    /**
     * Like {@link #create(Path)}, with extra summary metadata entries (e.g. run settings, model hashes).
     */
    public static NdTiffRecorder create(Path datasetDir, Map<String, String> summaryMetadata) throws IOException {
        Objects.requireNonNull(datasetDir, "datasetDir");
        return new NdTiffRecorder(new NdTiffDataset(datasetDir, new LinkedHashMap<>(summaryMetadata)));
    }

    /**
     * Like {@link #create(Path, Map)}, stopping recording before the disk keeps less than {@code reserveBytes}
     * free: the frames up to there form a whole dataset, {@link #finish()} finalizes it as usual, and
     * {@link #stopReason()} says why recording stopped. The reserve keeps room for a run's other files.
     */
    public static NdTiffRecorder create(Path datasetDir, Map<String, String> summaryMetadata, long reserveBytes)
            throws IOException {
        NdTiffRecorder r = create(datasetDir, summaryMetadata);
        r.dataset.reserveFreeSpace(reserveBytes);
        return r;
    }

    /**
     * Why recording stopped before the end, if it did: one line naming the folder and the cause (a failed write,
     * or the free-space reserve reached) and how many images the recording holds.
     */
    public Optional<String> stopReason() {
        return dataset.stopReason();
    }

    /** The dataset folder. */
    public Path datasetDirectory() {
        return dataset.directory();
    }

    /** Images handed to NDTiff so far. */
    public long framesRecorded() {
        return dataset.written();
    }

    /**
     * Queues the slot's frame for writing at {@code time = framesRecorded()}.
     *
     * @throws IOException if the frame is not 8- or 16-bit, its type differs from the dataset's, the dataset is
     *     finished, or NDTiff failed
     */
    @Override
    public void record(FrameSlot slot) throws IOException {
        PixelType type = slot.pixelType();
        int w = slot.width();
        int h = slot.height();
        dataset.checkWritable(type);
        JSONObject md = NdTiffDataset.imageMetadata(slot.metadata(), w, h, type, slot.sequence(),
                slot.cameraNanos(), slot.publishedNanos());
        HashMap<String, Object> axes = new HashMap<>();
        axes.put(MicroManagerKeys.AXIS_TIME, Math.toIntExact(dataset.written()));
        Object slotPixels = slot.pixelArray();
        if (Array.getLength(slotPixels) == w * h) {
            dataset.putAndWait(slotPixels, type, w, h, md, axes);
            return;
        }
        Object pixels = dataset.borrow(type, w * h);
        System.arraycopy(slotPixels, 0, pixels, 0, w * h);
        dataset.put(pixels, true, type, w, h, md, axes);
    }

    @Override
    public void finish() throws IOException {
        dataset.finish();
    }

    @Override
    public void close() throws IOException {
        dataset.close();
    }

    /**
     * Writes standalone frames as their own dataset along one axis (e.g. a high-resolution z-stack along
     * {@link MicroManagerKeys#AXIS_Z}), finished and closed on return. Frames are written as they are (no copy).
     *
     * @param datasetDir the dataset folder: created; must not exist yet or be empty
     * @param axis the axis name, e.g. {@code "z"} or {@code "time"}
     * @param frames the images, at axis positions 0, 1, 2, ...; all of one 8- or 16-bit pixel type
     * @param summaryMetadata extra summary entries (e.g. {@code "z-step_um"})
     * @return the dataset folder
     * @throws IOException if the folder is not usable, a frame cannot be stored, or NDTiff failed
     */
    public static Path writeStack(Path datasetDir, String axis, List<Frame> frames,
            Map<String, String> summaryMetadata) throws IOException {
        Objects.requireNonNull(axis, "axis");
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("A stack needs at least one frame; got none for " + datasetDir);
        }
        try (NdTiffDataset d = new NdTiffDataset(datasetDir, new LinkedHashMap<>(summaryMetadata))) {
            for (int i = 0; i < frames.size(); i++) {
                Frame f = frames.get(i);
                JSONObject md = NdTiffDataset.imageMetadata(f.metadata(), f.width(), f.height(), f.pixelType(), -1,
                        0, 0);
                HashMap<String, Object> a = new HashMap<>();
                a.put(axis, i);
                d.put(f.pixels(), false, f.pixelType(), f.width(), f.height(), md, a); // Frame pixels never change
            }
            d.finish();
            return d.directory();
        }
    }
}
