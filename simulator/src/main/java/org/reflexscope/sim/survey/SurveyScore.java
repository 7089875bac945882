package org.reflexscope.sim.survey;

import java.util.List;
import java.util.Locale;
import org.reflexscope.sim.score.HiResRecord;
import org.reflexscope.sim.truth.TrueObject;

/**
 * How well a guided survey did against the ground truth: of the true targets, the fraction imaged at high
 * resolution with the object within {@code tolerance} × field width of the field centre; of the high-resolution
 * visits, the fraction centred on no true target (false visits). Only acquisitions with the visit name count
 * (re-centring looks do not); consecutive ones over the same field (a visit's channels and time points) are one
 * visit. Immutable.
 */
public final class SurveyScore {
    private final int trueTargets;
    private final int found;
    private final int visits;
    private final int falseVisits;
    private final double worstCentringUm;

    private SurveyScore(int trueTargets, int found, int visits, int falseVisits, double worstCentringUm) {
        this.trueTargets = trueTargets;
        this.found = found;
        this.visits = visits;
        this.falseVisits = falseVisits;
        this.worstCentringUm = worstCentringUm;
    }

    /**
     * Scores the acquisitions named {@code visitName} in {@code hiRes} against {@code truth}.
     *
     * @param tolerance largest distance of the object from the field centre, as a fraction of the field width
     */
    public static SurveyScore of(List<TrueObject> truth, List<HiResRecord> hiRes, String visitName,
            double tolerance) {
        int found = 0;
        int visits = 0;
        int falseVisits = 0;
        double worst = 0;
        for (TrueObject t : truth) {
            double best = Double.POSITIVE_INFINITY;
            boolean hit = false;
            for (HiResRecord r : hiRes) {
                if (!r.name().equals(visitName)) {
                    continue;
                }
                double d = distanceFromCentre(r, t);
                best = Math.min(best, d);
                hit |= d <= tolerance * (r.maxXUm() - r.minXUm());
            }
            if (hit) {
                found++;
                worst = Math.max(worst, best);
            }
        }
        HiResRecord previous = null;
        for (HiResRecord r : hiRes) {
            if (!r.name().equals(visitName)) {
                continue;
            }
            boolean sameVisit = previous != null && previous.minXUm() == r.minXUm() && previous.maxXUm() == r.maxXUm()
                    && previous.minYUm() == r.minYUm() && previous.maxYUm() == r.maxYUm();
            previous = r;
            if (sameVisit) {
                continue;
            }
            visits++;
            boolean onTarget = false;
            for (TrueObject t : truth) {
                onTarget |= distanceFromCentre(r, t) <= tolerance * (r.maxXUm() - r.minXUm());
            }
            if (!onTarget) {
                falseVisits++;
            }
        }
        return new SurveyScore(truth.size(), found, visits, falseVisits, worst);
    }

    private static double distanceFromCentre(HiResRecord r, TrueObject t) {
        return Math.hypot((r.minXUm() + r.maxXUm()) / 2 - t.xUm(), (r.minYUm() + r.maxYUm()) / 2 - t.yUm());
    }

    public int trueTargets() {
        return trueTargets;
    }

    /** True targets imaged and centred within the tolerance. */
    public int found() {
        return found;
    }

    /** Fraction of true targets found (1 when there are none). */
    public double recall() {
        return trueTargets == 0 ? 1 : found / (double) trueTargets;
    }

    public int visits() {
        return visits;
    }

    public int falseVisits() {
        return falseVisits;
    }

    /** Fraction of visits centred on no true target (0 when there were none). */
    public double falseVisitFraction() {
        return visits == 0 ? 0 : falseVisits / (double) visits;
    }

    /** Largest centring error among the found targets, µm. */
    public double worstCentringUm() {
        return worstCentringUm;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SurveyScore{found %d/%d (%.0f%%), false visits %d/%d, worst centring "
                + "%.2f µm}", found, trueTargets, 100 * recall(), falseVisits, visits, worstCentringUm);
    }
}
