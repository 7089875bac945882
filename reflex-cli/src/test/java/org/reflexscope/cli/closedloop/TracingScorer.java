package org.reflexscope.cli.closedloop;

import java.util.List;
import java.util.Locale;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.detect.EventScorer;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.sim.truth.TrueEvent;

/**
 * Diagnostic ({@code -Dsweep.trace=cell-38} in {@link DivisionCaptureSweepTest}): passes every call to the closed
 * loop's scorer and prints, for each analysed frame from 5 s before the event's onset to 3 s after its split, the
 * detections within 15 µm of where it splits ({@code TRACE}: time, distance, elongation, mean intensity, flux, label)
 * and the frame's event score, so that a missed division can be followed frame by frame.
 */
final class TracingScorer implements EventScorer {
    private final EventScorer delegate;
    private final TrueEvent event;
    private double timeMs = Double.NaN;
    private final StringBuilder line = new StringBuilder();

    TracingScorer(EventScorer delegate, TrueEvent event) {
        this.delegate = delegate;
        this.event = event;
    }

    private boolean inWindow() {
        return timeMs >= event.onsetMs() - 5000 && timeMs <= event.timeMs() + 3000;
    }

    @Override
    public void beginFrame(FrameMetadata frame) {
        timeMs = frame.cameraTimeMs();
        line.setLength(0);
        delegate.beginFrame(frame);
    }

    @Override
    public String label(Detection d, String otherLabel) {
        String label = delegate.label(d, otherLabel);
        double dist = Math.hypot(d.xUm() - event.xUm(), d.yUm() - event.yUm());
        if (inWindow() && dist <= 15) {
            line.append(String.format(Locale.ROOT, " [%.1f um e %.2f i %.0f f %.0f %s]", dist, d.elongation(),
                    d.intensity(), d.flux(), label));
        }
        return label;
    }

    @Override
    public double score(List<Detection> detections) {
        double s = delegate.score(detections);
        if (inWindow()) {
            System.out.printf(Locale.ROOT, "TRACE %s %.1f s (onset%+.1f, split%+.1f) score %.2f:%s%n", event.id(),
                    timeMs / 1000, (timeMs - event.onsetMs()) / 1000, (timeMs - event.timeMs()) / 1000, s, line);
        }
        return s;
    }

    @Override
    public boolean usesFlux() {
        return delegate.usesFlux();
    }

    @Override
    public EventScorer fresh() {
        return new TracingScorer(delegate.fresh(), event);
    }
}
