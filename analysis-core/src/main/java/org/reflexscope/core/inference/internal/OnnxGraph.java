package org.reflexscope.core.inference.internal;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.List;

/**
 * A small builder of ONNX image graphs (NCHW, float32) over the ONNX protobuf classes: nodes, float/int64
 * initialisers and dynamic-size image inputs/outputs. Used at build time by {@link DefaultModelWriter} and by tests
 * that need small real models. Not thread-safe; one builder per graph.
 */
public final class OnnxGraph {
    /** ONNX operator set used by every graph written here. */
    public static final int OPSET = 13;

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private int counter;

    /** A graph named {@code name}. */
    public OnnxGraph(String name) {
        graph.setName(name);
    }

    /** Declares a float32 input of shape {@code [1, channels, H, W]} with symbolic H and W. */
    public OnnxGraph imageInput(String name, int channels) {
        graph.addInput(imageValue(name, channels, OnnxMl.TensorProto.DataType.FLOAT));
        return this;
    }

    /** Declares a float32 input of a fixed shape. */
    public OnnxGraph fixedInput(String name, long... shape) {
        graph.addInput(fixedValue(name, OnnxMl.TensorProto.DataType.FLOAT, shape));
        return this;
    }

    /** Declares an input of a fixed shape and element type (tests of unsupported types). */
    public OnnxGraph typedInput(String name, OnnxMl.TensorProto.DataType type, long... shape) {
        graph.addInput(fixedValue(name, type, shape));
        return this;
    }

    /** Declares a float32 output of shape {@code [1, channels, H, W]}. */
    public OnnxGraph imageOutput(String name, int channels) {
        graph.addOutput(imageValue(name, channels, OnnxMl.TensorProto.DataType.FLOAT));
        return this;
    }

    /**
     * Declares a float32 output of shape {@code [1, channels, heightParam, widthParam]} with its own symbolic sizes
     * (e.g. a half-resolution output).
     */
    public OnnxGraph imageOutput(String name, int channels, String heightParam, String widthParam) {
        graph.addOutput(value(name, OnnxMl.TensorProto.DataType.FLOAT, shape(channels, heightParam, widthParam)));
        return this;
    }

    /** Declares a float32 output of a fixed shape. */
    public OnnxGraph fixedOutput(String name, long... shape) {
        graph.addOutput(fixedValue(name, OnnxMl.TensorProto.DataType.FLOAT, shape));
        return this;
    }

    /** Adds a float initialiser and returns its name. */
    public String floats(float[] values, long... dims) {
        String name = "c" + (counter++);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        for (float v : values) {
            t.addFloatData(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Adds a scalar float initialiser and returns its name. */
    public String scalar(float value) {
        return floats(new float[] {value});
    }

    /** Adds an int64 initialiser and returns its name. */
    public String longs(long[] values, long... dims) {
        String name = "c" + (counter++);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Adds a node with a fresh output name; returns the output. */
    public String op(String opType, List<OnnxMl.AttributeProto> attributes, String... inputs) {
        return opNamed(opType, "t" + (counter++), attributes, inputs);
    }

    /** Adds a node with no attributes; returns the output. */
    public String op(String opType, String... inputs) {
        return op(opType, List.of(), inputs);
    }

    /** Adds a node writing {@code output}; returns it. */
    public String opNamed(String opType, String output, List<OnnxMl.AttributeProto> attributes, String... inputs) {
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(opType).setName("n" + (counter++))
                .addOutput(output);
        for (String in : inputs) {
            n.addInput(in);
        }
        n.addAllAttribute(attributes);
        graph.addNode(n);
        return output;
    }

    /** An integer-list attribute. */
    public static OnnxMl.AttributeProto ints(String name, long... values) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    /** An integer attribute. */
    public static OnnxMl.AttributeProto integer(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(value).build();
    }

    /** A string attribute. */
    public static OnnxMl.AttributeProto string(String name, String value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
    }

    /** The serialised model, with producer and documentation strings. */
    public byte[] toBytes(String docString) {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setIrVersion(7)
                .setProducerName("reflex-default-models").setProducerVersion("1").setDocString(docString)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph).build();
        return model.toByteArray();
    }

    private static OnnxMl.ValueInfoProto imageValue(String name, int channels, OnnxMl.TensorProto.DataType type) {
        return value(name, type, shape(channels, "H", "W"));
    }

    private static OnnxMl.TensorShapeProto shape(int channels, String heightParam, String widthParam) {
        return OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(1))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(channels))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(heightParam))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(widthParam)).build();
    }

    private static OnnxMl.ValueInfoProto fixedValue(String name, OnnxMl.TensorProto.DataType type, long[] dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return value(name, type, shape.build());
    }

    private static OnnxMl.ValueInfoProto value(String name, OnnxMl.TensorProto.DataType type,
            OnnxMl.TensorShapeProto shape) {
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
                .build();
    }

    /** Attribute lists, for readability at call sites. */
    public static List<OnnxMl.AttributeProto> attrs(OnnxMl.AttributeProto... a) {
        List<OnnxMl.AttributeProto> list = new ArrayList<>();
        for (OnnxMl.AttributeProto x : a) {
            list.add(x);
        }
        return list;
    }
}
