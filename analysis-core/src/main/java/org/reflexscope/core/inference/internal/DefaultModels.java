package org.reflexscope.core.inference.internal;

import ai.onnx.proto.OnnxMl;
import java.util.List;

/**
 * The embedded default models: their parameters and their ONNX graphs. The graphs are written into the jar at
 * build time by {@link DefaultModelWriter}; the chain reads the same parameters to decode their outputs.
 *
 * <p><b>Denoiser</b> ({@value #DENOISER}): input {@code x [1,1,H,W]} in Poisson-equivalent units (the chain maps
 * camera counts with {@code (raw - offset)/gain + readNoise²/gain²}, which turns the generalised Anscombe transform
 * into the plain one), Anscombe {@code 2·sqrt(max(x,0) + 3/8)}, separable Gaussian smoothing (σ =
 * {@value #DENOISE_SIGMA} px, reflect padding), then the closed-form approximation of the exact unbiased inverse
 * (Mäkitalo &amp; Foi 2011) on {@code max(y, }{@value #INVERSE_FLOOR}{@code )}, clamped at 0.
 *
 * <p><b>Blob detector</b> ({@value #DETECTOR}): input {@code x [1,1,H,W]}; Gaussians at σ = {@link #SCALES} (ratio
 * {@value #SCALE_RATIO}) as an octave pyramid (see {@link #detector()}), each level one multi-channel horizontal and
 * one grouped vertical convolution after reflect padding;
 * scale-normalised difference of Gaussians {@code (G(s_i) - G(s_{i+1}))·x / (k - 1)} (≈ −σ²∇²G, positive on bright
 * blobs) by 1×1 convolutions; elementwise maximum over scales; non-maximum suppression by a 3×3 max-pool. Outputs
 * {@code nms [1,1,H,W]} (the response at local maxima, 0 elsewhere) and {@code scale [1,1,H,W]} (index of the best
 * scale). Detections are {@code nms > threshold}, decoded by the chain.
 *
 * <p><b>Fused denoiser + detector</b> ({@value #DENOISE_DETECTOR}, the default chain's): the denoiser up to its
 * inverse (its input already square-rooted by the caller), then the detector on that variance-stabilised image at
 * half resolution; see {@link #denoiseDetector()}.
 */
public final class DefaultModels {
    /** Resource name of the denoiser. */
    public static final String DENOISER = "anscombe-gauss-denoiser";
    /** Resource name of the blob detector. */
    public static final String DETECTOR = "dog-blob-detector";
    /** Resource name of the fused denoiser + blob detector (one session for the default chain). */
    public static final String DENOISE_DETECTOR = "anscombe-dog-denoise-detector";
    /** Classpath folder of the embedded models. */
    public static final String RESOURCE_DIR = "/org/reflexscope/core/inference/models/";

    /** Smoothing σ of the denoiser in the variance-stabilised domain, in (analysis) pixels. */
    public static final double DENOISE_SIGMA = 1.0;
    /** Floor applied before the inverse transform (the closed form diverges near 0). */
    public static final double INVERSE_FLOOR = 0.8;
    /** Gaussian scales of the detector, in (analysis) pixels. */
    public static final double[] SCALES = {1.0, 1.6, 2.56, 4.096};
    /** Ratio between successive scales. */
    public static final double SCALE_RATIO = 1.6;

    private DefaultModels() {
    }

    /**
     * Adds to {@code g} the closed-form approximation of the exact unbiased inverse of the Anscombe transform
     * (Mäkitalo &amp; Foi 2011) of {@code vst}, on {@code max(vst, }{@value #INVERSE_FLOOR}{@code )}, and returns its
     * output before the clamp at 0 (the caller clamps): {@code y²/4 + sqrt(3/2)/4·y⁻¹ − 11/8·y⁻² +
     * 5·sqrt(3/2)/8·y⁻³ − 1/8}, evaluated as {@code (y/2)² − 1/8 + u·(sqrt(3/2)/4 + u·(−11/8 + u·5·sqrt(3/2)/8))}
     * with {@code u = 1/y} (Horner: 12 ops instead of 15).
     */
    public static String unbiasedInverse(OnnxGraph g, String vst) {
        String y = g.op("Max", vst, g.scalar((float) INVERSE_FLOOR));
        String u = g.op("Reciprocal", y);
        double s = Math.sqrt(1.5);
        String p = g.op("Add", g.op("Mul", u, g.scalar((float) (5 * s / 8))), g.scalar(-11f / 8f));
        p = g.op("Add", g.op("Mul", p, u), g.scalar((float) (s / 4)));
        p = g.op("Mul", p, u);
        String half = g.op("Mul", y, g.scalar(0.5f));
        return g.op("Add", g.op("Add", g.op("Mul", half, half), g.scalar(-0.125f)), p);
    }

