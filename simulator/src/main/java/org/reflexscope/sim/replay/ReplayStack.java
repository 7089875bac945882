package org.reflexscope.sim.replay;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.Opener;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import javax.xml.parsers.DocumentBuilderFactory;
import org.reflexscope.core.frame.PixelType;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Recorded data held in memory as a virtual sample: {@code t × z} planes of {@code width × height} grey values,
 * with pixel size, z step and frame interval. Immutable (planes are never modified after construction).
 *
 * <p>{@link #open(Path)} reads a TIFF stack with ImageJ ({@code ij.io.Opener}, headless): an ImageJ hyperstack's
 * slices and frames, or an OME-TIFF whose OME-XML {@code Pixels} element gives the dimension order, sizes, physical
 * pixel size, z step and time increment. With several channels, channel 0 is used. 8-bit data replays as GRAY8,
 * 16-bit as GRAY16; 32-bit data is rounded and clamped into GRAY16.
 */
public final class ReplayStack {
    private final int width;
    private final int height;
    private final int timePoints;
    private final int zPlanes;
    private final float[][] planes;
    private final double pixelSizeUm;
    private final double zStepUm;
    private final double frameIntervalMs;
    private final PixelType pixelType;
    private boolean pixelSizeKnown = true;

    private ReplayStack(int width, int height, int timePoints, int zPlanes, float[][] planes, double pixelSizeUm,
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
        if (width <= 0 || height <= 0 || timePoints <= 0 || zPlanes <= 0) {
            throw new IllegalArgumentException("Replay data needs positive sizes, got " + width + "x" + height
                    + ", " + timePoints + " time points, " + zPlanes + " z planes");
        }
        if (planes.length != timePoints * zPlanes) {
            throw new IllegalArgumentException("Expected " + timePoints * zPlanes + " planes (t × z), got "
                    + planes.length);
        }
        if (!(pixelSizeUm > 0) || !(zStepUm > 0)) {
            throw new IllegalArgumentException("Pixel size and z step must be > 0 µm, got " + pixelSizeUm + " and "
                    + zStepUm);
        }
        if (pixelType == PixelType.GRAY32F) {
            throw new IllegalArgumentException("Replay delivers GRAY8 or GRAY16 like a camera; convert float data");
        }
        float[][] copy = new float[planes.length][];
        for (int i = 0; i < planes.length; i++) {
            if (planes[i].length != width * height) {
                throw new IllegalArgumentException("Plane " + i + " has " + planes[i].length + " values, expected "
                        + width * height);
            }
            copy[i] = planes[i].clone();
        }
        return new ReplayStack(width, height, timePoints, zPlanes, copy, pixelSizeUm, zStepUm, frameIntervalMs,
                Objects.requireNonNull(pixelType, "pixelType"));
    }

    /**
     * Reads a TIFF, ImageJ hyperstack or OME-TIFF file.
     *
     * @throws ReplayException if the file is missing or not a readable TIFF (the message says which)
     */
    public static ReplayStack open(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new ReplayException("Replay file " + file.toAbsolutePath() + " does not exist or is not a file");
        }
        Path abs = file.toAbsolutePath();
        String dir = abs.getParent().toString() + java.io.File.separator;
        ImagePlus imp = new Opener().openTiff(dir, abs.getFileName().toString());
        if (imp == null) {
            throw new ReplayException("Cannot read " + abs + " as a TIFF stack (ImageJ's reader refused it); "
                    + "save the data as TIFF or OME-TIFF, 8 or 16 bit grey");
        }
        if (imp.getBitDepth() == 24) {
            throw new ReplayException(abs + " is an RGB image; replay needs grey 8- or 16-bit data");
        }
        FileInfo fi = imp.getOriginalFileInfo();
        String description = fi != null && fi.description != null ? fi.description : "";
        Object info = imp.getProperty("Info");
        if (!description.contains("<OME") && info instanceof String && ((String) info).contains("<OME")) {
            description = (String) info;
        }
        return description.contains("<OME") ? fromOme(imp, description, abs) : fromImageJ(imp);
    }

    private static ReplayStack fromImageJ(ImagePlus imp) {
        int nz = imp.getNSlices();
        int nt = imp.getNFrames();
        ImageStack stack = imp.getStack();
        float[][] planes = new float[nt * nz][];
        for (int t = 0; t < nt; t++) {
            for (int z = 0; z < nz; z++) {
                planes[t * nz + z] = toFloats(stack, imp.getStackIndex(1, z + 1, t + 1));
            }
        }
        ij.measure.Calibration cal = imp.getCalibration();
        double pixel = micrometres(cal.pixelWidth, cal.getUnit());
        double dz = micrometres(cal.pixelDepth, cal.getUnit());
        double interval = cal.frameInterval > 0 ? milliseconds(cal.frameInterval, cal.getTimeUnit()) : Double.NaN;
        ReplayStack r = of(imp.getWidth(), imp.getHeight(), nt, nz, planes, pixel > 0 ? pixel : 1.0,
                dz > 0 ? dz : 1.0, interval, type(imp));
        r.pixelSizeKnown = pixel > 0;
        return r;
    }

    private static ReplayStack fromOme(ImagePlus imp, String xml, Path file) {
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
        float[][] planes = new float[nt * nz][];
        for (int t = 0; t < nt; t++) {
            for (int z = 0; z < nz; z++) {
                int index = 0;
                int stride = 1;
                for (int k = 2; k < 5; k++) {
                    char d = order.charAt(k);
                    int size = d == 'Z' ? nz : d == 'C' ? nc : nt;
                    int value = d == 'Z' ? z : d == 'C' ? 0 : t;
                    index += value * stride;
                    stride *= size;
                }
                planes[t * nz + z] = toFloats(stack, index + 1);
            }
        }
        double pixel = doubleAttr(pixels, "PhysicalSizeX", 1.0);
        double dz = doubleAttr(pixels, "PhysicalSizeZ", 1.0);
        double interval = doubleAttr(pixels, "TimeIncrement", Double.NaN);
        String timeUnit = pixels.getAttribute("TimeIncrementUnit");
        if (!Double.isNaN(interval)) {
            interval = milliseconds(interval, timeUnit.isEmpty() ? "s" : timeUnit);
        }
        return of(imp.getWidth(), imp.getHeight(), nt, nz, planes, pixel, dz, interval, type(imp));
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

    private static float[] toFloats(ImageStack stack, int index) {
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
            for (int i = 0; i < n; i++) {
                out[i] = s[i] & 0xFFFF;
            }
        } else if (p instanceof float[]) {
            System.arraycopy((float[]) p, 0, out, 0, n);
        } else {
            throw new ReplayException("Unsupported pixel array " + (p == null ? "null" : p.getClass().getSimpleName())
                    + "; replay needs 8-, 16- or 32-bit grey data");
        }
        return out;
    }

    /**
     * {@code v} in {@code unit} as µm; {@code NaN} for no length unit (ImageJ's "pixel", or none) and for a TIFF's
     * print resolution (inch, cm), which says nothing about the microscope.
     *
     * @throws ReplayException for a unit it does not know
     */
    private static double micrometres(double v, String unit) {
        String u = unit == null ? "" : unit.trim().toLowerCase(Locale.ROOT);
        switch (u) {
            case "":
            case "pixel":
            case "pixels":
                return Double.NaN;
            case "nm":
            case "nanometer":
            case "nanometre":
                return v / 1000.0;
            case "µm":
            case "μm":
            case "um":
            case "micron":
            case "microns":
            case "micrometer":
            case "micrometre":
            case "micrometers":
            case "micrometres":
                return v;
            case "mm":
                return v * 1000.0;
            case "cm":
            case "inch":
            case "inches":
            case "in":
                // a TIFF's print resolution (dots per inch or cm), not a microscope's calibration
                return Double.NaN;
            default:
                throw new ReplayException("Unknown length unit '" + unit + "' in the file's calibration: set the "
                        + "pixel size in µm (Image > Properties in Fiji) and save again");
        }
    }

    private static double milliseconds(double v, String unit) {
        String u = unit == null ? "" : unit.trim().toLowerCase(Locale.ROOT);
        switch (u) {
            case "ms":
                return v;
            case "min":
                return v * 60000.0;
            case "µs":
            case "us":
                return v / 1000.0;
            default:
                return v * 1000.0;
        }
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
        return planes[t * zPlanes + z];
    }

    /** A copy of plane {@code (t, z)}'s values, row by row. */
    public float[] copyPlane(int t, int z) {
        if (t < 0 || t >= timePoints || z < 0 || z >= zPlanes) {
            throw new IndexOutOfBoundsException("Plane (t " + t + ", z " + z + ") is outside " + timePoints
                    + " time points x " + zPlanes + " planes");
        }
        return planes[t * zPlanes + z].clone();
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

    /** Time between time points, ms, or {@code NaN} if the file does not say. */
    public double frameIntervalMs() {
        return frameIntervalMs;
    }

    public PixelType pixelType() {
        return pixelType;
    }

    @Override
    public String toString() {
        return "ReplayStack{" + width + "x" + height + ", t=" + timePoints + ", z=" + zPlanes + ", " + pixelSizeUm
                + " µm/px, dz=" + zStepUm + " µm, " + pixelType + '}';
    }
}
