package org.reflexscope.core.source;

/** A frame source failed: the camera or the data behind it. The message says what to do. */
public class FrameSourceException extends Exception {
    private static final long serialVersionUID = 1L;

    public FrameSourceException(String message) {
        super(message);
    }

    public FrameSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
