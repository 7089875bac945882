package org.reflexscope.cli.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.analysis.AnalysisListener;

/**
 * Writes every analysed frame's detections to {@code detections.csv} in the run folder, one row per detection, for
 * Python ({@code pandas.read_csv}) or Fiji: {@value #HEADER}. Positions in frame pixels ({@code (0,0)} the centre
 * of the top-left pixel) and in stage µm (empty when the frame carries no calibration); size is the diameter in
 * frame pixels; id is unique within the frame.
 *
 * <p>{@link #onResult} runs on the analyzer thread and writes into a buffer; {@link #close} flushes. A write
 * failure is kept and rethrown by {@link #close} (the analysis is not stopped for it).
 */
public final class DetectionsCsv implements AnalysisListener, AutoCloseable {
    /** The header row. */
    public static final String HEADER = "frame,camera_time_ms,id,x_px,y_px,x_um,y_um,size_px,score,label";
    private final BufferedWriter writer;
    private IOException failure;
    private long rows;

    private DetectionsCsv(BufferedWriter writer) {
        this.writer = writer;
    }

    /** Creates (or replaces) {@code file} and writes the header. */
    public static DetectionsCsv create(Path file) throws IOException {
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        w.write(HEADER);
        w.newLine();
        return new DetectionsCsv(w);
    }

    @Override
    public synchronized void onResult(AnalysisResult r) {
        if (failure != null) {
            return;
        }
        try {
            for (Detection d : r.detections()) {
                writer.write(String.format(Locale.ROOT, "%d,%s,%d,%.2f,%.2f,%s,%s,%.2f,%.4g,%s", r.frameSequence(),
                        number(r.frame().cameraTimeMs()), d.id(), d.xPx(), d.yPx(), number(d.xUm()),
                        number(d.yUm()), d.sizePx(), d.score(), d.label().replace(',', ';')));
                writer.newLine();
                rows++;
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "";
    }

    /** Detection rows written so far. */
    public synchronized long rows() {
        return rows;
    }

    /** Flushes and closes the file. @throws UncheckedIOException if a write failed */
    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
        if (failure != null) {
            throw new UncheckedIOException("Writing the detections table failed: " + failure.getMessage(), failure);
        }
    }
}
