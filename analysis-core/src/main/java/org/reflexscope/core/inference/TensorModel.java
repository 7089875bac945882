package org.reflexscope.core.inference;

import java.nio.FloatBuffer;

/**
 * A loaded model with preallocated input and output buffers: the per-frame hot path of inference.
 *
 * <p><b>Use.</b> {@link #input(int, int)} returns the input buffer for a {@code width × height} image (reallocated
 * only when the size changes); the caller writes the image row-major into it, calls {@link #run()}, then reads
 * {@link #output(int)}. Buffers are direct, native-order, owned by the model and valid until the next
 * {@code input}/{@code run}/{@code close}.
 *
 * <p><b>Threads.</b> Not thread-safe: one thread at a time (the analyzer thread).
 */
public interface TensorModel extends AutoCloseable {

    /** The model's name (file or resource name). */
    String name();

    /** How the model is fed and read. */
    ModelSpec spec();

    /**
     * The input buffer for a {@code width × height} image, positioned at 0.
     *
     * @throws ModelRunException if the model rejects that size (its message names the accepted sizes)
     */
    FloatBuffer input(int width, int height) throws ModelRunException;

    /** Runs the model on the current input. @throws ModelRunException if the runtime fails */
    void run() throws ModelRunException;

    /** Number of outputs. */
    int outputCount();

    /** Output {@code index}, flat, row-major, positioned at 0. */
    FloatBuffer output(int index);

    /** The shape of output {@code index} for the current input size. */
    long[] outputShape(int index);

    /** Description of where the model runs, e.g. {@code "onnxruntime CPU"}. */
    String device();

    /** Releases native resources; idempotent. */
    @Override
    void close();
}
