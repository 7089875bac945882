package org.reflexscope.core.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Locale;
import org.reflexscope.core.inference.internal.DjlTensorModel;
import org.reflexscope.core.inference.internal.OrtTensorModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads models onto a device: the one entry point to ONNX Runtime. Always offline: the constructor sets
 * {@code ai.djl.offline=true} unless the JVM already sets it, so no model runtime ever reaches the network.
 *
 * <p><b>Device.</b> {@link Device#AUTO} tries the CUDA execution provider once per runtime; when it does not load
 * (CPU-only ONNX Runtime jar, missing CUDA libraries, no GPU) it logs one line saying why and uses the CPU.
 * {@link Device#GPU} fails with a {@link ModelLoadException} instead.
 *
 * <p><b>Threads.</b> {@link #load} may be called from any thread (calls are serialised); each returned model is
 * used by one thread.
 * Closing the runtime does not close models already loaded: close them yourself.
 */
public final class InferenceRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceRuntime.class);

    private final Device requested;
    private final int threads;
    private final Backend backend;
    private final OrtEnvironment env;
    private Boolean gpuWorks; // guarded by this
    private String gpuFailure = "";

    /** Which API runs the models. */
    public enum Backend {
        /** A raw {@code OrtSession} writing into preallocated outputs: the default, no per-frame allocation. */
        ONNX_RUNTIME,
        /** A DJL {@code Predictor} on DJL's OnnxRuntime engine: one output copy per run (measured overhead). */
        DJL
    }

    /**
     * A runtime for {@code device}, with {@code threads} intra-op threads per model (0 = ONNX Runtime's default),
     * on raw ONNX Runtime sessions.
     */
    public InferenceRuntime(Device device, int threads) {
        this(device, threads, Backend.ONNX_RUNTIME);
    }

    /** A runtime for {@code device} on {@code backend}. */
    public InferenceRuntime(Device device, int threads, Backend backend) {
        this.backend = java.util.Objects.requireNonNull(backend, "backend");
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("Thread count must be >= 0 (0 = default), got " + threads);
        }
        this.requested = java.util.Objects.requireNonNull(device, "device");
        this.threads = threads;
        // DJL's OnnxRuntime engine creates the process-wide OrtEnvironment with its own thread-pool options and
        // fails if one already exists: start it first so both APIs share one environment.
        ai.djl.engine.Engine.getEngine("OnnxRuntime");
        this.env = OrtEnvironment.getEnvironment();
    }

    /** The device asked for. */
    public Device requestedDevice() {
        return requested;
    }

    /**
     * Loads a model, then checks it against each of the source's test cases.
     *
     * @throws ModelLoadException for a corrupt or unreadable model, an unsupported input/output (type, rank,
     *     channels), an unavailable GPU when {@link Device#GPU} was asked, or a test case that does not reproduce
     */
    public synchronized TensorModel load(ModelSource source) throws ModelLoadException {
        OrtSession session = null;
        String device = "onnxruntime CPU";
        if (backend == Backend.DJL) {
            return loadDjl(source);
        }
        if (requested != Device.CPU && gpuUsable()) {
            try {
                session = env.createSession(source.bytesUnsafe(), options(true, source));
                device = "onnxruntime CUDA:0";
            } catch (OrtException e) {
                if (requested == Device.GPU) {
                    throw gpuUnavailable(e.getMessage(), e);
                }
                gpuWorks = false;
                gpuFailure = e.getMessage();
                LOG.warn("GPU not used, running on CPU: CUDA session for '{}' failed: {}", source.name(),
                        e.getMessage());
            }
        } else if (requested == Device.GPU) {
            throw gpuUnavailable(gpuFailure, null);
        }
        if (session == null) {
            try {
                session = env.createSession(source.bytesUnsafe(), options(false, source));
            } catch (OrtException e) {
                throw new ModelLoadException("Model '" + source.name() + "' is not a valid ONNX model ("
                        + e.getMessage().trim() + "). Check that the file is a complete .onnx export (opset <= 21),"
                        + " not truncated or another format.", e);
            }
        }
        TensorModel model = new OrtTensorModel(env, session, source.name(), source.spec(), device);
        try {
            for (ModelSource.TestCase tc : source.testCases()) {
                check(model, tc);
            }
        } catch (ModelLoadException e) {
            model.close();
            throw e;
        }
        return model;
    }

    private TensorModel loadDjl(ModelSource source) throws ModelLoadException {
        boolean gpu = requested != Device.CPU && gpuUsable();
        if (requested == Device.GPU && !gpu) {
            throw gpuUnavailable(gpuFailure, null);
        }
        TensorModel model;
        try {
            model = new DjlTensorModel(source.bytesUnsafe(), source.name(), source.spec(), options(gpu, source),
                    gpu);
        } catch (OrtException e) {
            throw new ModelLoadException("Session options for '" + source.name() + "' failed: " + e.getMessage(), e);
        }
        try {
            for (ModelSource.TestCase tc : source.testCases()) {
                check(model, tc);
            }
        } catch (ModelLoadException e) {
            model.close();
            throw e;
        }
        return model;
    }

    private ModelLoadException gpuUnavailable(String why, Throwable cause) {
        return new ModelLoadException("Device gpu was requested but the CUDA execution provider is unavailable ("
                + why + "). Build with -Pgpu (onnxruntime_gpu), install CUDA 12 and cuDNN 9, or use device auto/cpu.",
                cause);
    }

    /** What to do when the failure says this is the CPU build (no CUDA provider library at all). */
    static String cpuBuildHint(String failure) {
        return failure.contains("Failed to find CUDA shared provider")
                ? ". This build has the CPU ONNX Runtime: build with -Pgpu (and CUDA 12 + cuDNN 9 installed) to use"
                        + " a GPU"
                : "";
    }

    private synchronized boolean gpuUsable() {
        if (gpuWorks == null) {
            try (OrtSession.SessionOptions probe = new OrtSession.SessionOptions()) {
                probe.addCUDA(0);
                gpuWorks = true;
            } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                gpuWorks = false;
                gpuFailure = String.valueOf(e.getMessage()).trim();
                if (requested == Device.AUTO) {
                    LOG.info("Device auto: running models on the CPU because the CUDA execution provider did not"
                            + " load ({}){}", gpuFailure, cpuBuildHint(gpuFailure));
                }
            }
        }
        return gpuWorks;
    }

    /**
     * Session options for {@code source}. The embedded default models get {@code EXTENDED_OPT}: ALL_OPT adds ONNX
     * Runtime's NCHWc layout transform, which on their single-channel separable convolutions inserts layout reorders
     * and made them 1.7–2.2× slower (interleaved A/B at 512²). Other models keep ALL_OPT (NCHWc pays off for
     * multi-channel CNNs).
     */
    private OrtSession.SessionOptions options(boolean cuda, ModelSource source) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setOptimizationLevel(source.isEmbedded() ? OrtSession.SessionOptions.OptLevel.EXTENDED_OPT
                : OrtSession.SessionOptions.OptLevel.ALL_OPT);
        if (threads > 0) {
            o.setIntraOpNumThreads(threads);
        }
        if (cuda) {
            o.addCUDA(0);
        }
        return o;
    }

    /**
     * Runs one test case through {@code model} with its spec's pre- and postprocessing and compares the result.
     *
     * @throws ModelLoadException if the output has another size, holds NaN/Inf, or differs beyond the tolerances
     */
    static void check(TensorModel model, ModelSource.TestCase tc) throws ModelLoadException {
        float[] in = tc.input();
        int[] scratch = new int[Normalization.HISTOGRAM_BINS];
        for (Normalization n : model.spec().preprocessing()) {
            n.apply(in, 0, in.length, scratch);
        }
        float[] out;
        try {
            FloatBuffer buf = model.input(tc.width(), tc.height());
            buf.put(in);
            model.run();
            FloatBuffer o = model.output(0);
            out = new float[o.remaining()];
            o.get(out);
        } catch (ModelRunException e) {
            throw new ModelLoadException("Model '" + model.name() + "' failed on its test input '" + tc.label()
                    + "': " + e.getMessage(), e);
        }
        for (Normalization n : model.spec().postprocessing()) {
            n.apply(out, 0, out.length, scratch);
        }
        float[] expected = tc.expected();
        if (out.length != expected.length) {
            throw new ModelLoadException("Model '" + model.name() + "' produced " + out.length + " values for test '"
                    + tc.label() + "' but the expected output holds " + expected.length + ". The package's test "
                    + "tensors do not match this model: fix the test output or the model.");
        }
        int bad = 0;
        int firstBad = -1;
        double worst = 0;
        for (int i = 0; i < out.length; i++) {
            if (!Float.isFinite(out[i])) {
                throw new ModelLoadException("Model '" + model.name() + "' produced " + out[i] + " at index " + i
                        + " on test '" + tc.label() + "': NaN/Inf outputs. Check the model's numerics (division,"
                        + " log, sqrt of negative inputs) and its expected input normalisation.");
            }
            double diff = Math.abs(out[i] - expected[i]);
            if (diff > tc.absoluteTolerance() + tc.relativeTolerance() * Math.abs(expected[i])) {
                bad++;
                if (firstBad < 0) {
                    firstBad = i;
                }
                worst = Math.max(worst, diff);
            }
        }
        if (bad > 0) {
            throw new ModelLoadException(String.format(Locale.ROOT, "Model '%s' does not reproduce its test output"
                    + " '%s': %d of %d values differ (first at index %d: got %g, expected %g; max |diff| %g; "
                    + "tolerance rtol=%g atol=%g). The package's test tensors do not match the model or its "
                    + "pre/postprocessing: re-export them together.", model.name(), tc.label(), bad, out.length,
                    firstBad, out[firstBad], expected[firstBad], worst, tc.relativeTolerance(),
                    tc.absoluteTolerance()));
        }
    }

    /** Nothing to release: the ONNX Runtime environment is process-wide and models close themselves. */
    @Override
    public synchronized void close() {
        gpuWorks = null;
    }
}
