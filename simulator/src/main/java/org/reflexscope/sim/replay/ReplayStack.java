package org.reflexscope.sim.replay;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.plugin.FileInfoVirtualStack;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.xml.parsers.DocumentBuilderFactory;
import org.reflexscope.core.frame.PixelType;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Recorded data as a virtual sample: {@code t × z} planes of {@code width × height} grey values,
 * with pixel size, z step, frame interval and, where the recording states them, each time point's own time.
 * Immutable (planes are never modified after construction).
 *
 * <p>{@link #open(Path)} reads a TIFF stack with ImageJ (a virtual stack, headless: a plane is read from the file
 * when it is asked for and the last few are kept, so the file may be larger than the heap): an ImageJ hyperstack's
 * slices and frames, or an OME-TIFF whose OME-XML {@code Pixels} element gives the dimension order, sizes, physical
 * pixel size, z step and time increment; a plain multi-page TIFF is a time series unless its ImageJ description
 * says slices (or the caller says otherwise, {@link StackAxis}); one channel is replayed (the caller's choice,
 * default 0). A file shorter than its headers, NaN, negative values and normalised (0..1) float data are refused;
 * signed 16-bit data is read back to its values. 8-bit data replays as GRAY8,
 * 16-bit as GRAY16; 32-bit data is rounded and clamped into GRAY16. {@link TiffFileChecks} refuses the files
 * ImageJ would misread, {@link CalibrationUnits} converts their calibration.
 *
 * <p><b>Why one class.</b> Every way in (planes in memory, an ImageJ hyperstack, an OME-TIFF, a series of files)
 * must yield the same immutable stack under the same value and calibration checks, and the two plane stores (in
 * memory, read from the file on demand) are private to it; the checks on the file and the unit conversions are
 * already apart.
 */
public final class ReplayStack {
    private final int width;
    private final int height;
    private final int timePoints;
    private final int zPlanes;
    private final Planes planes;
    private final double pixelSizeUm;
    private final double zStepUm;
    private final double frameIntervalMs;
    private final PixelType pixelType;
    private boolean pixelSizeKnown = true;
    private double[] timePointTimesMs;

    private ReplayStack(int width, int height, int timePoints, int zPlanes, Planes planes, double pixelSizeUm,
            double zStepUm, double frameIntervalMs, PixelType pixelType) {
        this.width = width;
        this.height = height;
        this.timePoints = timePoints;
        this.zPlanes = zPlanes;
        this.planes = planes;
        this.pixelSizeUm = pixelSizeUm;
        this.zStepUm = zStepUm;
        this.frameIntervalMs = frameIntervalMs;
        this.pixelType = pixelType;
    }

    /**
     * A stack from planes given in memory, {@code planes[t * zPlanes + z]} each of {@code width × height} values
     * (copied).
     *
     * @param frameIntervalMs time between time points; {@code NaN} lets the microscope's frame interval decide
     * @throws IllegalArgumentException if the sizes do not match or a calibration is not positive
     */
    public static ReplayStack of(int width, int height, int timePoints, int zPlanes, float[][] planes,
            double pixelSizeUm, double zStepUm, double frameIntervalMs, PixelType pixelType) {
        float[][] copy = new float[planes.length][];
        for (int i = 0; i < planes.length; i++) {
            if (planes[i].length != width * height) {
                throw new IllegalArgumentException("Plane " + i + " has " + planes[i].length + " values, expected "
                        + width * height);
            }
            copy[i] = planes[i].clone();
        }
        return of(width, height, timePoints, zPlanes, new MemoryPlanes(copy), pixelSizeUm, zStepUm, frameIntervalMs,
                pixelType);
    }

