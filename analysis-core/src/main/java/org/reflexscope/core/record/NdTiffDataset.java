package org.reflexscope.core.record;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import mmcorej.org.json.JSONException;
import mmcorej.org.json.JSONObject;
import org.micromanager.ndtiffstorage.NDTiffStorage;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.frame.PixelType;

/**
 * One NDTiff dataset being written: creates the storage on the first image (the summary metadata needs the
 * image format), turns Reflex metadata into Micro-Manager image metadata, and keeps a small pool of pixel arrays
 * handed to NDTiff, reusing each only after NDTiff has written it (NDTiff writes asynchronously and keeps the array
 * until then). Not thread-safe: one writing thread.
 *
 * <p><b>Write errors.</b> NDTiffStorage does not fail the future of a write that failed (a full disk, a removed
 * folder): it keeps the error for {@link NDTiffStorage#checkForWritingException()}. This class checks it after every
 * wait, so the first failed write surfaces as an {@link IOException} from the next {@link #put}, {@link #borrow},
 * {@link #putAndWait} or {@link #finish}, naming the folder, the cause and how many images reached the disk; every
 * later call fails the same way at once. After a failure, {@link #finish} does not ask NDTiff to finalize (with the
 * disk full its finishing task fails and {@code finishedWriting} would wait forever); it reports the failure, and
 * {@link #close} releases the files. A finish that does not complete within its bound is reported the same way.
 *
 * <p><b>Free-space reserve.</b> With a reserve set, an image is not written when the disk would keep less than the
 * reserve free afterwards: recording stops there with an {@link IOException} saying so (and every later image is
 * refused the same way), while the dataset stays whole and is finalized by {@link #finish} as usual. The reserve
 * leaves room for the run's other files (decision log, metrics, report) and for NDTiff's own finalizing.
 */
final class NdTiffDataset implements AutoCloseable {
    /** The image tag from which NDTiff's tiled storage reads an image's axes. */
    private static final String AXES_TAG = "Axes";
    private static final int POOL = 8;
    static final long DEFAULT_FINISH_TIMEOUT_MS = 30_000;

    private final Path directory;
    private final Map<String, String> summaryExtras;
    private NDTiffStorage storage;
    private PixelType pixelType;
    private final Object[] buffers = new Object[POOL];
    private final Future<?>[] pending = new Future<?>[POOL];
    private int nextBuffer;
    private long written;
    private long confirmed;
    private boolean finished;
    private IOException failure;
    private String stopped;
    private final long finishTimeoutMs;
    private final Tiling tiling;
    private int tileWidth;
    private int tileHeight;
    private long reserveBytes;
    private java.nio.file.FileStore store;

    /**
     * @param directory the dataset folder: created; must not exist yet or be empty
     * @throws IOException if the folder exists and is not empty, or cannot be created
     */
    NdTiffDataset(Path directory, Map<String, String> summaryExtras) throws IOException {
        this(directory, summaryExtras, DEFAULT_FINISH_TIMEOUT_MS);
    }

    /** Like {@link #NdTiffDataset(Path, Map)}, with the longest wait for NDTiff to finalize the dataset. */
    NdTiffDataset(Path directory, Map<String, String> summaryExtras, long finishTimeoutMs) throws IOException {
        this(directory, summaryExtras, finishTimeoutMs, null);
    }

    /**
     * Like {@link #NdTiffDataset(Path, Map, long)}; with a {@code tiling}, the dataset is NDTiff's tiled storage:
     * every image needs {@code row} and {@code column} axes, and the lower resolutions are written with each image.
     */
    NdTiffDataset(Path directory, Map<String, String> summaryExtras, long finishTimeoutMs, Tiling tiling)
            throws IOException {
        this.finishTimeoutMs = finishTimeoutMs;
        this.tiling = tiling;
        this.directory = directory.toAbsolutePath();
        this.summaryExtras = summaryExtras;
        if (Files.exists(this.directory)) {
            if (!Files.isDirectory(this.directory)) {
                throw new IOException("Cannot record into " + this.directory + ": it is a file. Choose a new folder.");
            }
            try (Stream<Path> s = Files.list(this.directory)) {
                if (s.findAny().isPresent()) {
                    throw new IOException("Cannot record into " + this.directory + ": the folder is not empty."
                            + " Choose a new folder so that no dataset is overwritten.");
                }
            }
        }
        Files.createDirectories(this.directory);
        if (!Files.isWritable(this.directory)) {
            throw new IOException("Cannot record into " + this.directory + ": the folder is not writable.");
        }
    }