    /**
     * Adds the detectors' common tail to {@code g}: the maximum over the three scale responses, the outputs
     * {@code scale} (the argmax, the first scale winning ties as {@code ArgMax} does; as elementwise {@code Equal} /
     * {@code Where}, not {@code Concat} + {@code ArgMax}, which were ≈ 40 % of the graph's time) and {@code nms} (the
     * maximum where it equals its 3×3 max-pool, 0 elsewhere).
     */
    public static void maxScaleAndNms(OnnxGraph g, String d0, String d1, String d2) {
        String best = g.op("Max", d0, d1, d2);
        g.opNamed("Where", "scale", List.of(), g.op("Equal", d0, best), g.scalar(0f),
                g.op("Where", g.op("Equal", d1, best), g.scalar(1f), g.scalar(2f)));
        String pool = g.op("MaxPool", OnnxGraph.attrs(OnnxGraph.ints("kernel_shape", 3, 3),
                OnnxGraph.ints("pads", 1, 1, 1, 1), OnnxGraph.ints("strides", 1, 1)), best);
        g.opNamed("Where", "nms", List.of(), g.op("Equal", best, pool), best, g.scalar(0f));
    }

    /** Number of detector response scales (differences of Gaussians). */
    public static int detectorScaleCount() {
        return SCALES.length - 1;
    }

    /** Blob σ (pixels) best matched by detector scale index {@code i}: the geometric mean of its two Gaussians. */
    public static double blobSigma(int i) {
        return Math.sqrt(SCALES[i] * SCALES[i + 1]);
    }

    /** Kernel radius used for a Gaussian of {@code sigma}: {@code ceil(3σ)}. */
    public static int radius(double sigma) {
        return (int) Math.ceil(3 * sigma);
    }

    /** The sampled, normalised 1-D Gaussian of {@code sigma}, centred in an array of {@code 2·radius + 1}. */
    public static float[] gaussian(double sigma, int radius) {
        float[] k = new float[2 * radius + 1];
        int own = radius(sigma);
        double sum = 0;
        for (int i = -own; i <= own; i++) {
            sum += Math.exp(-i * i / (2 * sigma * sigma));
        }
        for (int i = -own; i <= own; i++) {
            k[radius + i] = (float) (Math.exp(-i * i / (2 * sigma * sigma)) / sum);
        }
        return k;
    }

    /** The denoiser graph. */
    public static byte[] denoiser() {
        OnnxGraph g = new OnnxGraph(DENOISER).imageInput("x", 1).imageOutput("y", 1);
        // The Anscombe factor 2 is folded into the horizontal Gaussian's weights: one elementwise pass fewer.
        String root = g.op("Sqrt", g.op("Add", g.op("Max", "x", g.scalar(0f)), g.scalar(0.375f)));
        int r = radius(DENOISE_SIGMA);
        String smooth = separable(g, root, new double[] {DENOISE_SIGMA}, r, 2f);
        g.opNamed("Max", "y", List.of(), unbiasedInverse(g, smooth), g.scalar(0f));
        return g.toBytes("Reflex default denoiser: Anscombe VST, separable Gaussian sigma=" + DENOISE_SIGMA
                + ", exact unbiased inverse (closed form). Input in Poisson-equivalent units.");
    }

    /** Smoothing σ (half-resolution pixels) that turns the pooled G(s1) into G(s2) and G(s3). */
    public static double[] halfResolutionSteps() {
        double pooled = pooledSigma();
        return new double[] {Math.sqrt(Math.pow(SCALES[2] / 2, 2) - pooled * pooled),
            Math.sqrt(Math.pow(SCALES[3] / 2, 2) - pooled * pooled)};
    }

