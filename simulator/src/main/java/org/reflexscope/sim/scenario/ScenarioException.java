package org.reflexscope.sim.scenario;

/**
 * A scenario could not be loaded or is invalid. The message names the field (dotted path, e.g.
 * {@code camera.bitDepth}), what was wrong and the allowed values or range.
 */
public class ScenarioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScenarioException(String message) {
        super(message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
