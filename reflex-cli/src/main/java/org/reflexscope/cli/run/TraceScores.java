package org.reflexscope.cli.run;

import java.util.LinkedHashMap;
import java.util.Map;
import org.reflexscope.sim.score.FrameRecord;
import org.reflexscope.sim.score.RunTrace;
import org.reflexscope.sim.score.Score;
import org.reflexscope.sim.score.Scorer;

/**
 * A simulated run scored against its ground truth by the simulator's {@link Scorer} (events captured, delays,
 * focus and tracking error, light dose; see its definitions), plus what a run report adds: the fraction of frames
 * with the tracking target within 10% of the field of view from the centre, and the live-only light dose.
 * Immutable; computed by {@link #of}.
 */
public final class TraceScores {
    private final Score score;
    private final long frames;
    private final double dofUm;
    private final double fovUm;
    private final double trackingWithinTenth;
    private final double liveDoseMs;

    private TraceScores(Score score, long frames, double dofUm, double fovUm, double trackingWithinTenth,
            double liveDoseMs) {
        this.score = score;
        this.frames = frames;
        this.dofUm = dofUm;
        this.fovUm = fovUm;
        this.trackingWithinTenth = trackingWithinTenth;
        this.liveDoseMs = liveDoseMs;
    }

    /**
     * Scores {@code trace}.
     *
     * @param dofUm depth of field of the live objective (µm): focus within ±dof/2 counts as in focus
     * @param fovUm field of view width of the live image (µm): tracking within 10% of it counts as centred
     * @param captureAfterSplitMs how long after an event's split an acquisition still captures it (from the
     *     precursor's onset up to the split it always does)
     */
    public static TraceScores of(RunTrace trace, double dofUm, double fovUm, double captureAfterSplitMs) {
        Score s = Scorer.builder().optDepthOfFieldUm(dofUm).optCaptureAfterSplitMs(captureAfterSplitMs).build()
                .score(trace);
        long n = 0;
        long in = 0;
        double live = 0;
        for (FrameRecord f : trace.frames()) {
            live += f.doseMs();
            double t = f.trackingErrorUm();
            if (Double.isFinite(t)) {
                n++;
                if (t <= 0.1 * fovUm) {
                    in++;
                }
            }
        }
        return new TraceScores(s, trace.frames().size(), dofUm, fovUm, n > 0 ? in / (double) n : Double.NaN, live);
    }

    /** The simulator's score. */
    public Score score() {
        return score;
    }

    /** Live frames scored. */
    public long frames() {
        return frames;
    }

    public double focusRmsUm() {
        return score.focusRmsUm();
    }

    public double focusMaxUm() {
        return score.focusMaxUm();
    }

    /** Fraction of frames with |focus error| ≤ depth of field / 2. */
    public double focusWithinDepthOfField() {
        return score.fractionInFocus();
    }

    public double depthOfFieldUm() {
        return dofUm;
    }

    public double trackingRmsUm() {
        return score.trackingRmsUm();
    }

    public double trackingMaxUm() {
        return score.trackingMaxUm();
    }

    /** Fraction of frames with the target within 10% of the field of view from the centre. */
    public double trackingWithinTenthOfField() {
        return trackingWithinTenth;
    }

    public double fieldOfViewUm() {
        return fovUm;
    }

    /** True events whose onset fell within the run. */
    public int events() {
        return score.eventsTotal();
    }

    public int eventsCaptured() {
        return score.eventsCaptured();
    }

    /** True events in the run that a live frame showed before they split. */
    public int eventsInView() {
        return score.eventsInView();
    }

    /** Of those, events captured. */
    public int eventsCapturedInView() {
        return score.eventsCapturedInView();
    }

    /** Captured / events, or NaN without events. */
    public double recall() {
        return score.eventsTotal() > 0 ? score.recall() : Double.NaN;
    }

    /** High-resolution acquisitions made. */
    public int hiResAcquisitions() {
        return score.hiResTotal();
    }

    /** Acquisitions that captured no event. */
    public int falseTriggers() {
        return score.hiResTotal() - score.hiResUseful();
    }

    /** Useful acquisitions / all acquisitions, or NaN without acquisitions. */
    public double precision() {
        return score.hiResTotal() > 0 ? score.precision() : Double.NaN;
    }

    /** Mean time from event onset to its first capturing acquisition, s. */
    public double meanTriggerDelayS() {
        return score.meanDelayMs() / 1000.0;
    }

    /** Light dose of the whole run (live + high resolution), exposure-ms × relative illumination. */
    public double lightDoseMs() {
        return score.lightDoseMs();
    }

    /** Light dose of the live frames only. */
    public double liveLightDoseMs() {
        return liveDoseMs;
    }

    /** The scores as ordered JSON-friendly values (NaN becomes {@code null}). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("framesScored", frames);
        m.put("framesLost", score.framesLost());
        Map<String, Object> focus = new LinkedHashMap<>();
        focus.put("rmsErrorUm", num(focusRmsUm()));
        focus.put("maxErrorUm", num(focusMaxUm()));
        focus.put("fractionWithinDepthOfField", num(focusWithinDepthOfField()));
        focus.put("depthOfFieldUm", num(dofUm));
        m.put("focus", focus);
        Map<String, Object> tr = new LinkedHashMap<>();
        tr.put("rmsErrorUm", num(trackingRmsUm()));
        tr.put("maxErrorUm", num(trackingMaxUm()));
        tr.put("fractionWithinTenthOfField", num(trackingWithinTenth));
        tr.put("fieldOfViewUm", num(fovUm));
        m.put("tracking", tr);
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("events", events());
        ev.put("captured", eventsCaptured());
        ev.put("recall", num(recall()));
        ev.put("inView", eventsInView());
        ev.put("capturedInView", eventsCapturedInView());
        ev.put("hiResAcquisitions", hiResAcquisitions());
        ev.put("falseTriggers", falseTriggers());
        ev.put("precision", num(precision()));
        ev.put("meanTriggerDelayS", num(meanTriggerDelayS()));
        ev.put("maxTriggerDelayS", num(score.maxDelayMs() / 1000.0));
        m.put("events", ev);
        Map<String, Object> dose = new LinkedHashMap<>();
        dose.put("totalMs", num(lightDoseMs()));
        dose.put("liveMs", num(liveDoseMs));
        m.put("lightDose", dose);
        return m;
    }

    static Object num(double v) {
        return Double.isFinite(v) ? (Object) v : null;
    }
}
