package org.reflexscope.bench.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.reflexscope.core.inference.internal.DefaultModels;
import org.reflexscope.core.inference.internal.OnnxGraph;

/**
 * Interleaved A/B of the fused default model's graph variants and ONNX Runtime session options, on the session alone
 * (1 intra-op thread, pinned outputs, the same Poisson-like image for every variant, each run visiting every variant
 * in turn so that load affects all alike). Variants:
 * <ul>
 *   <li>{@code shipped}: {@link DefaultModels#denoiseDetector()} (input: the Anscombe root, reflect-padded by 3);
 *   <li>{@code previous}: the root ({@code Max}, {@code Add}, {@code Sqrt}) and the reflect {@code Pad} in the graph,
 *       as before the fourth pass;
 *   <li>{@code quarter}: shipped, with the coarsest Gaussian and its DoG on a quarter-resolution octave (the half
 *       resolution level G(s2) average-pooled 2×2, smoothed to s3, the DoG resized back, linear);
 *   <li>{@code inverse}: shipped, with the VST inverse (to camera units, gain 1, offset 100) in the graph and a
 *       one-element non-finite count output ({@code IsNaN} of {@code v − v}, summed); the Java inverse and check it
 *       would replace cost 0.11 + 0.08 ms per 512² outside the session;
 *   <li>{@code shipped-<opt>}: shipped with one session option: {@code nospin} ({@code allow_spinning 0}),
 *       {@code daz} (denormals as zero), {@code nomem} (no memory pattern), {@code noarena} (no CPU arena),
 *       {@code basic} / {@code all} (optimisation level instead of the default models' {@code EXTENDED_OPT}).
 * </ul>
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.reflexscope.bench.inference.FusedGraphAB [edge=512]
 * [runs=400] [variants=shipped,previous,quarter,inverse]}
 */
public final class FusedGraphAB {
    private static final int WARMUP = 50;
    private static final int PAD = DefaultModels.fusedInputPadding();

    private FusedGraphAB() {
    }

    public static void main(String[] args) throws OrtException {
        int edge = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        String[] names = (args.length > 2 ? args[2] : "shipped,previous,quarter,inverse").split(",");
        float[] image = poissonLike(edge, 1);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<Variant> variants = new ArrayList<>();
        try {
            for (String name : names) {
                variants.add(new Variant(env, name, edge, image));
            }
            for (int i = 0; i < WARMUP + runs; i++) {
                for (Variant v : variants) {
                    v.run(i >= WARMUP);
                }
            }
        } finally {
            for (Variant v : variants) {
                v.close();
            }
        }
        System.out.printf(Locale.ROOT, "fused model session, %d² input, %d runs per variant, interleaved, 1 thread%n",
                edge, runs);
        for (Variant v : variants) {
            Histogram h = v.hist;
            System.out.printf(Locale.ROOT, "  %-16s p50 %6.3f  p90 %6.3f  p99 %6.3f  min %6.3f ms%n", v.name,
                    h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6,
                    h.getValueAtPercentile(99) / 1e6, h.getMinValue() / 1e6);
        }
    }

    /** Background 20 photons, a 3×3 bright block every 25 pixels, Gaussian noise; seeded. */
    private static float[] poissonLike(int edge, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[edge * edge];
        for (int i = 0; i < x.length; i++) {
            boolean spot = (i % edge) % 25 < 3 && (i / edge) % 25 < 3;
            x[i] = (float) (20 + 4 * rnd.nextGaussian() + (spot ? 200 : 0));
        }
        return x;
    }

    /** One session with its pinned input and outputs. */
    private static final class Variant implements AutoCloseable {
        final String name;
        final Histogram hist = new Histogram(3);
        private final OrtSession session;
        private final Map<String, OnnxTensor> inputs;
        private final Map<String, OnnxTensor> outputs = new LinkedHashMap<>();

