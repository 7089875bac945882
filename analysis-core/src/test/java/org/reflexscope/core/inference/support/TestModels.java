package org.reflexscope.core.inference.support;

import ai.onnx.proto.OnnxMl;
import org.reflexscope.core.inference.internal.OnnxGraph;

/** Small real ONNX models built by the tests. */
public final class TestModels {
    private TestModels() {
    }

    /** 3×3 box mean with zero padding, any size: {@code x [1,1,H,W] → y}. */
    public static byte[] boxMean() {
        OnnxGraph g = new OnnxGraph("box").imageInput("x", 1).imageOutput("y", 1);
        g.opNamed("Conv", "y", OnnxGraph.attrs(OnnxGraph.ints("pads", 1, 1, 1, 1)), "x", box(g));
        return g.toBytes("3x3 box mean");
    }

    /** 3×3 box mean on a fixed {@code tile × tile} input. */
    public static byte[] boxMeanFixed(int tile) {
        OnnxGraph g = new OnnxGraph("box-fixed").fixedInput("x", 1, 1, tile, tile).fixedOutput("y", 1, 1, tile, tile);
        g.opNamed("Conv", "y", OnnxGraph.attrs(OnnxGraph.ints("pads", 1, 1, 1, 1)), "x", box(g));
        return g.toBytes("3x3 box mean, fixed tile");
    }

    private static String box(OnnxGraph g) {
        float[] k = new float[9];
        java.util.Arrays.fill(k, 1f / 9);
        return g.floats(k, 1, 1, 3, 3);
    }

    /** {@code sigmoid(gain·(x − centre))}: a probability map. */
    public static byte[] sigmoidMap(float gain, float centre) {
        OnnxGraph g = new OnnxGraph("sigmoid").imageInput("x", 1).imageOutput("p", 1);
        g.opNamed("Sigmoid", "p", java.util.List.of(), g.op("Mul", g.op("Sub", "x", g.scalar(centre)),
                g.scalar(gain)));
        return g.toBytes("sigmoid map");
    }

    /** {@code sigmoid(gain·(mean(x) − centre))} as {@code [1, 1]}: a per-frame classifier. */
    public static byte[] meanClassifier(float gain, float centre) {
        OnnxGraph g = new OnnxGraph("classifier").imageInput("x", 1).fixedOutput("s", 1, 1);
        String mean = g.op("ReduceMean", OnnxGraph.attrs(OnnxGraph.ints("axes", 2, 3), OnnxGraph.integer("keepdims",
                0)), "x");
        g.opNamed("Sigmoid", "s", java.util.List.of(), g.op("Mul", g.op("Sub", mean, g.scalar(centre)),
                g.scalar(gain)));
        return g.toBytes("mean classifier");
    }

    /** {@code x / 0}: Inf/NaN outputs. */
    public static byte[] divideByZero() {
        OnnxGraph g = new OnnxGraph("div0").imageInput("x", 1).imageOutput("y", 1);
        g.opNamed("Div", "y", java.util.List.of(), "x", g.scalar(0f));
        return g.toBytes("divide by zero");
    }

    /** An int32 input cast to float. */
    public static byte[] int32Input() {
        OnnxGraph g = new OnnxGraph("int32").typedInput("x", OnnxMl.TensorProto.DataType.INT32, 1, 1, 8, 8)
                .fixedOutput("y", 1, 1, 8, 8);
        g.opNamed("Cast", "y", OnnxGraph.attrs(OnnxGraph.integer("to", 1)), "x");
        return g.toBytes("int32 input");
    }

    /** Two inputs added. */
    public static byte[] twoInputs() {
        OnnxGraph g = new OnnxGraph("two").imageInput("a", 1).imageInput("b", 1).imageOutput("y", 1);
        g.opNamed("Add", "y", java.util.List.of(), "a", "b");
        return g.toBytes("two inputs");
    }

    /** Reference 3×3 box mean with zero padding. */
    public static float[] boxMeanReference(float[] img, int w, int h) {
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int qx = x + dx;
                        int qy = y + dy;
                        if (qx >= 0 && qx < w && qy >= 0 && qy < h) {
                            s += img[qy * w + qx];
                        }
                    }
                }
                out[y * w + x] = (float) (s / 9);
            }
        }
        return out;
    }
}
