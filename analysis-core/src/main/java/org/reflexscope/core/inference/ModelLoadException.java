package org.reflexscope.core.inference;

/**
 * A model could not be loaded or did not pass its load-time checks (corrupt file, unsupported input layout or type,
 * test tensors not reproduced, device unavailable). The message names the problem and what to do.
 */
public class ModelLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