        Variant(OrtEnvironment env, String name, int edge, float[] image) throws OrtException {
            this.name = name;
            String graph = name.contains("-") ? name.substring(0, name.indexOf('-')) : name;
            String option = name.contains("-") ? name.substring(name.indexOf('-') + 1) : "";
            boolean rootInGraph = graph.equals("previous");
            byte[] model;
            switch (graph) {
                case "shipped":
                    model = DefaultModels.denoiseDetector();
                    break;
                case "previous":
                case "quarter":
                case "inverse":
                    model = variant(rootInGraph, graph.equals("quarter"), graph.equals("inverse"));
                    break;
                default:
                    throw new IllegalArgumentException("Unknown variant '" + name + "': use shipped, previous, "
                            + "quarter, inverse, or shipped-<nospin|daz|nomem|noarena|basic|all>");
            }
            try (OrtSession.SessionOptions o = options(option)) {
                session = env.createSession(model, o);
            }
            int in = rootInGraph ? edge : edge + 2 * PAD;
            FloatBuffer buffer = ByteBuffer.allocateDirect(in * in * 4).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            for (int y = 0; y < in; y++) {
                for (int x = 0; x < in; x++) {
                    float v = rootInGraph ? image[y * edge + x]
                            : image[mirror(y - PAD, edge) * edge + mirror(x - PAD, edge)];
                    buffer.put(y * in + x, rootInGraph ? v : (float) Math.sqrt(Math.max(v, 0f) + 0.375f));
                }
            }
            inputs = Map.of(session.getInputNames().iterator().next(),
                    OnnxTensor.createTensor(env, buffer, new long[] {1, 1, in, in}));
            List<String> outNames = new ArrayList<>(session.getOutputNames());
            try (OrtSession.Result probe = session.run(inputs)) {
                for (int i = 0; i < probe.size(); i++) {
                    long[] shape = ((TensorInfo) probe.get(i).getInfo()).getShape();
                    long count = 1;
                    for (long d : shape) {
                        count *= d;
                    }
                    FloatBuffer b = ByteBuffer.allocateDirect(Math.toIntExact(count * 4))
                            .order(ByteOrder.nativeOrder()).asFloatBuffer();
                    outputs.put(outNames.get(i), OnnxTensor.createTensor(env, b, shape));
                }
            }
        }

        void run(boolean record) throws OrtException {
            long t0 = System.nanoTime();
            session.run(inputs, outputs).close();
            long t = System.nanoTime() - t0;
            if (record) {
                hist.recordValue(t);
            }
        }

        private static OrtSession.SessionOptions options(String option) throws OrtException {
            OrtSession.SessionOptions o = new OrtSession.SessionOptions();
            o.setIntraOpNumThreads(1);
            o.setOptimizationLevel(option.equals("basic") ? OrtSession.SessionOptions.OptLevel.BASIC_OPT
                    : option.equals("all") ? OrtSession.SessionOptions.OptLevel.ALL_OPT
                    : OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
            switch (option) {
                case "nospin":
                    o.addConfigEntry("session.intra_op.allow_spinning", "0");
                    break;
                case "daz":
                    o.addConfigEntry("session.set_denormal_as_zero", "1");
                    break;
                case "nomem":
                    o.setMemoryPatternOptimization(false);
                    break;
                case "noarena":
                    o.setCPUArenaAllocator(false);
                    break;
                case "":
                case "basic":
                case "all":
                    break;
                default:
                    o.close();
                    throw new IllegalArgumentException("Unknown session option '" + option
                            + "': use nospin, daz, nomem, noarena, basic or all");
            }
            return o;
        }

        @Override
        public void close() {
            for (OnnxTensor t : inputs.values()) {
                t.close();
            }
            for (OnnxTensor t : outputs.values()) {
                t.close();
            }
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("Closing the session of variant " + name + " failed", e);
            }
        }
    }

