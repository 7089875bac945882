package org.reflexscope.core.inference.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reflexscope.core.inference.ModelLoadException;
import org.reflexscope.core.inference.ModelRunException;
import org.reflexscope.core.inference.ModelSpec;
import org.reflexscope.core.inference.TensorModel;

/**
 * A {@link TensorModel} on a raw {@link OrtSession}: the input tensor wraps a reused direct buffer and outputs are
 * pinned, preallocated tensors that ONNX Runtime writes into, so a run allocates no pixel memory.
 *
 * <p>On a size change the model runs once to learn its output shapes, then pins outputs of those shapes.
 */
public final class OrtTensorModel implements TensorModel {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String name;
    private final ModelSpec spec;
    private final String device;
    private final String inputName;
    private final String[] outputNames;

    private int width = -1;
    private int height = -1;
    private FloatBuffer inputBuffer;
    private OnnxTensor inputTensor;
    private Map<String, OnnxTensor> inputs;
    private final OnnxTensor[] outputTensors;
    private final FloatBuffer[] outputBuffers;
    private final long[][] outputShapes;
    private Map<String, OnnxTensor> pinned;
    private boolean closed;

    /**
     * Wraps an open session, checking its input against {@code spec}.
     *
     * @throws ModelLoadException for several inputs, a non-float input or output, or an input rank that differs
     *     from the spec's axes; the session is closed
     */
    public OrtTensorModel(OrtEnvironment env, OrtSession session, String name, ModelSpec spec, String device)
            throws ModelLoadException {
        this.env = env;
        this.session = session;
        this.name = name;
        this.spec = spec;
        this.device = device;
        try {
            Map<String, NodeInfo> in = session.getInputInfo();
            if (in.size() != 1) {
                throw new ModelLoadException("Model '" + name + "' has " + in.size() + " inputs " + in.keySet()
                        + "; Reflex feeds exactly one image input. Export the model with a single input.");
            }
            NodeInfo info = in.values().iterator().next();
            inputName = info.getName();
            if (!(info.getInfo() instanceof TensorInfo)) {
                throw new ModelLoadException("Model '" + name + "' input '" + inputName + "' is not a tensor");
            }
            TensorInfo t = (TensorInfo) info.getInfo();
            if (t.type != OnnxJavaType.FLOAT) {
                throw new ModelLoadException("Model '" + name + "' input '" + inputName + "' has unsupported dtype "
                        + t.type + " (" + t.onnxType + "); Reflex feeds float32. Re-export the model with a float32"
                        + " input (e.g. cast inside the graph).");
            }
            long[] shape = t.getShape();
            if (shape.length != spec.axes().length()) {
                throw new ModelLoadException("Model '" + name + "' input '" + inputName + "' has rank "
                        + shape.length + " " + Arrays.toString(shape) + " but the spec's axes are '" + spec.axes()
                        + "' (rank " + spec.axes().length() + "). Fix the spec's axes to match the model.");
            }
            for (int i = 0; i < shape.length; i++) {
                char ax = spec.axes().charAt(i);
                if ((ax == 'b' || ax == 'c') && shape[i] > 1) {
                    throw new ModelLoadException("Model '" + name + "' input axis '" + ax + "' has size " + shape[i]
                            + "; Reflex feeds one single-channel image. Use a model with 1 channel and batch 1.");
                }
            }
            Map<String, NodeInfo> out = session.getOutputInfo();
            outputNames = out.keySet().toArray(new String[0]);
            for (NodeInfo o : out.values()) {
                if (!(o.getInfo() instanceof TensorInfo) || ((TensorInfo) o.getInfo()).type != OnnxJavaType.FLOAT) {
                    throw new ModelLoadException("Model '" + name + "' output '" + o.getName() + "' is "
                            + o.getInfo() + "; Reflex reads float32 tensor outputs. Cast the output to float32 in"
                            + " the graph.");
                }
            }
        } catch (OrtException e) {
            closeQuietly();
            throw new ModelLoadException("Model '" + name + "' could not be inspected: " + e.getMessage(), e);
        } catch (ModelLoadException e) {
            closeQuietly();
            throw e;
        }
        outputTensors = new OnnxTensor[outputNames.length];
        outputBuffers = new FloatBuffer[outputNames.length];
        outputShapes = new long[outputNames.length][];
    }

    private void closeQuietly() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("Closing the session of '" + name + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public FloatBuffer input(int w, int h) throws ModelRunException {
        if (w != width || h != height) {
            allocate(w, h);
        }
        inputBuffer.clear();
        return inputBuffer;
    }

    private void allocate(int w, int h) throws ModelRunException {
        releaseTensors();
        long[] shape = new long[spec.axes().length()];
        for (int i = 0; i < shape.length; i++) {
            char ax = spec.axes().charAt(i);
            shape[i] = ax == 'y' ? h : ax == 'x' ? w : 1;
        }
        inputBuffer = ByteBuffer.allocateDirect(w * h * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        try {
            inputTensor = OnnxTensor.createTensor(env, inputBuffer, shape);
            inputs = Map.of(inputName, inputTensor);
            try (OrtSession.Result probe = session.run(inputs)) {
                Map<String, OnnxTensor> pins = new LinkedHashMap<>();
                for (int i = 0; i < outputNames.length; i++) {
                    TensorInfo info = (TensorInfo) probe.get(i).getInfo();
                    outputShapes[i] = info.getShape();
                    int n = Math.toIntExact(info.getNumElements());
                    outputBuffers[i] = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder())
                            .asFloatBuffer();
                    outputTensors[i] = OnnxTensor.createTensor(env, outputBuffers[i], outputShapes[i]);
                    pins.put(outputNames[i], outputTensors[i]);
                }
                pinned = pins;
            }
        } catch (OrtException e) {
            releaseTensors();
            throw new ModelRunException("Model '" + name + "' does not accept a " + w + "x" + h + " input (shape "
                    + Arrays.toString(shape) + "): " + e.getMessage() + ". Check the spec's tile size"
                    + (spec.tileSize() > 0 ? " (" + spec.tileSize() + ")" : "") + " and axes '" + spec.axes()
                    + "'.", e);
        }
        width = w;
        height = h;
    }

    @Override
    public void run() throws ModelRunException {
        if (inputTensor == null) {
            throw new IllegalStateException("Call input(width, height) and fill it before run()");
        }
        try (OrtSession.Result r = session.run(inputs, pinned)) {
            if (r.size() != outputNames.length) {
                throw new ModelRunException("Model '" + name + "' returned " + r.size() + " outputs, expected "
                        + outputNames.length);
            }
        } catch (OrtException e) {
            throw new ModelRunException("Model '" + name + "' failed on a " + width + "x" + height + " input: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public int outputCount() {
        return outputNames.length;
    }

    @Override
    public FloatBuffer output(int index) {
        FloatBuffer b = outputBuffers[index];
        b.clear();
        return b;
    }

    @Override
    public long[] outputShape(int index) {
        return outputShapes[index].clone();
    }

    private void releaseTensors() {
        if (inputTensor != null) {
            inputTensor.close();
            inputTensor = null;
        }
        for (int i = 0; i < outputTensors.length; i++) {
            if (outputTensors[i] != null) {
                outputTensors[i].close();
                outputTensors[i] = null;
            }
        }
        width = -1;
        height = -1;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        releaseTensors();
        closeQuietly();
    }
}
