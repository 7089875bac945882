package org.reflexscope.sim.score;

import java.util.List;
import org.reflexscope.sim.truth.TrueEvent;

/**
 * Turns a {@link RunTrace} into a {@link Score}. Immutable and thread-safe; made with {@link #builder()}.
 *
 * <p><b>Definitions.</b>
 * <ul>
 *   <li><i>Events in the run</i>: events whose onset lies within [first frame's time, last frame's time].</li>
 *   <li><i>Captured</i>: an event is captured by a high-resolution acquisition that starts within
 *       [onset, split + capture window] (while the precursor is visible, or shortly after the split) and whose
 *       field of view contains the event's position.
 *       <i>Recall</i> = captured / events in the run; <i>precision</i> = acquisitions that captured at least one
 *       event / all acquisitions.</li>
 *   <li><i>In view</i>: an event in the run whose position some live frame between its onset and its split showed
 *       ({@link FrameRecord#shows}); a division whose cell stayed outside the camera's field (the specimen is wider
 *       than the field) could not have been seen. <i>Recall in view</i> = captured in view / events in view.</li>
 *   <li><i>Delay</i>: from an event's onset to the start of the first acquisition capturing it (mean, max).</li>
 *   <li><i>Focus error</i>: {@code stageZ − focalPlane} per live frame with a known focal plane: RMS and max |·|;
 *       <i>in focus</i> if |·| ≤ depth of field / 2.</li>
 *   <li><i>Tracking error</i>: distance from the field centre (stage XY) to the target's true position, per live
 *       frame with a target: RMS and max.</li>
 *   <li><i>Light dose</i>: Σ dose of live frames and acquisitions (exposure ms × illumination).</li>
 *   <li><i>Frames</i>: live frames in the trace, and frames lost upstream.</li>
 * </ul>
 */
public final class Scorer {
    private final double captureWindowMs;
    private final double depthOfFieldUm;

    private Scorer(Builder b) {
        this.captureWindowMs = b.captureWindowMs;
        this.depthOfFieldUm = b.depthOfFieldUm;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link Scorer}; all settings optional. */
    public static final class Builder {
        private double captureWindowMs = 3000;
        private double depthOfFieldUm = Double.NaN;

        private Builder() {
        }

        /**
         * How long after an event's split an acquisition still captures it (default 3000 ms); from the onset of
         * the precursor up to the split it always does.
         */
        public Builder optCaptureAfterSplitMs(double ms) {
            if (!(ms >= 0)) {
                throw new IllegalArgumentException("Capture window must be >= 0 ms, got " + ms);
            }
            captureWindowMs = ms;
            return this;
        }

        /** Depth of field used for {@link Score#fractionInFocus()} (default: not computed). */
        public Builder optDepthOfFieldUm(double um) {
            if (!(um > 0)) {
                throw new IllegalArgumentException("Depth of field must be > 0 µm, got " + um);
            }
            depthOfFieldUm = um;
            return this;
        }

        public Scorer build() {
            return new Scorer(this);
        }
    }

    /** Scores {@code trace} as defined above. */
    public Score score(RunTrace trace) {
        List<FrameRecord> frames = trace.frames();
        double first = frames.isEmpty() ? Double.NaN : frames.get(0).timeMs();
        double last = frames.isEmpty() ? Double.NaN : frames.get(frames.size() - 1).timeMs();
        List<HiResRecord> hiRes = trace.hiRes();
        boolean[] useful = new boolean[hiRes.size()];
        int total = 0;
        int captured = 0;
        int inView = 0;
        int capturedInView = 0;
        double delaySum = 0;
        double delayMax = Double.NaN;
        for (TrueEvent e : trace.events()) {
            if (!(e.onsetMs() >= first && e.onsetMs() <= last)) {
                continue;
            }
            total++;
            boolean seen = false;
            for (int i = 0; i < frames.size() && !seen; i++) {
                FrameRecord f = frames.get(i);
                seen = f.timeMs() >= e.onsetMs() && f.timeMs() <= e.timeMs() && f.shows(e.xUm(), e.yUm());
            }
            inView += seen ? 1 : 0;
            double firstCapture = Double.NaN;
            for (int i = 0; i < hiRes.size(); i++) {
                HiResRecord h = hiRes.get(i);
                if (h.timeMs() >= e.onsetMs() && h.timeMs() <= e.timeMs() + captureWindowMs
                        && h.contains(e.xUm(), e.yUm())) {
                    useful[i] = true;
                    if (Double.isNaN(firstCapture) || h.timeMs() < firstCapture) {
                        firstCapture = h.timeMs();
                    }
                }
            }
            if (!Double.isNaN(firstCapture)) {
                captured++;
                capturedInView += seen ? 1 : 0;
                double d = firstCapture - e.onsetMs();
                delaySum += d;
                delayMax = Double.isNaN(delayMax) ? d : Math.max(delayMax, d);
            }
        }
        int usefulCount = 0;
        for (boolean u : useful) {
            usefulCount += u ? 1 : 0;
        }
        double focusSq = 0;
        double focusMax = Double.NaN;
        int focusN = 0;
        int inFocus = 0;
        double trackSq = 0;
        double trackMax = Double.NaN;
        int trackN = 0;
        double dose = 0;
        for (FrameRecord f : frames) {
            dose += f.doseMs();
            double fe = f.focusErrorUm();
            if (!Double.isNaN(fe)) {
                focusSq += fe * fe;
                focusMax = Double.isNaN(focusMax) ? Math.abs(fe) : Math.max(focusMax, Math.abs(fe));
                focusN++;
                if (Math.abs(fe) <= depthOfFieldUm / 2) {
                    inFocus++;
                }
            }
            double te = f.trackingErrorUm();
            if (!Double.isNaN(te)) {
                trackSq += te * te;
                trackMax = Double.isNaN(trackMax) ? te : Math.max(trackMax, te);
                trackN++;
            }
        }
        for (HiResRecord h : hiRes) {
            dose += h.doseMs();
        }
        return new Score(total, captured, inView, capturedInView, hiRes.size(), usefulCount, captured == 0 ? Double.NaN : delaySum / captured,
                delayMax, focusN == 0 ? Double.NaN : Math.sqrt(focusSq / focusN), focusMax,
                focusN == 0 || Double.isNaN(depthOfFieldUm) ? Double.NaN : inFocus / (double) focusN,
                trackN == 0 ? Double.NaN : Math.sqrt(trackSq / trackN), trackMax, dose, frames.size(),
                trace.framesLost());
    }
}
