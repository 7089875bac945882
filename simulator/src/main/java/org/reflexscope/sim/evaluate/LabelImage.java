package org.reflexscope.sim.evaluate;

import ij.ImagePlus;
import ij.io.Opener;
import ij.process.ImageProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An instance label image: each pixel holds the label of the object it belongs to, 0 for background. Immutable.
 * Read from a TIFF (8-, 16- or 32-bit, values taken as whole labels) with ImageJ.
 */
public final class LabelImage {
    private final int width;
    private final int height;
    private final int[] labels;
    private final List<Instance> instances;

    /** One labelled object: its label, pixel count and centroid (pixel centres at whole coordinates). */
    public static final class Instance {
        private final int label;
        private final int area;
        private final double x;
        private final double y;

        Instance(int label, int area, double x, double y) {
            this.label = label;
            this.area = area;
            this.x = x;
            this.y = y;
        }

        public int label() {
            return label;
        }

        public int area() {
            return area;
        }

        public double x() {
            return x;
        }

        public double y() {
            return y;
        }

        /** Diameter of the disc of this instance's area, pixels. */
        public double equivalentDiameter() {
            return 2 * Math.sqrt(area / Math.PI);
        }
    }

    private LabelImage(int width, int height, int[] labels) {
        this.width = width;
        this.height = height;
        this.labels = labels;
        int max = 0;
        for (int v : labels) {
            max = Math.max(max, v);
        }
        long[] n = new long[max + 1];
        double[] sx = new double[max + 1];
        double[] sy = new double[max + 1];
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i];
            n[l]++;
            sx[l] += i % width;
            sy[l] += i / width;
        }
        List<Instance> list = new ArrayList<>();
        for (int l = 1; l <= max; l++) {
            if (n[l] > 0) {
                list.add(new Instance(l, (int) n[l], sx[l] / n[l], sy[l] / n[l]));
            }
        }
        this.instances = Collections.unmodifiableList(list);
    }

    /**
     * A label image of {@code width × height} labels, row by row (copied).
     *
     * @throws IllegalArgumentException if the sizes do not match or a label is negative
     */
    public static LabelImage of(int width, int height, int[] labels) {
        if (width <= 0 || height <= 0 || labels.length != width * height) {
            throw new IllegalArgumentException("Label image of " + width + "x" + height + " needs " + width * height
                    + " labels, got " + labels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("Label " + labels[i] + " at pixel " + i + " is negative");
            }
        }
        return new LabelImage(width, height, labels.clone());
    }

    /**
     * Reads a single-plane label TIFF.
     *
     * @throws IllegalArgumentException if the file is missing, unreadable, has several planes or non-whole labels
     */
    public static LabelImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Label image " + file + " does not exist or is not a file");
        }
        ImagePlus imp = new Opener().openImage(file.toAbsolutePath().toString());
        if (imp == null) {
            throw new IllegalArgumentException("Cannot read " + file + " as a TIFF label image");
        }
        if (imp.getStackSize() != 1) {
            throw new IllegalArgumentException(file + " holds " + imp.getStackSize() + " planes; a label image has "
                    + "one");
        }
        ImageProcessor ip = imp.getProcessor();
        int w = imp.getWidth();
        int h = imp.getHeight();
        int[] labels = new int[w * h];
        for (int i = 0; i < labels.length; i++) {
            float v = ip.getf(i);
            if (v != Math.rint(v) || v < 0) {
                throw new IllegalArgumentException(file + " pixel " + i % w + "," + i / w + " holds " + v
                        + ": labels are whole numbers >= 0");
            }
            labels[i] = (int) v;
        }
        return new LabelImage(w, h, labels);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The label at the pixel nearest to {@code (x, y)}, 0 outside the image. */
    public int labelAt(double x, double y) {
        long px = Math.round(x);
        long py = Math.round(y);
        if (px < 0 || py < 0 || px >= width || py >= height) {
            return 0;
        }
        return labels[(int) (py * width + px)];
    }

    /** The labelled objects, by label. */
    public List<Instance> instances() {
        return instances;
    }

    /** Mean equivalent diameter of the instances, pixels ({@code NaN} if there are none). */
    public double meanDiameter() {
        return instances.stream().mapToDouble(Instance::equivalentDiameter).average().orElse(Double.NaN);
    }
}
