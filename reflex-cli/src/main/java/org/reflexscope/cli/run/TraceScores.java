package org.reflexscope.cli.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reflexscope.sim.score.FrameRecord;
import org.reflexscope.sim.score.HiResRecord;
import org.reflexscope.sim.score.RunTrace;
import org.reflexscope.sim.truth.TrueEvent;

/**
 * A simulated run scored against its ground truth: focus error, tracking error, events captured at high resolution,
 * light dose. Immutable; computed by {@link #of}.
 *
 * <p>Definitions: focus error is {@code stageZ − true focal plane} per live frame; tracking error the distance of
 * the true target from the field centre. An event counts as captured when a high-resolution acquisition started
 * between its onset and {@code captureSlackMs} after its split, with the event's position inside the acquisition's
 * field of view; an acquisition that captured no event is a false trigger.
 */
public final class TraceScores {
    private final long frames;
    private final double focusRmsUm;
    private final double focusMaxUm;
    private final double focusWithinDof;
    private final double dofUm;
    private final double trackingRmsUm;
    private final double trackingMaxUm;
    private final double trackingWithinTenth;
    private final double fovUm;
    private final int events;
    private final int captured;
    private final int hiRes;
    private final int falseTriggers;
    private final double meanDelayS;
    private final double doseMs;
    private final double liveDoseMs;

    private TraceScores(long frames, double focusRmsUm, double focusMaxUm, double focusWithinDof, double dofUm,
            double trackingRmsUm, double trackingMaxUm, double trackingWithinTenth, double fovUm, int events,
            int captured, int hiRes, int falseTriggers, double meanDelayS, double doseMs, double liveDoseMs) {
        this.frames = frames;
        this.focusRmsUm = focusRmsUm;
        this.focusMaxUm = focusMaxUm;
        this.focusWithinDof = focusWithinDof;
        this.dofUm = dofUm;
        this.trackingRmsUm = trackingRmsUm;
        this.trackingMaxUm = trackingMaxUm;
        this.trackingWithinTenth = trackingWithinTenth;
        this.fovUm = fovUm;
        this.events = events;
        this.captured = captured;
        this.hiRes = hiRes;
        this.falseTriggers = falseTriggers;
        this.meanDelayS = meanDelayS;
        this.doseMs = doseMs;
        this.liveDoseMs = liveDoseMs;
    }

    /**
     * Scores {@code trace}.
     *
     * @param dofUm depth of field of the live objective (µm): focus within ±dof/2 counts as in focus
     * @param fovUm field of view width of the live image (µm): tracking within 10% of it counts as centred
     * @param captureSlackMs how long after an event's split an acquisition still captures it
     */
    public static TraceScores of(RunTrace trace, double dofUm, double fovUm, double captureSlackMs) {
        List<FrameRecord> fr = trace.frames();
        double fSum = 0;
        double fMax = 0;
        long fN = 0;
        long fIn = 0;
        double tSum = 0;
        double tMax = 0;
        long tN = 0;
        long tIn = 0;
        double live = 0;
        double first = Double.NaN;
        double last = Double.NaN;
        for (FrameRecord f : fr) {
            if (Double.isNaN(first)) {
                first = f.timeMs();
            }
            last = f.timeMs();
            live += f.doseMs();
            double e = f.focusErrorUm();
            if (Double.isFinite(e)) {
                fSum += e * e;
                fMax = Math.max(fMax, Math.abs(e));
                fN++;
                if (Math.abs(e) <= dofUm / 2) {
                    fIn++;
                }
            }
            double t = f.trackingErrorUm();
            if (Double.isFinite(t)) {
                tSum += t * t;
                tMax = Math.max(tMax, t);
                tN++;
                if (t <= 0.1 * fovUm) {
                    tIn++;
                }
            }
        }
        double hiDose = 0;
        for (HiResRecord h : trace.hiRes()) {
            hiDose += h.doseMs();
        }
        int nEvents = 0;
        int nCaptured = 0;
        double delaySum = 0;
        boolean[] useful = new boolean[trace.hiRes().size()];
        for (TrueEvent ev : trace.events()) {
            if (Double.isNaN(first) || ev.onsetMs() < first || ev.onsetMs() > last) {
                continue;
            }
            nEvents++;
            boolean hit = false;
            for (int i = 0; i < trace.hiRes().size(); i++) {
                HiResRecord h = trace.hiRes().get(i);
                if (h.timeMs() >= ev.onsetMs() && h.timeMs() <= ev.timeMs() + captureSlackMs
                        && h.contains(ev.xUm(), ev.yUm())) {
                    useful[i] = true;
                    if (!hit) {
                        delaySum += (h.timeMs() - ev.onsetMs()) / 1000.0;
                        hit = true;
                    }
                }
            }
            if (hit) {
                nCaptured++;
            }
        }
        int falseT = 0;
        for (boolean u : useful) {
            if (!u) {
                falseT++;
            }
        }
        return new TraceScores(fr.size(), fN > 0 ? Math.sqrt(fSum / fN) : Double.NaN, fN > 0 ? fMax : Double.NaN,
                fN > 0 ? fIn / (double) fN : Double.NaN, dofUm, tN > 0 ? Math.sqrt(tSum / tN) : Double.NaN,
                tN > 0 ? tMax : Double.NaN, tN > 0 ? tIn / (double) tN : Double.NaN, fovUm, nEvents, nCaptured,
                trace.hiRes().size(), falseT, nCaptured > 0 ? delaySum / nCaptured : Double.NaN, live + hiDose,
                live);
    }

