package org.reflexscope.cli.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.reflexscope.cli.report.Thumbnail;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.record.NdTiffRecorder;
import org.reflexscope.policy.engine.EngineListener;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.AcquisitionRequest;

/**
 * Saves each high-resolution acquisition as its own NDTiff dataset ({@code hires/hires-001/}, ...) on a
 * background thread ({@code reflex-hires-writer}), so the engine's decision thread only hands the stack over, and
 * keeps one thumbnail per acquisition (its middle plane) for the report.
 *
 * <p><b>Threads.</b> {@link #onStack} on the decision thread; {@link #finish} from the thread ending the run.
 * Failures to write are collected and reported by {@link #errors()}, never swallowed.
 */
public final class HiResWriter implements EngineListener, AutoCloseable {
    private final Path dir;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "reflex-hires-writer");
        t.setDaemon(true);
        return t;
    });
    private final List<Thumbnail> thumbnails = new ArrayList<>();
    private final List<Path> datasets = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private int count;

    public HiResWriter(Path dir) {
        this.dir = dir;
    }

    @Override
    public synchronized void onStack(AcquiredStack stack) {
        count++;
        String name = String.format(Locale.ROOT, "hires-%03d", count);
        List<Frame> frames = stack.frames();
        if (frames.isEmpty()) {
            errors.add(name + ": the acquisition returned no frames");
            return;
        }
        Frame middle = frames.get(frames.size() / 2);
        double t = frames.get(0).metadata().cameraTimeMs() / 1000.0;
        thumbnails.add(Thumbnail.of(String.format(Locale.ROOT, "%s at %.1f s, %s, %d %s", name, t,
                stack.state().preset("Objective"), frames.size(),
                stack.request().kind() == AcquisitionRequest.Kind.Z_STACK ? "planes" : "frames"), middle));
        writer.execute(() -> write(name, stack));
    }

    private void write(String name, AcquiredStack stack) {
        Path target = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            Map<String, String> summary = new LinkedHashMap<>();
            AcquisitionRequest r = stack.request();
            summary.put("Reflex-Acquisition", r.toString());
            summary.put("Reflex-Objective", stack.state().preset("Objective"));
            if (r.kind() == AcquisitionRequest.Kind.Z_STACK) {
                summary.put("z-step_um", Double.toString(r.zStepUm()));
            }
            NdTiffRecorder.writeStack(target, r.kind() == AcquisitionRequest.Kind.Z_STACK ? "z" : "time",
                    stack.frames(), summary);
            synchronized (this) {
                datasets.add(target);
            }
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                errors.add(name + " could not be saved to " + target + ": " + e.getMessage());
            }
        }
    }

    /**
     * Waits for pending writes (up to {@code timeoutS}); acquisitions still unwritten then are reported in
     * {@link #errors()}.
     *
     * @return whether all were written in time
     */
    public boolean finish(long timeoutS) throws InterruptedException {
        writer.shutdown();
        boolean done = writer.awaitTermination(timeoutS, TimeUnit.SECONDS);
        if (!done) {
            synchronized (this) {
                errors.add("High-resolution datasets were still being written after " + timeoutS + " s; the last "
                        + (count - datasets.size()) + " may be incomplete in " + dir);
            }
        }
        return done;
    }

    public synchronized List<Thumbnail> thumbnails() {
        return new ArrayList<>(thumbnails);
    }

    /** Datasets written, in acquisition order. */
    public synchronized List<Path> datasets() {
        return new ArrayList<>(datasets);
    }

    public synchronized int acquisitions() {
        return count;
    }

    public synchronized List<String> errors() {
        return new ArrayList<>(errors);
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }
}
