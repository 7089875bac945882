package org.reflexscope.cli.closedloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.score.HiResRecord;
import org.reflexscope.sim.truth.TrueEvent;
import org.reflexscope.sim.truth.TrueObject;

/**
 * The measurement behind docs/closed-loop.md's per-seed tables, on demand ({@code -Dgroups=closed-loop-sweep}):
 * the division trigger's closed loop (as {@link HighResTriggerClosedLoopTest}) over a scenario and seeds named by
 * system properties, constant fast and adaptive, printing each run's captured events, acquisitions, precision and
 * light dose, each missed event with the acquisitions around it, and the pooled totals. Run:
 * {@code mvn -pl reflex-cli -am test -Dtest=DivisionCaptureSweepTest -Dgroups=closed-loop-sweep
 * -Dreflex.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false} with
 * {@code -Dsweep.scenario=rare-divisions} (default), {@code -Dsweep.seeds=11,12}
 * (default 11,12,13,14), {@code -Dsweep.modes=constant,adaptive} (default both), {@code -Dsweep.seconds} (default:
 * the scenario's duration), {@code -Dsweep.false=true} (print every acquisition's centre, and for each that
 * captured no event what its field held, from the ground truth, and every event), {@code -Dsweep.edge},
 * {@code -Dsweep.light}, {@code -Dsweep.lightSplits} (change the scorer, see {@link ClosedLoop#scorer}),
 * {@code -Dsweep.trace=cell-38} or {@code all} (each analysed frame around that event: {@link TracingScorer}). It
 * asserts only that the runs complete and are scored: the numbers are what
 * it is for.
 */
@Tag("closed-loop-sweep")
class DivisionCaptureSweepTest {

    @Test
    void sweep() throws Exception {
        String name = System.getProperty("sweep.scenario", "rare-divisions");
        String modes = System.getProperty("sweep.modes", "constant,adaptive");
        int[] totals = new int[4 * 2];
        int[] inView = new int[2 * 2]; // events in view and captured in view, constant then adaptive
        for (String seedText : System.getProperty("sweep.seeds", "11,12,13,14").split(",")) {
            long seed = Long.parseLong(seedText.trim());
            Scenario s = Scenario.builtIn(name).with("seed", seed);
            double seconds = Double.parseDouble(System.getProperty("sweep.seconds", "" + s.durationS()));
            double constantDose = Double.NaN;
            for (String mode : modes.split(",")) {
                boolean adaptive = mode.trim().equals("adaptive");
                ClosedLoop run = ClosedLoop.run(s, HighResTriggerClosedLoopTest.recipe(adaptive), seconds);
                assertThat(run.score.eventsTotal()).isPositive();
                StringBuilder missed = new StringBuilder();
                for (TrueEvent e : run.trace.events()) {
                    boolean hit = false;
                    for (HiResRecord h : run.trace.hiRes()) {
                        hit |= h.timeMs() >= e.onsetMs() && h.timeMs() <= e.timeMs() + 3000
                                && h.contains(e.xUm(), e.yUm());
                    }
                    if (!hit && e.timeMs() <= seconds * 1000) {
                        missed.append(' ').append(e.id());
                        StringBuilder acq = new StringBuilder();
                        for (HiResRecord h : run.trace.hiRes()) {
                            if (h.timeMs() >= e.onsetMs() - 5000 && h.timeMs() <= e.timeMs() + 5000) {
                                acq.append(String.format(Locale.ROOT, " %.1f%s", h.timeMs() / 1000,
                                        h.contains(e.xUm(), e.yUm()) ? "(in)" : ""));
                            }
                        }
                        System.out.printf(Locale.ROOT, "SWEEP-MISS %s at %.1f,%.1f um, onset %.1f s, split %.1f s; "
                                + "acquisitions from 5 s before to 5 s after ((in): its field holds it):%s%n",
                                e.id(), e.xUm(), e.yUm(), e.onsetMs() / 1000, e.timeMs() / 1000, acq);
                    }
                }
                if (Boolean.getBoolean("sweep.false")) {
                    printFalseAcquisitions(run, adaptive ? "adaptive" : "constant", seed);
                }
                int trueAcq = (int) Math.round(run.score.precision() * run.score.hiResTotal());
                int k = adaptive ? 4 : 0;
                totals[k] += run.score.eventsTotal();
                totals[k + 1] += run.score.eventsCaptured();
                totals[k + 2] += run.score.hiResTotal();
                totals[k + 3] += trueAcq;
                inView[adaptive ? 2 : 0] += run.score.eventsInView();
                inView[adaptive ? 3 : 1] += run.score.eventsCapturedInView();
                if (!adaptive) {
                    constantDose = run.lightDoseMs;
                }
                System.out.printf(Locale.ROOT, "SWEEP %s seed %d %s: %d/%d captured (in view %d/%d), %d acquisitions "
                        + "(%.2f), dose %.0f ms%s; missed:%s%n", name, seed, adaptive ? "adaptive" : "constant",
                        run.score.eventsCaptured(), run.score.eventsTotal(), run.score.eventsCapturedInView(),
                        run.score.eventsInView(), run.score.hiResTotal(),
                        run.score.precision(), run.lightDoseMs, adaptive && Double.isFinite(constantDose)
                                ? String.format(Locale.ROOT, ", ratio %.2f", constantDose / run.lightDoseMs) : "",
                        missed);
            }
        }
        for (int k = 0; k < 2; k++) {
            System.out.printf(Locale.ROOT, "SWEEP %s %s total: %d/%d captured (%.3f), in view %d/%d (%.3f), %d/%d "
                    + "acquisitions true (%.2f)%n", name, k == 0 ? "constant" : "adaptive", totals[4 * k + 1],
                    totals[4 * k], totals[4 * k + 1] / (double) Math.max(1, totals[4 * k]), inView[2 * k + 1],
                    inView[2 * k], inView[2 * k + 1] / (double) Math.max(1, inView[2 * k]), totals[4 * k + 3],
                    totals[4 * k + 2], totals[4 * k + 3] / (double) Math.max(1, totals[4 * k + 2]));
        }
    }