    /**
     * A stack whose planes are read when asked for: {@code reader.apply(t * zPlanes + z)} returns plane
     * {@code (t, z)}'s {@code width × height} values, row by row, as a new array; the last few are kept, so the
     * stack may be larger than the heap. The reader is called from one thread at a time.
     *
     * @param frameIntervalMs time between time points; {@code NaN} lets the microscope's frame interval decide
     * @throws IllegalArgumentException if a size or a calibration is not positive; a plane of the wrong size is
     *     refused with {@link ReplayException} when it is read
     */
    public static ReplayStack streamed(int width, int height, int timePoints, int zPlanes,
            java.util.function.IntFunction<float[]> reader, double pixelSizeUm, double zStepUm,
            double frameIntervalMs, PixelType pixelType) {
        Objects.requireNonNull(reader, "reader");
        java.util.function.IntFunction<float[]> checked = i -> {
            float[] p = reader.apply(i);
            if (p == null || p.length != width * height) {
                throw new ReplayException("Plane " + i + " has " + (p == null ? 0 : p.length) + " values, expected "
                        + width * height + " (" + width + "x" + height + ")");
            }
            return p;
        };
        return of(width, height, timePoints, zPlanes, new FilePlanes(timePoints * zPlanes, checked), pixelSizeUm,
                zStepUm, frameIntervalMs, pixelType);
    }

    private static ReplayStack of(int width, int height, int timePoints, int zPlanes, Planes planes,
            double pixelSizeUm, double zStepUm, double frameIntervalMs, PixelType pixelType) {
        if (width <= 0 || height <= 0 || timePoints <= 0 || zPlanes <= 0) {
            throw new IllegalArgumentException("Replay data needs positive sizes, got " + width + "x" + height
                    + ", " + timePoints + " time points, " + zPlanes + " z planes");
        }
        if (planes.count() != timePoints * zPlanes) {
            throw new IllegalArgumentException("Expected " + timePoints * zPlanes + " planes (t × z), got "
                    + planes.count());
        }
        if (!(pixelSizeUm > 0) || !(zStepUm > 0)) {
            throw new IllegalArgumentException("Pixel size and z step must be > 0 µm, got " + pixelSizeUm + " and "
                    + zStepUm);
        }
        if (pixelType == PixelType.GRAY32F) {
            throw new IllegalArgumentException("Replay delivers GRAY8 or GRAY16 like a camera; convert float data");
        }
        return new ReplayStack(width, height, timePoints, zPlanes, planes, pixelSizeUm, zStepUm, frameIntervalMs,
                Objects.requireNonNull(pixelType, "pixelType"));
    }

    /**
     * This stack with each time point's recorded time ({@code ms[t]}, in ms from any origin), so that a replay
     * shows time point {@code t} at {@code ms[t] - ms[0]}: a recording whose frames were not evenly spaced (an
     * adaptive frame rate, dropped frames) replays with its own intervals. Times that are not finite or not
     * strictly increasing are not per-frame times: the stack is returned unchanged.
     *
     * @throws IllegalArgumentException if {@code ms} does not have one entry per time point
     */
    public ReplayStack withTimePointTimesMs(double[] ms) {
        if (ms.length != timePoints) {
            throw new IllegalArgumentException("Expected " + timePoints + " time point times, got " + ms.length);
        }
        if (timePoints < 2) {
            return this;
        }
        double[] relative = new double[ms.length];
        for (int t = 0; t < ms.length; t++) {
            relative[t] = ms[t] - ms[0];
            if (!Double.isFinite(relative[t]) || (t > 0 && !(relative[t] > relative[t - 1]))) {
                return this;
            }
        }
        ReplayStack r = new ReplayStack(width, height, timePoints, zPlanes, planes, pixelSizeUm, zStepUm,
                relative[timePoints - 1] / (timePoints - 1), pixelType);
        r.pixelSizeKnown = pixelSizeKnown;
        r.timePointTimesMs = relative;
        return r;
    }

    /**
     * Reads a TIFF, ImageJ hyperstack or OME-TIFF file.
     *
     * @throws ReplayException if the file is missing or not a readable TIFF (the message says which)
     */
    public static ReplayStack open(Path file) {
        return open(file, StackAxis.FROM_METADATA, 0);
    }

