package org.reflexscope.sim.score;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The numbers a {@link Scorer} makes of one run. Immutable. Undefined values (e.g. a delay when nothing was
 * captured, tracking error without a target) are {@code NaN}. See {@link Scorer} for the definitions.
 */
public final class Score {
    private final int eventsTotal;
    private final int eventsCaptured;
    private final int eventsInView;
    private final int eventsCapturedInView;
    private final int hiResTotal;
    private final int hiResUseful;
    private final double meanDelayMs;
    private final double maxDelayMs;
    private final double focusRmsUm;
    private final double focusMaxUm;
    private final double fractionInFocus;
    private final double trackingRmsUm;
    private final double trackingMaxUm;
    private final double lightDoseMs;
    private final long framesRecorded;
    private final long framesLost;

    Score(int eventsTotal, int eventsCaptured, int eventsInView, int eventsCapturedInView, int hiResTotal, int hiResUseful, double meanDelayMs, double maxDelayMs,
            double focusRmsUm, double focusMaxUm, double fractionInFocus, double trackingRmsUm, double trackingMaxUm,
            double lightDoseMs, long framesRecorded, long framesLost) {
        this.eventsTotal = eventsTotal;
        this.eventsCaptured = eventsCaptured;
        this.eventsInView = eventsInView;
        this.eventsCapturedInView = eventsCapturedInView;
        this.hiResTotal = hiResTotal;
        this.hiResUseful = hiResUseful;
        this.meanDelayMs = meanDelayMs;
        this.maxDelayMs = maxDelayMs;
        this.focusRmsUm = focusRmsUm;
        this.focusMaxUm = focusMaxUm;
        this.fractionInFocus = fractionInFocus;
        this.trackingRmsUm = trackingRmsUm;
        this.trackingMaxUm = trackingMaxUm;
        this.lightDoseMs = lightDoseMs;
        this.framesRecorded = framesRecorded;
        this.framesLost = framesLost;
    }

    /** Events whose onset fell within the run. */
    public int eventsTotal() {
        return eventsTotal;
    }

    /** Of those, events captured by at least one high-resolution acquisition. */
    public int eventsCaptured() {
        return eventsCaptured;
    }

    /** Captured / total events; {@code NaN} if there were none. */
    public double recall() {
        return eventsTotal == 0 ? Double.NaN : eventsCaptured / (double) eventsTotal;
    }

    /** Of the events in the run, those some live frame showed between their onset and split (see {@link Scorer}). */
    public int eventsInView() {
        return eventsInView;
    }

    /** Of the events in view, those captured. */
    public int eventsCapturedInView() {
        return eventsCapturedInView;
    }

    /** Captured / events in view; {@code NaN} if none was in view. */
    public double recallInView() {
        return eventsInView == 0 ? Double.NaN : eventsCapturedInView / (double) eventsInView;
    }

    /** High-resolution acquisitions made. */
    public int hiResTotal() {
        return hiResTotal;
    }

    /** Of those, acquisitions that captured at least one event. */
    public int hiResUseful() {
        return hiResUseful;
    }

    /** Useful / all high-resolution acquisitions; {@code NaN} if there were none. */
    public double precision() {
        return hiResTotal == 0 ? Double.NaN : hiResUseful / (double) hiResTotal;
    }

    /** Mean delay from an event's onset to the first acquisition capturing it, ms. */
    public double meanDelayMs() {
        return meanDelayMs;
    }

    public double maxDelayMs() {
        return maxDelayMs;
    }

    /** RMS of {@code stageZ − focalPlane} over the live frames, µm. */
    public double focusRmsUm() {
        return focusRmsUm;
    }

    /** Largest |{@code stageZ − focalPlane}|, µm. */
    public double focusMaxUm() {
        return focusMaxUm;
    }

    /** Fraction of live frames within half the depth of field of focus ({@code NaN} if no depth of field given). */
    public double fractionInFocus() {
        return fractionInFocus;
    }

    /** RMS distance from the field centre to the tracked target, µm. */
    public double trackingRmsUm() {
        return trackingRmsUm;
    }

    public double trackingMaxUm() {
        return trackingMaxUm;
    }

    /** Σ exposure ms × illumination over live frames and acquisitions. */
    public double lightDoseMs() {
        return lightDoseMs;
    }

    public long framesRecorded() {
        return framesRecorded;
    }

    public long framesLost() {
        return framesLost;
    }

    /** Every number by name, in a stable order (for JSON reports). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventsTotal", eventsTotal);
        m.put("eventsCaptured", eventsCaptured);
        m.put("recall", recall());
        m.put("eventsInView", eventsInView);
        m.put("eventsCapturedInView", eventsCapturedInView);
        m.put("hiResTotal", hiResTotal);
        m.put("hiResUseful", hiResUseful);
        m.put("precision", precision());
        m.put("meanDelayMs", meanDelayMs);
        m.put("maxDelayMs", maxDelayMs);
        m.put("focusRmsUm", focusRmsUm);
        m.put("focusMaxUm", focusMaxUm);
        m.put("fractionInFocus", fractionInFocus);
        m.put("trackingRmsUm", trackingRmsUm);
        m.put("trackingMaxUm", trackingMaxUm);
        m.put("lightDoseMs", lightDoseMs);
        m.put("framesRecorded", framesRecorded);
        m.put("framesLost", framesLost);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Score && toMap().equals(((Score) o).toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Score{");
        toMap().forEach((k, v) -> sb.append(k).append('=').append(v instanceof Double
                ? String.format(Locale.ROOT, "%.4g", (Double) v) : v).append(", "));
        sb.setLength(sb.length() - 2);
        return sb.append('}').toString();
    }
}
