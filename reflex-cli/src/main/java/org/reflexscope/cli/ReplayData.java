package org.reflexscope.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.reflexscope.cli.input.UserInputException;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.record.NdTiffDatasetReader;
import org.reflexscope.core.record.RecordedFrame;
import org.reflexscope.sim.replay.ReplayException;
import org.reflexscope.sim.replay.ReplayStack;
import org.reflexscope.sim.replay.TiffSeries;

/**
 * Opens a recorded dataset as a {@link ReplayStack}: a TIFF or OME-TIFF file (read by the simulator with ImageJ),
 * an NDTiff dataset folder (read with NDTiffStorage), a Reflex run folder (its {@code recording/}), or a folder of
 * single-plane TIFF files (a time series in natural order of
 * their names, streamed). An NDTiff dataset's time points keep the camera times of
 * their first planes, an OME-TIFF's the {@code DeltaT} of its planes, so uneven intervals replay as recorded.
 */
final class ReplayData {
    private ReplayData() {
    }

    /** @throws UserInputException if the path is missing, of an unknown kind, or unreadable (saying which) */
    static ReplayStack open(Path path) throws UserInputException {
        return open(path, ReplayStack.StackAxis.FROM_METADATA, 0);
    }

    /**
     * As {@link #open(Path)}, a TIFF's planes read as {@code axis} says where it has no time/Z metadata, and its
     * channel {@code channel}.
     */
    static ReplayStack open(Path path, ReplayStack.StackAxis axis, int channel) throws UserInputException {
        if (!Files.exists(path)) {
            throw new UserInputException("Dataset " + path + " does not exist: give a .tif/.ome.tif file, an NDTiff "
                    + "folder or a Reflex run folder");
        }
        try {
            if (Files.isDirectory(path)) {
                Path dataset = Files.isDirectory(path.resolve("recording")) ? path.resolve("recording") : path;
                if (!Files.exists(dataset.resolve("NDTiff.index"))) {
                    List<Path> tiffs = TiffSeries.inFolder(dataset);
                    if (!tiffs.isEmpty()) {
                        return ReplayStack.openSeries(tiffs);
                    }
                }
                return ndtiff(dataset);
            }
            String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".tif") || n.endsWith(".tiff")) {
                return ReplayStack.open(path, axis, channel);
            }
        } catch (ReplayException | IllegalArgumentException e) {
            throw new UserInputException("Cannot replay " + path + ": " + e.getMessage(), e);
        }
        throw new UserInputException("Cannot replay " + path + ": expected a .tif/.tiff/.ome.tif file, an NDTiff "
                + "folder or a Reflex run folder");
    }

    /**
     * An NDTiff dataset as a streamed stack: the metadata of every image is scanned at open (sizes, times, Z), and
     * each plane is read from the dataset when the replay asks for it (the last few kept), so a recording larger
     * than the heap replays. The dataset stays open as long as the stack is used.
     */
    private static ReplayStack ndtiff(Path dir) throws UserInputException {
        NdTiffDatasetReader r = null;
        try {
            r = NdTiffDatasetReader.open(dir);
            ReplayStack s = ndtiff(dir, r);
            return s;
        } catch (IOException e) {
            r = closeQuietly(r);
            throw new UserInputException("Cannot read NDTiff dataset " + dir + ": " + e.getMessage(), e);
        } catch (UserInputException | RuntimeException e) {
            r = closeQuietly(r);
            throw e;
        }
    }

    private static NdTiffDatasetReader closeQuietly(NdTiffDatasetReader r) {
        if (r != null) {
            r.close();
        }
        return null;
    }

    private static ReplayStack ndtiff(Path dir, NdTiffDatasetReader r) throws IOException, UserInputException {
        List<Map<String, Integer>> axes = r.axes();
        if (axes.isEmpty()) {
            throw new UserInputException("NDTiff dataset " + dir + " holds no images");
        }
        TreeSet<Integer> times = new TreeSet<>();
        TreeSet<Integer> zs = new TreeSet<>();
        for (Map<String, Integer> a : axes) {
            times.add(a.getOrDefault("time", 0));
            zs.add(a.getOrDefault("z", 0));
        }
        int nt = times.size();
        int nz = zs.size();
        if ((long) nt * nz != axes.size()) {
            throw new UserInputException("NDTiff dataset " + dir + " is not a complete time × z grid (" + nt
                    + " time points × " + nz + " planes but " + axes.size() + " images); replay needs every "
                    + "plane of every time point");
        }
        List<Map<String, Integer>> keys = new ArrayList<>(nt * nz);
        Integer[] tIndex = times.toArray(new Integer[0]);
        Integer[] zIndex = zs.toArray(new Integer[0]);
        for (int t = 0; t < nt; t++) {
            for (int z = 0; z < nz; z++) {
                keys.add(nz > 1 && axes.get(0).containsKey("time") ? Map.of("time", tIndex[t], "z", zIndex[z])
                        : nz > 1 ? Map.of("z", zIndex[z]) : Map.of("time", tIndex[t]));
            }
        }
        Frame first = r.read(keys.get(0)).frame();
        int w = first.width();
        int h = first.height();
        PixelType type = first.pixelType();
        double px = Double.NaN;
        double firstMs = Double.NaN;
        double lastMs = Double.NaN;
        double[] zUm = new double[nz];
        double[] timeMs = new double[nt];
        for (int t = 0; t < nt; t++) {
            for (int z = 0; z < nz; z++) {
                Map<String, Integer> key = keys.get(t * nz + z);
                int[] size = r.imageSize(key);
                if (size[0] != w || size[1] != h) {
                    throw new UserInputException("NDTiff dataset " + dir + " mixes image sizes (" + w + "x" + h
                            + " and " + size[0] + "x" + size[1] + " at " + key + "); replay needs one size");
                }
                if (t != 0 && z != 0) {
                    continue;
                }
                FrameMetadata m = r.readMetadata(key);
                if (Double.isNaN(px) && m.pixelSizeUm() > 0) {
                    px = m.pixelSizeUm();
                }
                if (t == 0) {
                    zUm[z] = m.stageZUm();
                }
                if (z == 0) {
                    timeMs[t] = m.cameraTimeMs();
                    if (Double.isNaN(firstMs)) {
                        firstMs = m.cameraTimeMs();
                    }
                    lastMs = m.cameraTimeMs();
                }
            }
        }
        double zStep = nz > 1 && Double.isFinite(zUm[1] - zUm[0]) && zUm[1] != zUm[0] ? Math.abs(zUm[1] - zUm[0])
                : 1.0;
        double interval = nt > 1 && Double.isFinite(lastMs - firstMs) && lastMs > firstMs
                ? (lastMs - firstMs) / (nt - 1) : Double.NaN;
        IntFunction<float[]> plane = i -> {
            try {
                return values(r.read(keys.get(i)).frame(), w, h);
            } catch (IOException e) {
                throw new ReplayException("Cannot read plane " + keys.get(i) + " of NDTiff dataset " + dir + ": "
                        + e.getMessage(), e);
            }
        };
        return ReplayStack.streamed(w, h, nt, nz, plane, Double.isNaN(px) ? 1.0 : px, zStep, interval,
                type == PixelType.GRAY8 ? PixelType.GRAY8 : PixelType.GRAY16).withTimePointTimesMs(timeMs);
    }

    private static float[] values(Frame f, int w, int h) {
        if (f.width() != w || f.height() != h) {
            throw new ReplayException("A plane of " + f.width() + "x" + f.height() + " in a " + w + "x" + h
                    + " replay");
        }
        float[] v = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                v[y * w + x] = f.valueAt(x, y);
            }
        }
        return v;
    }
}