    /** Live frames scored. */
    public long frames() {
        return frames;
    }

    public double focusRmsUm() {
        return focusRmsUm;
    }

    public double focusMaxUm() {
        return focusMaxUm;
    }

    /** Fraction of frames with |focus error| ≤ depth of field / 2. */
    public double focusWithinDepthOfField() {
        return focusWithinDof;
    }

    public double depthOfFieldUm() {
        return dofUm;
    }

    public double trackingRmsUm() {
        return trackingRmsUm;
    }

    public double trackingMaxUm() {
        return trackingMaxUm;
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
        return events;
    }

    public int eventsCaptured() {
        return captured;
    }

    /** Captured / events, or NaN without events. */
    public double recall() {
        return events > 0 ? captured / (double) events : Double.NaN;
    }

    /** High-resolution acquisitions made. */
    public int hiResAcquisitions() {
        return hiRes;
    }

    public int falseTriggers() {
        return falseTriggers;
    }

    /** Useful acquisitions / all acquisitions, or NaN without acquisitions. */
    public double precision() {
        return hiRes > 0 ? (hiRes - falseTriggers) / (double) hiRes : Double.NaN;
    }

    /** Mean time from event onset to its first capturing acquisition, s. */
    public double meanTriggerDelayS() {
        return meanDelayS;
    }

    /** Light dose of the whole run (live + high resolution), exposure-ms × relative illumination. */
    public double lightDoseMs() {
        return doseMs;
    }

    /** Light dose of the live frames only. */
    public double liveLightDoseMs() {
        return liveDoseMs;
    }

    /** The scores as ordered JSON-friendly values (NaN becomes {@code null}). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("framesScored", frames);
        Map<String, Object> focus = new LinkedHashMap<>();
        focus.put("rmsErrorUm", num(focusRmsUm));
        focus.put("maxErrorUm", num(focusMaxUm));
        focus.put("fractionWithinDepthOfField", num(focusWithinDof));
        focus.put("depthOfFieldUm", num(dofUm));
        m.put("focus", focus);
        Map<String, Object> tr = new LinkedHashMap<>();
        tr.put("rmsErrorUm", num(trackingRmsUm));
        tr.put("maxErrorUm", num(trackingMaxUm));
        tr.put("fractionWithinTenthOfField", num(trackingWithinTenth));
        tr.put("fieldOfViewUm", num(fovUm));
        m.put("tracking", tr);
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("events", events);
        ev.put("captured", captured);
        ev.put("recall", num(recall()));
        ev.put("hiResAcquisitions", hiRes);
        ev.put("falseTriggers", falseTriggers);
        ev.put("precision", num(precision()));
        ev.put("meanTriggerDelayS", num(meanDelayS));
        m.put("events", ev);
        Map<String, Object> dose = new LinkedHashMap<>();
        dose.put("totalMs", num(doseMs));
        dose.put("liveMs", num(liveDoseMs));
        m.put("lightDose", dose);
        return m;
    }

    static Object num(double v) {
        return Double.isFinite(v) ? (Object) v : null;
    }
}