    /**
     * A time series of single-plane TIFF files (one time point each, in the order given, e.g. a folder of
     * {@code T00000.tif, T00001.tif, ...} in {@link TiffSeries#inFolder(Path) natural order}), each read and
     * checked as {@link #open(Path)} does. The planes are streamed like a file's: each file is read again when its
     * plane is asked for and the last few are kept, so the series may be larger than the heap.
     *
     * @throws ReplayException if there are no files, a file is unreadable or holds several planes, or the files
     *     differ in size or bit depth (the message names both files and what to do)
     */
    public static ReplayStack openSeries(java.util.List<Path> files) {
        if (files.isEmpty()) {
            throw new ReplayException("No TIFF files to replay as a time series");
        }
        java.util.List<java.util.function.IntFunction<float[]>> readers = new java.util.ArrayList<>(files.size());
        ReplayStack first = null;
        for (int t = 0; t < files.size(); t++) {
            ReplayStack one = open(files.get(t), StackAxis.TIME, 0);
            if (one.timePoints() * one.zPlanes() != 1) {
                throw new ReplayException(files.get(t) + " holds " + one.timePoints() * one.zPlanes() + " planes; a "
                        + "time series of files needs one plane per file: replay that file on its own, or keep "
                        + "only single-plane files in the folder");
            }
            if (first == null) {
                first = one;
            } else if (one.width != first.width || one.height != first.height || one.pixelType != first.pixelType) {
                throw new ReplayException(files.get(t) + " is " + one.width + "x" + one.height + " " + one.pixelType
                        + " but " + files.get(0) + " is " + first.width + "x" + first.height + " " + first.pixelType
                        + "; a time series needs one size and bit depth: move the odd file out of the folder");
            }
            // keep only how to read the plane again, not the plane the value checks just read
            readers.add(((FilePlanes) one.planes).reader);
        }
        ReplayStack r = new ReplayStack(first.width, first.height, files.size(), 1,
                new FilePlanes(readers.size(), i -> readers.get(i).apply(0)), first.pixelSizeUm, first.zStepUm,
                Double.NaN, first.pixelType);
        r.pixelSizeKnown = first.pixelSizeKnown;
        return r;
    }

    /** What the planes of a TIFF without hyperstack or OME metadata are. */
    public enum StackAxis {
        /** As the file's metadata says; a plain multi-page TIFF is a time series (a camera's recording). */
        FROM_METADATA,
        /** The planes are time points. */
        TIME,
        /** The planes are focal planes of one time point. */
        Z
    }

