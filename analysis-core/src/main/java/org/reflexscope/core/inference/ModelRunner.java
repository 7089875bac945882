package org.reflexscope.core.inference;

import java.nio.FloatBuffer;
import java.util.Locale;

/**
 * Runs a {@link TensorModel} on whole images: applies the spec's preprocessing, cuts images larger than the model's
 * tile into tiles overlapping by {@code 2·halo} (edge tiles shifted inwards, images smaller than a tile padded by
 * reflection), stitches the tile centres, applies the postprocessing to output 0, and rejects NaN/Inf outputs.
 *
 * <p>Buffers grow to the largest image seen and are reused: no per-frame allocation. Owns the model (closes it).
 * Not thread-safe.
 */
public final class ModelRunner implements AutoCloseable {
    private final TensorModel model;
    private final ModelSpec spec;
    private final int[] scratch = new int[Normalization.HISTOGRAM_BINS];
    private float[] work = new float[0];
    private float[] tile = new float[0];
    private float[][] outputs = new float[0][];
    private int[] outputLengths = new int[0];
    private boolean imageShaped;

    public ModelRunner(TensorModel model) {
        this.model = model;
        this.spec = model.spec();
    }

    public TensorModel model() {
        return model;
    }

    /**
     * Runs the model on the {@code width × height} image in {@code image[0 .. w·h)} (not modified).
     *
     * @throws ModelRunException if the model fails or produces NaN/Inf
     */
    public void run(float[] image, int width, int height) throws ModelRunException {
        int n = width * height;
        int tw = tileEdge(width);
        int th = tileEdge(height);
        boolean whole = tw == width && th == height;
        float[] src = image;
        if (!spec.preprocessing().isEmpty() || !whole) {
            if (work.length < n) {
                work = new float[n];
            }
            System.arraycopy(image, 0, work, 0, n);
            for (Normalization norm : spec.preprocessing()) {
                norm.apply(work, 0, n, scratch);
            }
            src = work;
        }
        if (whole) {
            FloatBuffer in = model.input(width, height);
            in.put(src, 0, n);
            model.run();
            collect(width, height, 0, 0, 0, 0, width, height, width, height, true);
        } else {
            runTiled(width, height, tw, th);
        }
        for (Normalization norm : spec.postprocessing()) {
            norm.apply(outputs[0], 0, outputLengths[0], scratch);
        }
        for (int o = 0; o < outputs.length; o++) {
            float[] out = outputs[o];
            for (int i = 0, len = outputLengths[o]; i < len; i++) {
                if (!Float.isFinite(out[i])) {
                    throw new ModelRunException(String.format(Locale.ROOT, "Model '%s' produced %s in output %d at "
                            + "index %d on a %dx%d image: NaN/Inf outputs. Check the model's numerics and its input "
                            + "normalisation (spec %s).", model.name(), out[i], o, i, width, height,
                            spec.preprocessing()));
                }
            }
        }
    }

    /** The edge used along a dimension of {@code size} pixels. */
    private int tileEdge(int size) {
        if (spec.tileSize() > 0) {
            return spec.tileSize();
        }
        if (spec.tileStep() > 0) {
            int k = Math.max(0, (int) Math.ceil((size - spec.tileMin()) / (double) spec.tileStep()));
            return spec.tileMin() + k * spec.tileStep();
        }
        return size;
    }

    private void runTiled(int width, int height, int tw, int th) throws ModelRunException {
        int halo = spec.halo();
        int stepX = Math.max(1, tw - 2 * halo);
        int stepY = Math.max(1, th - 2 * halo);
        if (tile.length < tw * th) {
            tile = new float[tw * th];
        }
        boolean first = true;
        for (int cy = 0; cy < height; cy += stepY) {
            for (int cx = 0; cx < width; cx += stepX) {
                int ox = Math.max(0, Math.min(cx - halo, width - tw));
                int oy = Math.max(0, Math.min(cy - halo, height - th));
                if (width < tw) {
                    ox = 0;
                }
                if (height < th) {
                    oy = 0;
                }
                for (int y = 0; y < th; y++) {
                    int sy = reflect(oy + y, height);
                    for (int x = 0; x < tw; x++) {
                        tile[y * tw + x] = work[sy * width + reflect(ox + x, width)];
                    }
                }
                FloatBuffer in = model.input(tw, th);
                in.put(tile, 0, tw * th);
                model.run();
                int wx0 = cx;
                int wy0 = cy;
                int wx1 = Math.min(width, cx + stepX);
                int wy1 = Math.min(height, cy + stepY);
                collect(width, height, ox, oy, wx0, wy0, wx1, wy1, tw, th, first);
                first = false;
            }
        }
    }

    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    /** Copies the window {@code [wx0,wx1)×[wy0,wy1)} of a tile at {@code (ox, oy)} of size {@code tw×th}. */
    private void collect(int width, int height, int ox, int oy, int wx0, int wy0, int wx1, int wy1, int tw, int th,
            boolean first) throws ModelRunException {
        int count = model.outputCount();
        if (first) {
            if (outputs.length != count) {
                outputs = new float[count][];
                outputLengths = new int[count];
            }
            imageShaped = true;
            for (int o = 0; o < count; o++) {
                int len = model.output(o).remaining();
                boolean img = len == tw * th;
                imageShaped &= img;
                int need = img ? width * height : len;
                if (outputs[o] == null || outputs[o].length < need) {
                    outputs[o] = new float[need];
                }
                outputLengths[o] = need;
            }
            if (!imageShaped && (tw != width || th != height)) {
                throw new ModelRunException("Model '" + model.name() + "' has outputs that are not images of its "
                        + "input size, so it cannot be tiled; give it frames of its tile size (" + tw + "x" + th
                        + ") with optRoi/optBinning.");
            }
        }
        for (int o = 0; o < count; o++) {
            FloatBuffer src = model.output(o);
            float[] dst = outputs[o];
            if (!imageShaped || (tw == width && th == height && ox == 0 && oy == 0 && wx0 == 0 && wy0 == 0)) {
                src.get(dst, 0, outputLengths[o]);
                continue;
            }
            for (int y = wy0; y < wy1; y++) {
                int ty = y - oy;
                for (int x = wx0; x < wx1; x++) {
                    dst[y * width + x] = src.get(ty * tw + (x - ox));
                }
            }
        }
    }

    /** Output {@code index} of the last run (image outputs: row-major, input-sized); valid until the next run. */
    public float[] output(int index) {
        return outputs[index];
    }

    /** Number of valid values in {@link #output(int)}. */
    public int outputLength(int index) {
        return outputLengths[index];
    }

    public int outputCount() {
        return outputs.length;
    }

    @Override
    public void close() {
        model.close();
    }
}