    Path directory() {
        return directory;
    }

    long written() {
        return written;
    }

    /**
     * Stops recording before the disk keeps less than {@code bytes} free (0: no reserve, the default).
     *
     * @throws IOException if the folder's file store cannot be queried
     */
    void reserveFreeSpace(long bytes) throws IOException {
        if (bytes < 0) {
            throw new IllegalArgumentException("A free-space reserve must be >= 0 bytes, got " + bytes);
        }
        reserveBytes = bytes;
        store = bytes > 0 ? Files.getFileStore(directory) : null;
    }

    /** Why recording stopped early (a failed write, or the free-space reserve reached), if it did. */
    java.util.Optional<String> stopReason() {
        if (failure != null) {
            return java.util.Optional.of(failure.getMessage());
        }
        return java.util.Optional.ofNullable(stopped);
    }

    /** Images NDTiff has confirmed written to disk (an index entry came back for each). */
    long confirmed() {
        return confirmed;
    }

    /** A pixel array of {@code n} pixels of {@code type}, free to fill: waits for NDTiff to release it if needed. */
    Object borrow(PixelType type, int n) throws IOException {
        failIfFailed();
        int i = nextBuffer;
        nextBuffer = (nextBuffer + 1) % POOL;
        await(pending[i]);
        pending[i] = null;
        checkWriting();
        Object b = buffers[i];
        boolean fits = type == PixelType.GRAY8 ? b instanceof byte[] && ((byte[]) b).length == n
                : b instanceof short[] && ((short[]) b).length == n;
        if (!fits) {
            b = type == PixelType.GRAY8 ? new byte[n] : new short[n];
            buffers[i] = b;
        }
        return b;
    }

    /**
     * Queues {@code pixels} (from {@link #borrow}, or an array nobody modifies any more) for writing at
     * {@code axes}; NDTiff keeps {@code axes} and {@code pixels} until written.
     */
    Future<?> put(Object pixels, boolean pooled, PixelType type, int width, int height, JSONObject metadata,
            HashMap<String, Object> axes) throws IOException {
        checkWritable(type, width, height, axes);
        failIfFailed();
        keepReserve((long) width * height * (type.bitsPerPixel() / 8));
        if (storage == null) {
            open(type, width, height, metadata);
        }
        Future<?> f;
        try {
            if (tiling != null) {
                metadata.put(AXES_TAG, new JSONObject(axes));
                f = storage.putImageMultiRes(pixels, metadata, axes, false, type.bitsPerPixel(), height, width);
            } else {
                f = storage.putImage(pixels, metadata, axes, false, type.bitsPerPixel(), height, width);
            }
        } catch (JSONException e) {
            throw new IOException("NDTiff could not write image " + axes + " into " + directory + ": " + e, e);
        } catch (RuntimeException e) {
            throw new IOException("NDTiff could not write image " + axes + " into " + directory + ": " + e, e);
        }
        if (pooled) {
            pending[(nextBuffer + POOL - 1) % POOL] = f;
        }
        written++;
        return f;
    }

    /**
     * Writes {@code pixels} at {@code axes} and returns once NDTiff has written them, so the caller may reuse the
     * array at once (no copy is made).
     */
    void putAndWait(Object pixels, PixelType type, int width, int height, JSONObject metadata,
            HashMap<String, Object> axes) throws IOException {
        await(put(pixels, false, type, width, height, metadata, axes));
        checkWriting();
    }

    /** @throws IOException if an image of {@code type} cannot be added to this dataset, saying why */
    void checkWritable(PixelType type) throws IOException {
        checkWritable(type, 0, 0, null);
    }

    /** Like {@link #checkWritable(PixelType)}, also checking that a tiled dataset's image has a row and column. */
    private void checkWritable(PixelType type, int width, int height, Map<String, Object> axes)
            throws IOException {
        if (tiling != null && pixelType != null && axes != null && (width != tileWidth || height != tileHeight)) {
            throw new IOException("A tiled NDTiff dataset holds images of one size (" + tileWidth + " x " + tileHeight
                    + "); a " + width + " x " + height + " image cannot be added. Start a new dataset.");
        }
        if (tiling != null && axes != null && !(axes.get(NDTiffStorage.ROW_AXIS) instanceof Integer
                && axes.get(NDTiffStorage.COL_AXIS) instanceof Integer)) {
            throw new IOException("A tiled NDTiff dataset places each image by its integer " + NDTiffStorage.ROW_AXIS
                    + " and " + NDTiffStorage.COL_AXIS + " axes; " + axes + " has none. Write grid tiles only.");
        }
        if (type == PixelType.GRAY32F) {
            throw new IOException("NDTiff recording supports 8- and 16-bit images, not " + type + ". Record the"
                    + " camera's raw integer frames (raw data stays raw); float images are analysis intermediates.");
        }
        if (pixelType != null && type != pixelType) {
            throw new IOException("This dataset holds " + pixelType + " images; a " + type + " image cannot be"
                    + " added. Start a new dataset when the camera's pixel type changes.");
        }
        if (finished) {
            throw new IOException("The dataset " + directory + " is finished; no image can be added.");
        }
    }