    /**
     * The fused graph as {@link DefaultModels#denoiseDetector()} builds it, with the root and pad in the graph,
     * the quarter-resolution coarsest scale, or the inverse in the graph.
     */
    private static byte[] variant(boolean rootInGraph, boolean quarter, boolean inverse) {
        OnnxGraph g = new OnnxGraph("fused-variant").imageInput("x", 1).imageOutput("vst", 1, "Hv", "Wv")
                .imageOutput("nms", 1, "H2", "W2").imageOutput("scale", 1, "H2", "W2");
        if (inverse) {
            g.fixedOutput("bad", 1);
        }
        String input = "x";
        if (rootInGraph) {
            input = pad(g, g.op("Sqrt", g.op("Add", g.op("Max", "x", g.scalar(0f)), g.scalar(0.375f))), PAD);
        }
        String s = smooth(g, input, DefaultModels.DENOISE_SIGMA, 2f, inverse ? null : "vst");
        if (inverse) {
            String v = g.op("Max", DefaultModels.unbiasedInverse(g, s), g.scalar(0f));
            String denoised = g.opNamed("Add", "vst", List.of(), v, g.scalar(100f));
            String nonFinite = g.op("IsNaN", g.op("Sub", denoised, denoised));
            String count = g.op("ReduceSum", OnnxGraph.attrs(OnnxGraph.integer("keepdims", 0)),
                    g.op("Cast", OnnxGraph.attrs(OnnxGraph.integer("to", 1)), nonFinite));
            g.opNamed("Reshape", "bad", List.of(), count, g.longs(new long[] {1}, 1));
        }
        String level = g.op("AveragePool", OnnxGraph.attrs(OnnxGraph.ints("kernel_shape", 2, 2),
                OnnxGraph.ints("strides", 2, 2)), s);
        double[] steps = DefaultModels.fusedCascadeSigmas();
        double[] e = DefaultModels.fusedScales();
        int levels = quarter ? steps.length - 1 : steps.length;
        String[] gs = new String[steps.length];
        for (int i = 0; i < levels; i++) {
            level = smooth(g, pad(g, level, DefaultModels.radius(steps[i])), steps[i], 1f, null);
            gs[i] = level;
        }
        String[] d = new String[steps.length - 1];
        for (int i = 0; i < levels - 1; i++) {
            d[i] = dog(g, gs[i], gs[i + 1], e[i + 1] / e[i]);
        }
        if (quarter) {
            String q = g.op("AveragePool", OnnxGraph.attrs(OnnxGraph.ints("kernel_shape", 2, 2),
                    OnnxGraph.ints("strides", 2, 2)), gs[2]);
            double pooled = Math.sqrt(Math.pow(e[2] / 4, 2) + 1.0 / 16);
            double step = Math.sqrt(Math.pow(e[3] / 4, 2) - pooled * pooled);
            String g3 = smooth(g, pad(g, q, DefaultModels.radius(step)), step, 1f, null);
            d[2] = g.op("Resize", OnnxGraph.attrs(OnnxGraph.string("mode", "linear"),
                    OnnxGraph.string("coordinate_transformation_mode", "half_pixel")), dog(g, q, g3, e[3] / e[2]),
                    "", "", g.op("Shape", gs[2]));
        }
        DefaultModels.maxScaleAndNms(g, d[0], d[1], d[2]);
        return g.toBytes("fused model variant (benchmark only)");
    }

    private static String pad(OnnxGraph g, String input, int r) {
        return g.op("Pad", OnnxGraph.attrs(OnnxGraph.string("mode", "reflect")), input,
                g.longs(new long[] {0, 0, r, r, 0, 0, r, r}, 8));
    }

    /**
     * Separable G(sigma)·gain of an input already padded by its radius (unpadded convolutions), writing
     * {@code output} if not null.
     */
    private static String smooth(OnnxGraph g, String padded, double sigma, float gain, String output) {
        int r = DefaultModels.radius(sigma);
        float[] kern = DefaultModels.gaussian(sigma, r);
        float[] wx = new float[kern.length];
        for (int j = 0; j < kern.length; j++) {
            wx[j] = kern[j] * gain;
        }
        String h = g.op("Conv", padded, g.floats(wx, 1, 1, 1, kern.length));
        String wy = g.floats(kern, 1, 1, kern.length, 1);
        return output == null ? g.op("Conv", h, wy) : g.opNamed("Conv", output, List.of(), h, wy);
    }

    private static String dog(OnnxGraph g, String fine, String coarse, double ratio) {
        return g.op("Mul", g.op("Sub", fine, coarse), g.scalar((float) (1 / (ratio - 1))));
    }

    private static int mirror(int i, int n) {
        return i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;
    }
}
