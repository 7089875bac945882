package org.reflexscope.cli.run;

import org.reflexscope.cli.report.GrowableSeries;
import org.reflexscope.cli.report.Series;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.pipeline.Recorder;

/**
 * A {@link Recorder} that keeps, for every frame, its camera time and stage position: the data behind the
 * report's frame-interval and focus-position figures. Stores a few numbers per frame in growable primitive arrays
 * (amortised allocation-free).
 *
 * <p><b>Threads.</b> {@link #record} runs on its recorder thread; the {@code *Series()} snapshots may be read from
 * any thread (they synchronise on this recorder).
 */
public final class TimelineRecorder implements Recorder {
    private final GrowableSeries interval = new GrowableSeries(4096);
    private final GrowableSeries z = new GrowableSeries(4096);
    private final GrowableSeries x = new GrowableSeries(4096);
    private final GrowableSeries y = new GrowableSeries(4096);
    private double firstMs = Double.NaN;
    private double lastMs = Double.NaN;
    private long frames;
    private long imageNumberGaps;
    private long lastImageNumber = Long.MIN_VALUE;

    @Override
    public synchronized void record(FrameSlot slot) {
        double t = Double.isFinite(slot.cameraTimeMs()) ? slot.cameraTimeMs() : slot.cameraNanos() / 1e6;
        if (Double.isNaN(firstMs)) {
            firstMs = t;
        }
        double s = t / 1000.0;
        if (!Double.isNaN(lastMs)) {
            interval.add(s, t - lastMs);
        }
        lastMs = t;
        z.add(s, slot.stageZUm());
        x.add(s, slot.stageXUm());
        y.add(s, slot.stageYUm());
        long n = slot.imageNumber();
        if (lastImageNumber != Long.MIN_VALUE && n > lastImageNumber + 1) {
            imageNumberGaps += n - lastImageNumber - 1;
        }
        lastImageNumber = n;
        frames++;
    }

    /** Frames seen. */
    public synchronized long frames() {
        return frames;
    }

    /** Camera time of the first frame in ms (NaN before the first frame). Series are in camera time, s. */
    public synchronized double firstCameraMs() {
        return firstMs;
    }

    /** Image numbers skipped between consecutive frames (frames lost upstream, as seen by this recorder). */
    public synchronized long imageNumberGaps() {
        return imageNumberGaps;
    }

    /** Interval to the previous frame (ms) over camera time (s). */
    public synchronized Series intervalSeries() {
        return interval.snapshot("frame interval");
    }

    /** Stage Z at each frame (µm) over camera time (s). */
    public synchronized Series zSeries() {
        return z.snapshot("focus position (stage Z)");
    }

    /** Stage X at each frame (µm) over camera time (s). */
    public synchronized Series xSeries() {
        return x.snapshot("stage X");
    }

    /** Stage Y at each frame (µm) over camera time (s). */
    public synchronized Series ySeries() {
        return y.snapshot("stage Y");
    }
}
