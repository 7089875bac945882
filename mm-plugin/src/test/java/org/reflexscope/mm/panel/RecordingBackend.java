package org.reflexscope.mm.panel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small in-memory backend for panel tests: it follows the run lifecycle, records the calls it received, checks
 * model files by existence and suffix, and makes one decision per refresh while running.
 */
class RecordingBackend implements ReflexBackend {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile RunSettings started;
    volatile double zUm = 100;
    private RunState state = RunState.IDLE;
    private final List<DecisionRow> decisions = new ArrayList<>();
    private long frames;
    volatile boolean closed;

    @Override
    public ModelCheck checkModel(Path model) {
        calls.add("checkModel " + model);
        if (model.toString().isEmpty()) {
            return ModelCheck.usable("embedded default model");
        }
        if (!Files.isRegularFile(model)) {
            return ModelCheck.unusable(model + " does not exist");
        }
        return model.toString().endsWith(".onnx") ? ModelCheck.usable("ONNX model " + model.getFileName())
                : ModelCheck.unusable("not an ONNX file: " + model.getFileName());
    }

    @Override
    public double currentZUm() {
        return zUm;
    }

    @Override
    public synchronized void start(RunSettings settings) throws BackendException {
        calls.add("start");
        if (state == RunState.RUNNING || state == RunState.PAUSED) {
            throw new BackendException("A run is already active.");
        }
        started = settings;
        state = RunState.RUNNING;
    }

    @Override
    public synchronized void pause() {
        calls.add("pause");
        if (state == RunState.RUNNING) {
            state = RunState.PAUSED;
        }
    }

    @Override
    public synchronized void resume() {
        calls.add("resume");
        if (state == RunState.PAUSED) {
            state = RunState.RUNNING;
        }
    }

    @Override
    public synchronized void stop() {
        calls.add("stop");
        state = RunState.IDLE;
    }

    @Override
    public synchronized RunStatus status() {
        if (state == RunState.RUNNING) {
            frames += 10;
            decisions.add(new DecisionRow(frames, "refocus", "moveZ +0.5 µm", "accepted", !started.dryRun(), 3.0));
        }
        return RunStatus.builder().optState(state).optDryRun(started != null && started.dryRun())
                .optFramesPerSecond(state == RunState.RUNNING ? 50 : 0).optDecisionLatencyMs(3.0, 7.5)
                .optFrames(frames, frames / 2, 0).optDetections(frames / 5).build();
    }

    @Override
    public synchronized List<DecisionRow> recentDecisions(int max) {
        return List.copyOf(decisions.subList(Math.max(0, decisions.size() - max), decisions.size()));
    }

    @Override
    public void close() {
        closed = true;
    }
}