    /** σ in half-resolution pixels of G(s1) after 2×2 average pooling: (s1/2)² plus the box's variance 1/16. */
    public static double pooledSigma() {
        return Math.sqrt(Math.pow(SCALES[1] / 2, 2) + 1.0 / 16);
    }

    /**
     * The multi-scale DoG blob detector graph, as an octave pyramid: G(s0), G(s1) at full resolution; G(s1)
     * average-pooled 2×2 and smoothed further to G(s2), G(s3) at half resolution; the two coarse DoGs resized back
     * (linear, half-pixel) before the maximum over scales and the 3×3 max-pool NMS.
     */
    public static byte[] detector() {
        OnnxGraph g = new OnnxGraph(DETECTOR).imageInput("x", 1).imageOutput("nms", 1).imageOutput("scale", 1);
        float norm = (float) (1 / (SCALE_RATIO - 1));
        String fine = separable(g, "x", new double[] {SCALES[0], SCALES[1]}, radius(SCALES[1]), 1f);
        String d0 = g.op("Conv", fine, g.floats(new float[] {norm, -norm}, 1, 2, 1, 1));
        String g1 = g.op("Slice", fine, g.longs(new long[] {1}, 1), g.longs(new long[] {2}, 1),
                g.longs(new long[] {1}, 1));
        String pooled = g.op("AveragePool", OnnxGraph.attrs(OnnxGraph.ints("kernel_shape", 2, 2),
                OnnxGraph.ints("strides", 2, 2)), g1);
        double[] steps = halfResolutionSteps();
        String coarse = separable(g, pooled, steps, radius(steps[1]), 1f);
        String both = g.op("Concat", OnnxGraph.attrs(OnnxGraph.integer("axis", 1)), pooled, coarse);
        // One single-channel DoG per coarse scale, resized separately and combined by elementwise Max/Where: no
        // 3-channel Concat + ReduceMax + ArgMax (those reductions over a small channel axis were ~40 % of the graph).
        String d1 = g.op("Conv", both, g.floats(new float[] {norm, -norm, 0}, 1, 3, 1, 1));
        String d2 = g.op("Conv", both, g.floats(new float[] {0, norm, -norm}, 1, 3, 1, 1));
        String shape = g.op("Shape", "x");
        String sizes = g.op("Concat", OnnxGraph.attrs(OnnxGraph.integer("axis", 0)),
                g.longs(new long[] {1, 1}, 2), g.op("Slice", shape, g.longs(new long[] {2}, 1),
                        g.longs(new long[] {4}, 1), g.longs(new long[] {0}, 1)));
        String up1 = upsample(g, d1, sizes);
        String up2 = upsample(g, d2, sizes);
        maxScaleAndNms(g, d0, up1, up2);
        return g.toBytes("Reflex default blob detector: scale-normalised DoG at sigma " + java.util.Arrays
                .toString(SCALES) + " (octave pyramid: the two coarse scales at half resolution), max over scales, "
                + "3x3 max-pool NMS.");
    }

    /**
     * Effective Gaussian scales (full-resolution pixels) of the fused detector: the standalone chain's denoiser σ
     * combined with each detector scale, {@code sqrt(σd² + s_i²)}: the same smoothing the standalone detector
     * applies to the denoised image.
     */
    public static double[] fusedScales() {
        double[] e = new double[SCALES.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = Math.sqrt(DENOISE_SIGMA * DENOISE_SIGMA + SCALES[i] * SCALES[i]);
        }
        return e;
    }