    private void open(PixelType type, int width, int height, JSONObject firstImage) throws IOException {
        pixelType = type;
        tileWidth = width;
        tileHeight = height;
        try {
            JSONObject summary = new JSONObject();
            summary.put(MicroManagerKeys.SOFTWARE, "Reflex");
            summary.put(MicroManagerKeys.PIXEL_TYPE, type.name());
            summary.put(MicroManagerKeys.BIT_DEPTH, type.bitsPerPixel());
            summary.put(MicroManagerKeys.WIDTH, width);
            summary.put(MicroManagerKeys.HEIGHT, height);
            if (firstImage.has(MicroManagerKeys.PIXEL_SIZE_UM)) {
                summary.put("PixelSize_um", firstImage.getDouble(MicroManagerKeys.PIXEL_SIZE_UM));
            }
            summary.put("Prefix", directory.getFileName().toString());
            for (Map.Entry<String, String> e : summaryExtras.entrySet()) {
                summary.put(e.getKey(), e.getValue());
            }
            if (tiling == null) {
                storage = new NDTiffStorage(directory.toString(), directory.getFileName().toString(), summary, 0, 0,
                        false, null, NDTiffStorage.WRITING_QUEUE_DEFAULT_MAX_SIZE, null, false);
            } else {
                storage = new NDTiffStorage(directory.toString(), directory.getFileName().toString(), summary,
                        tiling.overlapXPx(), tiling.overlapYPx(), true, null,
                        NDTiffStorage.WRITING_QUEUE_DEFAULT_MAX_SIZE, null, false);
                // Before the first image: each image is then downsampled into every level as it is written.
                storage.increaseMaxResolutionLevel(tiling.lowResolutionLevels());
            }
            // Viewers expect display settings next to the data; none are chosen here, so write an empty set.
            storage.setDisplaySettings(new JSONObject());
        } catch (JSONException | RuntimeException e) {
            throw new IOException("NDTiff could not create a dataset in " + directory + ": " + e, e);
        }
    }

    /**
     * Waits for every pending write, then has NDTiff finalize the dataset (idempotent).
     *
     * @throws IOException if a write failed (then nothing is finalized and {@link #close} only releases the files),
     *     or NDTiff failed or did not finish finalizing within the bound
     */
    void finish() throws IOException {
        if (finished) {
            failIfFailed();
            return;
        }
        finished = true;
        for (int i = 0; i < POOL; i++) {
            await(pending[i]);
            pending[i] = null;
        }
        checkWriting();
        if (storage != null) {
            finalizeWithin(finishTimeoutMs);
            checkWriting();
        }
    }

