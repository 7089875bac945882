package org.reflexscope.mm.panel;

import java.nio.file.Path;
import java.util.List;

/**
 * The running smart acquisition as the panel drives it: pipeline, analysis and policies over a frame source and a
 * microscope control. The panel owns no acquisition logic; an implementation wires the real modules (over
 * Micro-Manager's core inside Studio, or over the simulator in tests and demos).
 *
 * <p><b>Threads.</b> The panel calls every method from its own background thread, never from the Swing event
 * thread, and one call at a time; methods may block (loading a model, stopping a run).
 */
public interface ReflexBackend extends AutoCloseable {

    /** Loads {@code model} far enough to say whether a run can use it. Never throws for a bad model: says why. */
    ModelCheck checkModel(Path model);

    /** The focus position now, µm (to pre-fill the safety envelope's Z limits). */
    double currentZUm() throws BackendException;

    /**
     * Starts a run with {@code settings} (already validated by the panel).
     *
     * @throws BackendException if a run is active, the model cannot be loaded, or the microscope refuses
     */
    void start(RunSettings settings) throws BackendException;

    /** Stops policies from commanding hardware; streaming and recording continue. No-op when not running. */
    void pause() throws BackendException;

    /** Lets policies command hardware again after {@link #pause()}. */
    void resume() throws BackendException;

    /** Ends the run: stops streaming, finishes recording, writes the run folder. No-op when idle. */
    void stop() throws BackendException;

    /** The live numbers now. */
    RunStatus status();

    /** Up to {@code max} most recent decisions, oldest first. */
    List<DecisionRow> recentDecisions(int max);

    /** Stops any run and releases what the backend holds; idempotent. */
    @Override
    void close();
}