    /**
     * σ (half-resolution pixels) of the cascaded Gaussians of the fused detector: the first takes the pooled
     * {@code G(σd)} image ({@code sqrt((σd/2)² + 1/16)} half-pixels) to {@code fusedScales()[0]/2}, each next one
     * the previous scale to the next.
     */
    public static double[] fusedCascadeSigmas() {
        double[] e = fusedScales();
        double prev = Math.sqrt(Math.pow(DENOISE_SIGMA / 2, 2) + 1.0 / 16);
        double[] c = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            c[i] = sampledSigma(Math.pow(e[i] / 2, 2) - prev * prev);
            prev = e[i] / 2;
        }
        return c;
    }

    /**
     * The σ whose sampled kernel ({@link #gaussian}, radius {@code ceil(3σ)}) has the variance {@code variance}, for
     * nominal σ below 0.6, where sampling shrinks a Gaussian's variance (σ 0.43 gives 0.12 instead of 0.19) and a
     * cascade of small sampled Gaussians would not reach its nominal scale; the nominal σ from 0.6 up (within 2.5 %).
     * Bisection within radius 2 (σ in (1/3, 2/3]), where the sampled variance is continuous.
     */
    public static double sampledSigma(double variance) {
        double nominal = Math.sqrt(variance);
        if (nominal >= 0.6) {
            return nominal;
        }
        double lo = 1.0 / 3 + 1e-9;
        double hi = 2.0 / 3 - 1e-9;
        for (int it = 0; it < 50; it++) {
            double mid = (lo + hi) / 2;
            if (sampledVariance(mid) < variance) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    private static double sampledVariance(double sigma) {
        int r = radius(sigma);
        double sum = 0;
        double m2 = 0;
        for (int i = -r; i <= r; i++) {
            double w = Math.exp(-i * i / (2 * sigma * sigma));
            sum += w;
            m2 += w * i * i;
        }
        return m2 / sum;
    }

    /** Blob σ (full-resolution pixels) matched by scale index {@code i} of the fused detector. */
    public static double fusedBlobSigma(int i) {
        double[] e = fusedScales();
        return Math.sqrt(e[i] * e[i + 1]);
    }

    /**
     * The fused denoiser + blob detector of the default chain: one session, the detector working on the denoiser's
     * variance-stabilised, smoothed image (noise σ ≈ 1 everywhere) at half resolution.
     *
     * <p>Input {@code r [1,1,H+2p,W+2p]}, {@code p = }{@link #fusedInputPadding()}: the root of the Anscombe
     * transform, {@code r = sqrt(max(x,0) + 3/8)} of the {@code W × H} image {@code x} in Poisson-equivalent units,
     * reflect-padded by {@code p} on every side ({@code r[-i] = r[i]}), both done by the caller while it maps camera
     * counts (one vectorised Java pass and row copies instead of three full-resolution elementwise ops and a Pad in
     * the graph: 0.2 + 0.3 ms less per 512² frame, interleaved A/B). {@code s = G(σd) ∗ 2r} (unpadded convolutions
     * of the padded input): the Anscombe image smoothed as by the denoiser, output {@code vst [1,1,H,W]} (the caller
     * applies the exact unbiased inverse to get the denoised image). {@code s} average-pooled 2×2 (the σd smoothing
     * is its anti-aliasing), then a cascade of four separable Gaussians ({@link #fusedCascadeSigmas()}, reflect
     * padding) reaching the effective scales
     * {@link #fusedScales()}; scale-normalised DoGs {@code (g_i − g_{i+1}) / (e_{i+1}/e_i − 1)}; maximum and argmax
     * (first scale wins ties) over the three; 3×3 max-pool NMS. Outputs {@code vst [1,1,H,W]}, {@code nms} and
     * {@code scale} {@code [1,1,H/2,W/2]}: a peak at half-resolution pixel (x, y) lies at full-resolution
     * {@code (2x + 0.5, 2y + 0.5)}.
     */
    public static byte[] denoiseDetector() {
        OnnxGraph g = new OnnxGraph(DENOISE_DETECTOR).imageInput("r", 1).imageOutput("vst", 1, "Hv", "Wv")
                .imageOutput("nms", 1, "H2", "W2").imageOutput("scale", 1, "H2", "W2");
        // the Anscombe factor 2 is folded into the horizontal Gaussian's weights
        String s = separableOfPadded(g, "r", DENOISE_SIGMA, 2f, "vst");
        String level = g.op("AveragePool", OnnxGraph.attrs(OnnxGraph.ints("kernel_shape", 2, 2),
                OnnxGraph.ints("strides", 2, 2)), s);
        double[] steps = fusedCascadeSigmas();
        double[] e = fusedScales();
        String[] gs = new String[steps.length];
        for (int i = 0; i < steps.length; i++) {
            level = separable(g, level, new double[] {steps[i]}, radius(steps[i]), 1f, null);
            gs[i] = level;
        }
        String[] d = new String[steps.length - 1];
        for (int i = 0; i < d.length; i++) {
            d[i] = g.op("Mul", g.op("Sub", gs[i], gs[i + 1]), g.scalar((float) (1 / (e[i + 1] / e[i] - 1))));
        }
        maxScaleAndNms(g, d[0], d[1], d[2]);
        return g.toBytes("Reflex default denoiser + blob detector in one graph. Input r = sqrt(max(x,0) + 3/8) of "
                + "the image x in Poisson-equivalent units, reflect-padded by " + fusedInputPadding() + " on every "
                + "side; Anscombe VST 2r smoothed by a Gaussian sigma="
                + DENOISE_SIGMA + " (output vst); on it, pooled 2x2, scale-normalised DoG at effective sigma "
                + java.util.Arrays.toString(fusedScales()) + " (cascaded Gaussians at half resolution), max over "
                + "scales, 3x3 max-pool NMS (outputs nms, scale at half resolution).");
    }

    /**
     * Reflect padding (pixels on every side) that the caller applies to the fused model's input: the radius of the
     * denoiser's Gaussian, {@code ceil(3σd)} = 3.
     */
    public static int fusedInputPadding() {
        return radius(DENOISE_SIGMA);
    }

    /** Smooths {@code padded} (already padded by {@code radius(sigma)}) by G(sigma)·gain, writing {@code output}. */
    private static String separableOfPadded(OnnxGraph g, String padded, double sigma, float gain, String output) {
        int r = radius(sigma);
        int k = 2 * r + 1;
        float[] kern = gaussian(sigma, r);
        float[] wx = new float[k];
        for (int j = 0; j < k; j++) {
            wx[j] = kern[j] * gain;
        }
        String h = g.op("Conv", padded, g.floats(wx, 1, 1, 1, k));
        return g.opNamed("Conv", output, List.of(), h, g.floats(kern, 1, 1, k, 1));
    }

    /** Bilinear (half-pixel centres) resize of a half-resolution response to {@code sizes}. */
    private static String upsample(OnnxGraph g, String input, String sizes) {
        return g.op("Resize", OnnxGraph.attrs(OnnxGraph.string("mode", "linear"),
                OnnxGraph.string("coordinate_transformation_mode", "half_pixel")), input, "", "", sizes);
    }

    /**
     * Reflect-pads {@code input} by {@code r} and smooths it with one Gaussian per entry of {@code sigmas} (one output
     * channel each), multiplied by {@code gain}: a horizontal convolution to {@code sigmas.length} channels, then a
     * grouped vertical one.
     */
    private static String separable(OnnxGraph g, String input, double[] sigmas, int r, float gain) {
        return separable(g, input, sigmas, r, gain, null);
    }

    /** As {@link #separable(OnnxGraph, String, double[], int, float)}, writing {@code output} if not null. */
    private static String separable(OnnxGraph g, String input, double[] sigmas, int r, float gain, String output) {
        int c = sigmas.length;
        int k = 2 * r + 1;
        String padded = g.op("Pad", OnnxGraph.attrs(OnnxGraph.string("mode", "reflect")), input,
                g.longs(new long[] {0, 0, r, r, 0, 0, r, r}, 8));
        float[] wx = new float[c * k];
        float[] wy = new float[c * k];
        for (int i = 0; i < c; i++) {
            float[] kern = gaussian(sigmas[i], r);
            for (int j = 0; j < k; j++) {
                wx[i * k + j] = kern[j] * gain;
                wy[i * k + j] = kern[j];
            }
        }
        String h = g.op("Conv", padded, g.floats(wx, c, 1, 1, k));
        String wyName = g.floats(wy, c, 1, k, 1);
        List<OnnxMl.AttributeProto> group = OnnxGraph.attrs(OnnxGraph.integer("group", c));
        return output == null ? g.op("Conv", group, h, wyName) : g.opNamed("Conv", output, group, h, wyName);
    }
}