    /** Runs NDTiff's {@code finishedWriting} on a helper thread, waiting at most {@code timeoutMs}. */
    private void finalizeWithin(long timeoutMs) throws IOException {
        NDTiffStorage s = storage;
        java.util.concurrent.FutureTask<Void> task = new java.util.concurrent.FutureTask<>(() -> {
            s.finishedWriting();
            return null;
        });
        Thread t = new Thread(task, "reflex-ndtiff-finish");
        t.setDaemon(true);
        t.start();
        try {
            task.get(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw fail(new IOException("NDTiff did not finish writing within " + timeoutMs / 1000.0 + " s (is the"
                    + " disk full or gone?)"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while NDTiff finished writing " + directory);
        } catch (ExecutionException e) {
            throw fail(e.getCause());
        }
    }

    /**
     * Finishes if needed and releases the files (idempotent). A failure {@link #finish} already threw is not thrown
     * again.
     */
    @Override
    public void close() throws IOException {
        try {
            if (!finished) {
                finish();
            }
        } finally {
            if (storage != null) {
                storage.close();
                storage = null;
            }
        }
    }

    private void await(Future<?> f) throws IOException {
        if (f == null) {
            return;
        }
        try {
            if (f.get() != null) {
                confirmed++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for NDTiff to write into " + directory);
        } catch (ExecutionException e) {
            throw fail(e.getCause());
        }
    }

    /** Throws the first write failure, if any, and remembers one NDTiff reports now. */
    private void checkWriting() throws IOException {
        failIfFailed();
        if (storage == null) {
            return;
        }
        try {
            storage.checkForWritingException();
        } catch (Exception e) {
            throw fail(e);
        }
    }

    /** Refuses an image of {@code bytes} that would leave less than the reserve free (and every one after it). */
    private void keepReserve(long bytes) throws IOException {
        if (stopped == null && store != null) {
            long free = store.getUsableSpace();
            if (free - bytes < reserveBytes) {
                stopped = String.format(java.util.Locale.ROOT, "Recording stopped: the disk holding %s has %.1f MiB"
                        + " free, and %.1f MiB are kept for the run's other files; %d image(s) are in the recording."
                        + " Free some space or record to a larger disk", directory, free / 1048576.0,
                        reserveBytes / 1048576.0, written);
            }
        }
        if (stopped != null) {
            throw new IOException(stopped);
        }
    }

    private void failIfFailed() throws IOException {
        if (failure != null) {
            throw new IOException(failure.getMessage(), failure);
        }
    }

    /** Records the first write failure, with one line naming the folder, the root cause and what reached disk. */
    private IOException fail(Throwable cause) {
        if (failure == null) {
            Throwable root = cause;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = root.getMessage() == null ? root.toString() : root.getMessage();
            failure = new IOException("NDTiff could not write into " + directory + ": " + why + "; recording"
                    + " stopped with " + confirmed + " image(s) on disk", cause);
        }
        return failure;
    }

    /** Micro-Manager image metadata for one image. */
    static JSONObject imageMetadata(FrameMetadata m, int width, int height, PixelType type, long sequence,
            long cameraNanos, long publishedNanos) throws IOException {
        try {
            JSONObject j = new JSONObject();
            j.put(MicroManagerKeys.IMAGE_NUMBER, m.imageNumber());
            putFinite(j, MicroManagerKeys.ELAPSED_TIME_MS, m.cameraTimeMs());
            putFinite(j, MicroManagerKeys.EXPOSURE_MS, m.exposureMs());
            putFinite(j, MicroManagerKeys.X_POSITION_UM, m.stageXUm());
            putFinite(j, MicroManagerKeys.Y_POSITION_UM, m.stageYUm());
            putFinite(j, MicroManagerKeys.Z_POSITION_UM, m.stageZUm());
            putFinite(j, MicroManagerKeys.PIXEL_SIZE_UM, m.pixelSizeUm());
            j.put(MicroManagerKeys.BINNING, m.binning());
            j.put(MicroManagerKeys.WIDTH, width);
            j.put(MicroManagerKeys.HEIGHT, height);
            j.put(MicroManagerKeys.PIXEL_TYPE, type.name());
            j.put(MicroManagerKeys.BIT_DEPTH, type.bitsPerPixel());
            j.put(MicroManagerKeys.ROI, m.roiX() + "-" + m.roiY() + "-" + width + "-" + height);
            j.put(MicroManagerKeys.ROI_X, m.roiX());
            j.put(MicroManagerKeys.ROI_Y, m.roiY());
            j.put(MicroManagerKeys.CHANNEL, m.channel());
            j.put(MicroManagerKeys.OBJECTIVE, m.objective());
            if (sequence >= 0) {
                j.put(MicroManagerKeys.SEQUENCE, sequence);
            }
            if (cameraNanos != 0) {
                j.put(MicroManagerKeys.CAMERA_NANOS, cameraNanos);
            }
            if (publishedNanos != 0) {
                j.put(MicroManagerKeys.PUBLISHED_NANOS, publishedNanos);
            }
            JSONObject tags = new JSONObject();
            for (Map.Entry<String, String> e : m.tags().entrySet()) {
                tags.put(e.getKey(), e.getValue());
            }
            j.put(MicroManagerKeys.TAGS, tags);
            return j;
        } catch (JSONException e) {
            throw new IOException("Could not encode the metadata of image " + m.imageNumber() + ": " + e, e);
        }
    }

    private static void putFinite(JSONObject j, String key, double v) throws JSONException {
        if (Double.isFinite(v)) {
            j.put(key, v);
        }
    }
}
