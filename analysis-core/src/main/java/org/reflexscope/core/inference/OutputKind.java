package org.reflexscope.core.inference;

/** What a model's (first) output means, and so how the chain uses it. */
public enum OutputKind {
    /** An image of the input's size: the denoised frame; the next steps work on it. */
    DENOISED_IMAGE,
    /** The default detector's outputs: {@code nms} (response at local maxima, 0 elsewhere) and {@code scale}. */
    BLOB_RESPONSE,
    /** A per-pixel probability or heat map in [0, 1]; decoded into detections by connected components. */
    PROBABILITY_MAP,
    /** A per-pixel integer label mask (0 background); each label becomes one detection. */
    LABEL_MASK,
    /** A per-frame score (last element of the output), stored under the spec's score name. */
    FRAME_SCORE
}
