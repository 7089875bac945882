package org.reflexscope.core.inference.internal;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import org.reflexscope.core.inference.ModelLoadException;
import org.reflexscope.core.inference.ModelRunException;
import org.reflexscope.core.inference.ModelSpec;
import org.reflexscope.core.inference.TensorModel;

/**
 * A {@link TensorModel} on a DJL {@link Predictor} over the ONNX Runtime engine. DJL cannot write into preallocated
 * outputs: each run creates the input NDArray from the reused direct buffer and copies each output into a reused
 * direct buffer, in a per-run NDManager that is closed after the copy. Kept to measure DJL's overhead against
 * {@link OrtTensorModel} and for deployments that standardise on DJL.
 */
public final class DjlTensorModel implements TensorModel {
    private final Model model;
    private final Predictor<NDList, NDList> predictor;
    private final String name;
    private final ModelSpec spec;
    private final String device;
    private FloatBuffer input;
    private Shape inputShape;
    private int width = -1;
    private int height = -1;
    private FloatBuffer[] outputs = new FloatBuffer[0];
    private long[][] shapes = new long[0][];
    private boolean closed;

    /**
     * Loads ONNX bytes into DJL's OnnxRuntime engine with {@code options} (the CUDA provider is added by the caller
     * when wanted: DJL adds none when given session options).
     *
     * @throws ModelLoadException if DJL or ONNX Runtime rejects the model
     */
    public DjlTensorModel(byte[] bytes, String name, ModelSpec spec, OrtSession.SessionOptions options,
            boolean gpu) throws ModelLoadException {
        this.name = name;
        this.spec = spec;
        this.device = gpu ? "djl onnxruntime CUDA:0" : "djl onnxruntime CPU";
        model = Model.newInstance(name, gpu ? ai.djl.Device.gpu(0) : ai.djl.Device.cpu(), "OnnxRuntime");
        try {
            model.load(new ByteArrayInputStream(bytes), Map.of("sessionOptions", options));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ModelLoadException("Model '" + name + "' could not be loaded by DJL: " + e.getMessage(), e);
        }
        predictor = model.newPredictor(new NoopTranslator());
    }

    /** Name of the DJL engine running the model. */
    public String engineName() {
        return model.getNDManager().getEngine().getEngineName();
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
    public FloatBuffer input(int w, int h) {
        if (w != width || h != height) {
            long[] shape = new long[spec.axes().length()];
            for (int i = 0; i < shape.length; i++) {
                char ax = spec.axes().charAt(i);
                shape[i] = ax == 'y' ? h : ax == 'x' ? w : 1;
            }
            inputShape = new Shape(shape);
            input = ByteBuffer.allocateDirect(w * h * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            width = w;
            height = h;
        }
        input.clear();
        return input;
    }

    @Override
    public void run() throws ModelRunException {
        if (input == null) {
            throw new IllegalStateException("Call input(width, height) and fill it before run()");
        }
        try (NDManager m = model.getNDManager().newSubManager()) {
            input.rewind();
            NDArray x = m.create(input, inputShape);
            NDList out = predictor.predict(new NDList(x));
            if (outputs.length != out.size()) {
                outputs = new FloatBuffer[out.size()];
                shapes = new long[out.size()][];
            }
            for (int i = 0; i < out.size(); i++) {
                NDArray o = out.get(i);
                int n = Math.toIntExact(o.size());
                if (outputs[i] == null || outputs[i].capacity() != n) {
                    outputs[i] = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
                }
                shapes[i] = o.getShape().getShape();
                outputs[i].clear();
                outputs[i].put(o.toByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer());
                o.close();
            }
        } catch (TranslateException | RuntimeException e) {
            throw new ModelRunException("Model '" + name + "' failed in DJL on a " + width + "x" + height + " input: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public int outputCount() {
        return outputs.length;
    }

    @Override
    public FloatBuffer output(int index) {
        FloatBuffer b = outputs[index];
        b.clear();
        return b;
    }

    @Override
    public long[] outputShape(int index) {
        return shapes[index].clone();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        predictor.close();
        model.close();
    }
}