    /**
     * Reads a TIFF, ImageJ hyperstack or OME-TIFF file, its planes read as {@code axis} says where the file has no
     * time/Z metadata (a single-dimension stack), channel {@code channel} of a multi-channel file.
     *
     * @throws ReplayException if the file is missing, truncated, not a readable TIFF, holds NaN, negative or
     *     normalised (0..1) float values, or has no channel {@code channel} (the message says which and what to do)
     */
    public static ReplayStack open(Path file, StackAxis axis, int channel) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(axis, "axis");
        if (!Files.isRegularFile(file)) {
            throw new ReplayException("Replay file " + file.toAbsolutePath() + " does not exist or is not a file");
        }
        Path abs = file.toAbsolutePath();
        String dir = abs.getParent().toString() + java.io.File.separator;
        TiffFileChecks.checkLayout(abs);
        // a virtual stack: ImageJ reads each plane from the file when it is asked for, so a recording larger than
        // the heap replays
        ImagePlus imp = FileInfoVirtualStack.openVirtual(abs.toString());
        if (imp == null) {
            throw new ReplayException("Cannot read " + abs + " as a TIFF stack (ImageJ's reader refused it): it is "
                    + "not a TIFF, or a kind ImageJ does not read; open it in Fiji (Bio-Formats) and save it with "
                    + "File > Save As > Tiff..., 8- or 16-bit grey");
        }
        if (imp.getBitDepth() == 24) {
            throw new ReplayException(abs + " is an RGB image; replay needs grey 8- or 16-bit data");
        }
        TiffFileChecks.checkComplete(abs);
        if (channel < 0 || channel >= imp.getNChannels()) {
            throw new ReplayException(abs + " has " + imp.getNChannels() + " channel(s); there is no channel " + channel
                    + " (channels count from 0)");
        }
        FileInfo fi = imp.getOriginalFileInfo();
        String description = fi != null && fi.description != null ? fi.description : "";
        Object info = imp.getProperty("Info");
        if (!description.contains("<OME") && info instanceof String && ((String) info).contains("<OME")) {
            description = (String) info;
        }
        ReplayStack r = description.contains("<OME") ? fromOme(imp, description, abs, channel)
                : fromImageJ(imp, axis, channel);
        r.checkValues(abs, imp.getBitDepth() == 32);
        return r;
    }

    /** Refuses values a camera cannot deliver: NaN, negative, or all of a float image within 0..1 (normalised). */
    private void checkValues(Path file, boolean floatData) {
        boolean fraction = floatData;
        float max = 0;
        for (int i = 0; i < planes.count(); i++) {
            float[] p = planes.get(i);
            for (int k = 0; k < p.length; k++) {
                float v = p[k];
                if (v != v) {
                    throw new ReplayException(file + " holds NaN at pixel " + k % width + "," + k / width + " of plane "
                            + i + ": replay needs camera counts; replace NaN (Process > Math > Remove NaNs in Fiji)");
                }
                if (v < 0) {
                    throw new ReplayException(file + " holds the negative value " + v + " at pixel " + k % width + ","
                            + k / width + " of plane " + i + ": replay needs camera counts (0 or more); it is not "
                            + "raw camera data (background-subtracted or signed)");
                }
                max = Math.max(max, v);
                fraction &= v <= 1;
            }
        }
        if (fraction && max > 0) {
            throw new ReplayException(file + " is a float image with every value in 0..1 (normalised data): replay "
                    + "needs camera counts; replay the raw recording, or scale it to counts and save as 16-bit");
        }
    }

    private static ReplayStack fromImageJ(ImagePlus imp, StackAxis axis, int channel) {
        int nz = imp.getNSlices();
        int nt = imp.getNFrames();
        boolean plain = !imp.isHyperStack() && (nz == 1 || nt == 1) && imp.getNChannels() == 1;
        if (plain && nz * nt > 1) {
            boolean asTime = axis == StackAxis.TIME
                    || (axis == StackAxis.FROM_METADATA && !describesZ(imp));
            int n = nz * nt;
            nt = asTime ? n : 1;
            nz = asTime ? 1 : n;
        }
        int[] indices = new int[nt * nz];
        for (int t = 0; t < nt; t++) {
            for (int z = 0; z < nz; z++) {
                indices[t * nz + z] = plain ? t * nz + z + 1 : imp.getStackIndex(channel + 1, z + 1, t + 1);
            }
        }
        ImageStack stack = imp.getStack();
        boolean signed16 = imp.getCalibration().isSigned16Bit();
        Planes planes = new FilePlanes(indices.length, i -> toFloats(stack, indices[i], signed16));
        ij.measure.Calibration cal = imp.getCalibration();
        double pixel = CalibrationUnits.micrometres(cal.pixelWidth, cal.getUnit());
        double dz = CalibrationUnits.micrometres(cal.pixelDepth, cal.getUnit());
        double interval = cal.frameInterval > 0 ? CalibrationUnits.milliseconds(cal.frameInterval, cal.getTimeUnit())
                : Double.NaN;
        ReplayStack r = of(imp.getWidth(), imp.getHeight(), nt, nz, planes, pixel > 0 ? pixel : 1.0,
                dz > 0 ? dz : 1.0, interval, type(imp));
        r.pixelSizeKnown = pixel > 0;
        return r;
    }

    /** Whether an ImageJ file's description says its planes are slices (z) rather than frames. */
    private static boolean describesZ(ImagePlus imp) {
        FileInfo fi = imp.getOriginalFileInfo();
        String d = fi != null && fi.description != null ? fi.description : "";
        return d.contains("slices=") && !d.contains("frames=") || imp.getCalibration().pixelDepth != 1.0;
    }

    private static ReplayStack fromOme(ImagePlus imp, String xml, Path file, int channel) {
        Element pixels;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setExpandEntityReferences(false);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
            NodeList list = doc.getElementsByTagNameNS("*", "Pixels");
            if (list.getLength() == 0) {
                throw new ReplayException("The OME-XML of " + file + " has no Pixels element");
            }
            pixels = (Element) list.item(0);
        } catch (ReplayException e) {
            throw e;
        } catch (Exception e) {
            throw new ReplayException("Cannot parse the OME-XML of " + file + ": " + e.getMessage(), e);
        }
        String order = pixels.getAttribute("DimensionOrder");
        int nz = intAttr(pixels, "SizeZ", 1);
        int nc = intAttr(pixels, "SizeC", 1);
        int nt = intAttr(pixels, "SizeT", 1);
        ImageStack stack = imp.getStack();
        if (stack.getSize() != nz * nc * nt) {
            throw new ReplayException(file + " holds " + stack.getSize() + " planes but its OME-XML says SizeZ=" + nz
                    + " SizeC=" + nc + " SizeT=" + nt);
        }
        if (order.length() != 5 || !order.startsWith("XY")) {
            throw new ReplayException("Unsupported OME DimensionOrder '" + order + "' in " + file
                    + "; expected one of XYZCT, XYZTC, XYCZT, XYCTZ, XYTZC, XYTCZ");
        }
        int[] indices = new int[nt * nz];
        for (int t = 0; t < nt; t++) {
            for (int z = 0; z < nz; z++) {
                int index = 0;
                int stride = 1;
                for (int k = 2; k < 5; k++) {
                    char d = order.charAt(k);
                    int size = d == 'Z' ? nz : d == 'C' ? nc : nt;
                    int value = d == 'Z' ? z : d == 'C' ? channel : t;
                    index += value * stride;
                    stride *= size;
                }
                indices[t * nz + z] = index + 1;
            }
        }
        Planes planes = new FilePlanes(indices.length, i -> toFloats(stack, indices[i], false));
        double pixel = doubleAttr(pixels, "PhysicalSizeX", 1.0);
        double dz = doubleAttr(pixels, "PhysicalSizeZ", 1.0);
        double interval = doubleAttr(pixels, "TimeIncrement", Double.NaN);
        String timeUnit = pixels.getAttribute("TimeIncrementUnit");
        if (!Double.isNaN(interval)) {
            interval = CalibrationUnits.milliseconds(interval, timeUnit.isEmpty() ? "s" : timeUnit);
        }
        return of(imp.getWidth(), imp.getHeight(), nt, nz, planes, pixel, dz, interval, type(imp))
                .withTimePointTimesMs(planeTimesMs(pixels, nt, channel));
    }

    /**
     * Each time point's {@code DeltaT} from the OME {@code Plane} elements of its first z plane in {@code channel}
     * ({@code NaN} where a plane states none, which leaves the stack evenly spaced).
     */
    private static double[] planeTimesMs(Element pixels, int nt, int channel) {
        double[] ms = new double[nt];
        java.util.Arrays.fill(ms, Double.NaN);
        NodeList planes = pixels.getElementsByTagNameNS("*", "Plane");
        for (int i = 0; i < planes.getLength(); i++) {
            Element p = (Element) planes.item(i);
            int t = intAttr(p, "TheT", 0);
            if (intAttr(p, "TheZ", 0) == 0 && intAttr(p, "TheC", 0) == channel && t >= 0 && t < nt
                    && !p.getAttribute("DeltaT").isEmpty()) {
                String unit = p.getAttribute("DeltaTUnit");
                ms[t] = CalibrationUnits.milliseconds(doubleAttr(p, "DeltaT", Double.NaN),
                        unit.isEmpty() ? "s" : unit);
            }
        }
        return ms;
    }

    private static int intAttr(Element e, String name, int fallback) {
        String v = e.getAttribute(name);
        return v.isEmpty() ? fallback : Integer.parseInt(v.trim());
    }

    private static double doubleAttr(Element e, String name, double fallback) {
        String v = e.getAttribute(name);
        return v.isEmpty() ? fallback : Double.parseDouble(v.trim());
    }

    private static PixelType type(ImagePlus imp) {
        return imp.getBitDepth() == 8 ? PixelType.GRAY8 : PixelType.GRAY16;
    }

    /** Plane {@code index} (1-based) as floats; signed 16-bit data (stored +32768 by ImageJ) back to its values. */
    private static float[] toFloats(ImageStack stack, int index, boolean signed16) {
        Object p = stack.getPixels(index);
        int n = stack.getWidth() * stack.getHeight();
        float[] out = new float[n];
        if (p instanceof byte[]) {
            byte[] b = (byte[]) p;
            for (int i = 0; i < n; i++) {
                out[i] = b[i] & 0xFF;
            }
        } else if (p instanceof short[]) {
            short[] s = (short[]) p;
            int shift = signed16 ? 32768 : 0;
            for (int i = 0; i < n; i++) {
                out[i] = (s[i] & 0xFFFF) - shift;
            }
        } else if (p instanceof float[]) {
            System.arraycopy((float[]) p, 0, out, 0, n);
        } else {
            throw new ReplayException("Unsupported pixel array " + (p == null ? "null" : p.getClass().getSimpleName())
                    + "; replay needs 8-, 16- or 32-bit grey data");
        }
        return out;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int timePoints() {
        return timePoints;
    }

    public int zPlanes() {
        return zPlanes;
    }

    /** Plane {@code (t, z)}'s values; do not modify. */
    float[] plane(int t, int z) {
        return planes.get(t * zPlanes + z);
    }

    /** A copy of plane {@code (t, z)}'s values, row by row. */
    public float[] copyPlane(int t, int z) {
        if (t < 0 || t >= timePoints || z < 0 || z >= zPlanes) {
            throw new IndexOutOfBoundsException("Plane (t " + t + ", z " + z + ") is outside " + timePoints
                    + " time points x " + zPlanes + " planes");
        }
        return planes.get(t * zPlanes + z).clone();
    }

    public double pixelSizeUm() {
        return pixelSizeUm;
    }

    /**
     * Whether the file states its pixel size in a length unit; if not, {@link #pixelSizeUm()} is 1 and sizes in µm
     * mean pixels.
     */
    public boolean pixelSizeKnown() {
        return pixelSizeKnown;
    }

    public double zStepUm() {
        return zStepUm;
    }

    /**
     * Each time point's recorded time in ms from the first (0 first, strictly increasing), or {@code null} if the
     * recording states no per-frame times (then {@link #frameIntervalMs()} spaces them evenly).
     */
    public double[] timePointTimesMs() {
        return timePointTimesMs == null ? null : timePointTimesMs.clone();
    }

    /**
     * Time between time points (their mean, where per-frame times are known), ms, or {@code NaN} if the file does
     * not say.
     */
    public double frameIntervalMs() {
        return frameIntervalMs;
    }

    public PixelType pixelType() {
        return pixelType;
    }

    /** The planes of a stack, plane {@code t * zPlanes + z} at index {@code t * zPlanes + z}; do not modify them. */
    private interface Planes {
        int count();

        float[] get(int i);
    }

    /** Planes held in memory. */
    private static final class MemoryPlanes implements Planes {
        private final float[][] planes;

        MemoryPlanes(float[][] planes) {
            this.planes = planes;
        }

        @Override
        public int count() {
            return planes.length;
        }

        @Override
        public float[] get(int i) {
            return planes[i];
        }
    }

    /**
     * Planes read from files when asked for (an ImageJ virtual stack's planes, or one file per plane), converted to
     * floats; the last {@value #CACHED} are kept, so a replay that blends neighbouring Z planes or repeats a time
     * point does not read them again. Thread-safe (renderer copies share the planes).
     */
    private static final class FilePlanes implements Planes {
        private static final int CACHED = 4;
        private final int count;
        /** Reads plane {@code i} from its file, uncached. */
        private final java.util.function.IntFunction<float[]> reader;
        private final java.util.LinkedHashMap<Integer, float[]> cache =
                new java.util.LinkedHashMap<Integer, float[]>(8, 0.75f, true) {
                    private static final long serialVersionUID = 1L;

                    @Override
                    protected boolean removeEldestEntry(java.util.Map.Entry<Integer, float[]> eldest) {
                        return size() > CACHED;
                    }
                };

        FilePlanes(int count, java.util.function.IntFunction<float[]> reader) {
            this.count = count;
            this.reader = reader;
        }

        @Override
        public int count() {
            return count;
        }

        @Override
        public synchronized float[] get(int i) {
            float[] p = cache.get(i);
            if (p == null) {
                p = reader.apply(i);
                cache.put(i, p);
            }
            return p;
        }
    }

    @Override
    public String toString() {
        return "ReplayStack{" + width + "x" + height + ", t=" + timePoints + ", z=" + zPlanes + ", " + pixelSizeUm
                + " µm/px, dz=" + zStepUm + " µm, " + pixelType + '}';
    }
}