    /**
     * Every acquisition's time and centre ({@code SWEEP-ACQ}), and for each that captured no event what its field
     * held ({@code SWEEP-FALSE}; diagnostic, {@code -Dsweep.false=true}): the true object nearest the field's centre (kind, phase, distance) and that object's nearest neighbour
     * (centre distance, radii), and any event in the field with its timing (before onset / after the window).
     */
    private static void printFalseAcquisitions(ClosedLoop run, String mode, long seed) {
        for (TrueEvent e : run.trace.events()) {
            System.out.printf(Locale.ROOT, "SWEEP-EVENT %s onset %.1f split %.1f at %.1f,%.1f%n", e.id(),
                    e.onsetMs() / 1000, e.timeMs() / 1000, e.xUm(), e.yUm());
        }
        for (HiResRecord h : run.trace.hiRes()) {
            boolean hit = false;
            StringBuilder near = new StringBuilder();
            for (TrueEvent e : run.trace.events()) {
                boolean in = h.contains(e.xUm(), e.yUm());
                hit |= in && h.timeMs() >= e.onsetMs() && h.timeMs() <= e.timeMs() + 3000;
                if (in) {
                    near.append(String.format(Locale.ROOT, " %s(onset%+.1fs,split%+.1fs)", e.id(),
                            (h.timeMs() - e.onsetMs()) / 1000, (h.timeMs() - e.timeMs()) / 1000));
                }
            }
            double cx = (h.minXUm() + h.maxXUm()) / 2;
            double cy = (h.minYUm() + h.maxYUm()) / 2;
            System.out.printf(Locale.ROOT, "SWEEP-ACQ %.1f at %.1f,%.1f %s%n", h.timeMs() / 1000, cx, cy,
                    hit ? "hit" : "false");
            if (hit) {
                continue;
            }
            List<TrueObject> objects = run.truth.objects(h.timeMs());
            TrueObject best = null;
            double bestD = Double.POSITIVE_INFINITY;
            for (TrueObject o : objects) {
                double d = Math.hypot(o.xUm() - cx, o.yUm() - cy);
                if (d < bestD) {
                    bestD = d;
                    best = o;
                }
            }
            TrueObject nn = null;
            double nnD = Double.POSITIVE_INFINITY;
            for (TrueObject o : objects) {
                double d = best == null || o == best ? Double.POSITIVE_INFINITY
                        : Math.hypot(o.xUm() - best.xUm(), o.yUm() - best.yUm());
                if (d < nnD) {
                    nnD = d;
                    nn = o;
                }
            }
            System.out.printf(Locale.ROOT, "SWEEP-FALSE %s seed %d at %.1f s: nearest %s %s/%s %.1f um from centre, "
                    + "r %.1f; its neighbour %s %s/%s at %.1f um, r %.1f; events in field:%s%n", mode, seed,
                    h.timeMs() / 1000, best == null ? "-" : best.id(), best == null ? "-" : best.kind(),
                    best == null ? "-" : best.phase(), bestD, best == null ? Double.NaN : best.radiusUm(),
                    nn == null ? "-" : nn.id(), nn == null ? "-" : nn.kind(), nn == null ? "-" : nn.phase(), nnD,
                    nn == null ? Double.NaN : nn.radiusUm(), near);
        }
    }
}
