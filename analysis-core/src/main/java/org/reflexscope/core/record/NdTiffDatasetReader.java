package org.reflexscope.core.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import mmcorej.TaggedImage;
import mmcorej.org.json.JSONException;
import mmcorej.org.json.JSONObject;
import org.micromanager.ndtiffstorage.NDTiffStorage;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.frame.PixelType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an NDTiff dataset back: frames with their metadata, as written by {@link NdTiffRecorder} (or by
 * Micro-Manager: missing keys read as unknown). Used by tests and by replay.
 *
 * <p>Not thread-safe; {@link #close()} releases the files.
 */
public final class NdTiffDatasetReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NdTiffDatasetReader.class);
    private final Path directory;
    private final NDTiffStorage storage;
    private final List<Map<String, Integer>> axes;

    private NdTiffDatasetReader(Path directory, NDTiffStorage storage, List<Map<String, Integer>> axes) {
        this.directory = directory;
        this.storage = storage;
        this.axes = axes;
    }

    /**
     * Opens a dataset nobody writes any more. One whose writer never finished (killed, crashed, disk full) opens
     * with every image whose index entry was written whole: its index is trimmed first (see
     * {@link NdTiffIndexRecovery}).
     *
     * @throws IOException if {@code datasetDir} is not a readable NDTiff dataset (the message says what was found)
     */
    public static NdTiffDatasetReader open(Path datasetDir) throws IOException {
        Path dir = datasetDir.toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            throw new IOException("No NDTiff dataset at " + dir + ": not a folder");
        }
        boolean hasIndex;
        try (java.util.stream.Stream<Path> s = Files.walk(dir, 2)) {
            hasIndex = s.anyMatch(p -> p.getFileName().toString().equals("NDTiff.index"));
        }
        if (!hasIndex) {
            throw new IOException("No NDTiff dataset at " + dir + ": no NDTiff.index file (an empty recording,"
                    + " or not an NDTiff folder)");
        }
        recoverUnfinished(dir);
        NDTiffStorage storage;
        try {
            storage = new NDTiffStorage(dir.toString());
        } catch (IOException | RuntimeException e) {
            throw new IOException("Could not open the NDTiff dataset at " + dir + ": " + e, e);
        }
        List<Map<String, Integer>> all = new ArrayList<>();
        for (HashMap<String, Object> a : storage.getAxesSet()) {
            Map<String, Integer> m = new TreeMap<>();
            for (Map.Entry<String, Object> e : a.entrySet()) {
                if (!(e.getValue() instanceof Integer)) {
                    storage.close();
                    throw new IOException("Dataset " + dir + " has a non-integer axis position " + e
                            + "; only integer axes are supported");
                }
                m.put(e.getKey(), (Integer) e.getValue());
            }
            all.add(Collections.unmodifiableMap(m));
        }
        all.sort(AXES_ORDER);
        return new NdTiffDatasetReader(dir, storage, Collections.unmodifiableList(all));
    }

    /**
     * Trims the index of a dataset whose writer never finished (killed, crashed, disk full) after its last whole
     * entry, so that it opens with every image written before ({@link NdTiffIndexRecovery}).
     */
    private static void recoverUnfinished(Path dir) throws IOException {
        List<Path> indexFolders = new ArrayList<>();
        try (java.util.stream.Stream<Path> s = Files.walk(dir, 2)) {
            s.filter(p -> p.getFileName().toString().equals(NdTiffIndexRecovery.INDEX))
                    .forEach(p -> indexFolders.add(p.getParent()));
        }
        for (Path folder : indexFolders) {
            long before = Files.size(folder.resolve(NdTiffIndexRecovery.INDEX));
            int entries;
            try {
                entries = NdTiffIndexRecovery.trim(folder);
            } catch (IOException e) {
                throw new IOException("The NDTiff dataset at " + folder + " was not finished (its writer was"
                        + " stopped) and its index could not be trimmed to its whole entries: " + e.getMessage()
                        + ". Make the folder writable and open it again", e);
            }
            if (Files.size(folder.resolve(NdTiffIndexRecovery.INDEX)) < before) {
                LOG.info("The NDTiff dataset at {} was not finished (its writer was stopped); its index was trimmed"
                        + " to its {} whole entries, so it opens with every image written before", folder, entries);
            }
        }
    }

    private static final Comparator<Map<String, Integer>> AXES_ORDER = (x, y) -> {
        Iterator<Map.Entry<String, Integer>> i = x.entrySet().iterator();
        Iterator<Map.Entry<String, Integer>> j = y.entrySet().iterator();
        while (i.hasNext() && j.hasNext()) {
            Map.Entry<String, Integer> a = i.next();
            Map.Entry<String, Integer> b = j.next();
            int c = a.getKey().compareTo(b.getKey());
            if (c != 0) {
                return c;
            }
            c = Integer.compare(a.getValue(), b.getValue());
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(i.hasNext(), j.hasNext());
    };

    public Path directory() {
        return directory;
    }

    /** Number of images. */
    public int size() {
        return axes.size();
    }

    /** Every image's axes, sorted by axis name then position (a time series comes out in time order). */
    public List<Map<String, Integer>> axes() {
        return axes;
    }

    /** The dataset's summary metadata as strings (numbers and nested objects in their JSON text). */
    public Map<String, String> summaryMetadata() {
        JSONObject s = storage.getSummaryMetadata();
        Map<String, String> out = new LinkedHashMap<>();
        if (s != null) {
            Iterator<String> keys = s.keys();
            while (keys.hasNext()) {
                String k = keys.next();
                out.put(k, String.valueOf(s.opt(k)));
            }
        }
        return out;
    }

    /** Reads image {@code index} along {@code axis} (e.g. {@code ("time", 3)} or {@code ("z", 0)}). */
    public RecordedFrame read(String axis, int index) throws IOException {
        Map<String, Integer> a = new TreeMap<>();
        a.put(axis, index);
        return read(a);
    }

    /**
     * Reads the image at {@code imageAxes}.
     *
     * @throws IOException if there is no such image (the message lists how many there are), or it cannot be read
     */
    public RecordedFrame read(Map<String, Integer> imageAxes) throws IOException {
        HashMap<String, Object> key = new HashMap<>(imageAxes);
        if (!storage.hasImage(key)) {
            throw new IOException("Dataset " + directory + " has no image at " + imageAxes + "; it holds "
                    + axes.size() + " image(s)" + (axes.isEmpty() ? "" : ", from " + axes.get(0) + " to "
                    + axes.get(axes.size() - 1)));
        }
        TaggedImage img;
        try {
            img = storage.getImage(key);
        } catch (RuntimeException e) {
            throw new IOException("Could not read image " + imageAxes + " of " + directory + ": " + e, e);
        }
        JSONObject md = img.tags == null ? new JSONObject() : img.tags;
        PixelType type;
        if (img.pix instanceof byte[]) {
            type = PixelType.GRAY8;
        } else if (img.pix instanceof short[]) {
            type = PixelType.GRAY16;
        } else {
            throw new IOException("Image " + imageAxes + " of " + directory + " has unsupported pixels "
                    + (img.pix == null ? "null" : img.pix.getClass().getSimpleName()) + " (RGB?); Reflex reads"
                    + " 8- and 16-bit grey images");
        }
        int n = java.lang.reflect.Array.getLength(img.pix);
        int width = md.optInt(MicroManagerKeys.WIDTH, 0);
        int height = md.optInt(MicroManagerKeys.HEIGHT, 0);
        if (width <= 0 || height <= 0 || (long) width * height != n) {
            org.micromanager.ndtiffstorage.EssentialImageMetadata e = storage.getEssentialImageMetadata(key);
            width = e.width;
            height = e.height;
        }
        Frame frame = Frame.wrap(FrameFormat.of(width, height, type), img.pix, metadata(md));
        return new RecordedFrame(frame, imageAxes, md.optLong(MicroManagerKeys.SEQUENCE, -1),
                md.optLong(MicroManagerKeys.CAMERA_NANOS, 0), md.optLong(MicroManagerKeys.PUBLISHED_NANOS, 0));
    }

    /**
     * The metadata of the image at {@code imageAxes}, read without its pixels (so a whole dataset's metadata can be
     * scanned without reading its images).
     *
     * @throws IOException if there is no such image, or its metadata cannot be read
     */
    public FrameMetadata readMetadata(Map<String, Integer> imageAxes) throws IOException {
        HashMap<String, Object> key = new HashMap<>(imageAxes);
        if (!storage.hasImage(key)) {
            throw new IOException("Dataset " + directory + " has no image at " + imageAxes + "; it holds "
                    + axes.size() + " image(s)");
        }
        JSONObject md;
        try {
            md = storage.getImageMetadata(key);
        } catch (RuntimeException e) {
            throw new IOException("Could not read the metadata of image " + imageAxes + " of " + directory + ": "
                    + e, e);
        }
        return metadata(md == null ? new JSONObject() : md);
    }

    /**
     * The width and height of the image at {@code imageAxes}, {@code {width, height}}, from its index entry (its
     * pixels and metadata are not read).
     *
     * @throws IOException if there is no such image
     */
    public int[] imageSize(Map<String, Integer> imageAxes) throws IOException {
        HashMap<String, Object> key = new HashMap<>(imageAxes);
        if (!storage.hasImage(key)) {
            throw new IOException("Dataset " + directory + " has no image at " + imageAxes);
        }
        org.micromanager.ndtiffstorage.EssentialImageMetadata e = storage.getEssentialImageMetadata(key);
        return new int[] {e.width, e.height};
    }

    /** Reads every image, in {@link #axes()} order (all of them are held in memory). */
    public List<RecordedFrame> readAll() throws IOException {
        List<RecordedFrame> out = new ArrayList<>(axes.size());
        for (Map<String, Integer> a : axes) {
            out.add(read(a));
        }
        return out;
    }

    private static FrameMetadata metadata(JSONObject md) throws IOException {
        FrameMetadata.Builder b = FrameMetadata.builder()
                .optImageNumber(md.optLong(MicroManagerKeys.IMAGE_NUMBER, 0))
                .optCameraTimeMs(md.optDouble(MicroManagerKeys.ELAPSED_TIME_MS, Double.NaN))
                .optExposureMs(md.optDouble(MicroManagerKeys.EXPOSURE_MS, Double.NaN))
                .optStage(md.optDouble(MicroManagerKeys.X_POSITION_UM, Double.NaN),
                        md.optDouble(MicroManagerKeys.Y_POSITION_UM, Double.NaN),
                        md.optDouble(MicroManagerKeys.Z_POSITION_UM, Double.NaN))
                .optPixelSizeUm(md.optDouble(MicroManagerKeys.PIXEL_SIZE_UM, Double.NaN))
                .optBinning(md.optInt(MicroManagerKeys.BINNING, 1))
                .optRoiOffset(md.optInt(MicroManagerKeys.ROI_X, 0), md.optInt(MicroManagerKeys.ROI_Y, 0))
                .optChannel(md.optString(MicroManagerKeys.CHANNEL, ""))
                .optObjective(md.optString(MicroManagerKeys.OBJECTIVE, ""));
        JSONObject tags = md.optJSONObject(MicroManagerKeys.TAGS);
        if (tags != null) {
            Iterator<String> keys = tags.keys();
            while (keys.hasNext()) {
                String k = keys.next();
                try {
                    b.optTag(k, tags.getString(k));
                } catch (JSONException e) {
                    throw new IOException("Tag '" + k + "' is not a string: " + e, e);
                }
            }
        }
        return b.build();
    }

    @Override
    public void close() {
        storage.close();
    }
}
