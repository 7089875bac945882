package org.reflexscope.core.inference;

/**
 * A model failed on one frame (runtime error, or NaN/Inf in its output). The pipeline isolates it: the frame's
 * analysis fails, recording continues. The message names the model and what to do.
 */
public class ModelRunException extends Exception {
    private static final long serialVersionUID = 1L;

    public ModelRunException(String message) {
        super(message);
    }

    public ModelRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
