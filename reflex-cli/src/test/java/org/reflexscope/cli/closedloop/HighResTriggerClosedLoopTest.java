package org.reflexscope.cli.closedloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reflexscope.policy.recipe.RunRecipe;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.score.HiResRecord;
import org.reflexscope.sim.truth.TrueEvent;

/**
 * Issue 5's event criteria, closed loop on the virtual clock over rare-divisions (twelve divisions among forty
 * cells of a monolayer over 400 s, each after a 30 s precursor) with three seeds: the high-resolution trigger should capture ≥ 90%
 * of the divisions with few false triggers, and the adaptive rate spend ≥ 3× less light than constant fast imaging
 * while still capturing ≥ 90%. An event counts as captured by a z-stack at 40X that starts between the precursor's
 * onset and 3 s after the split and whose field holds the dividing cell (the simulator's {@code Scorer}).
 *
 * <p>A closed loop is chaotic at the scale of one event (an acquisition earlier or later shifts which frames the
 * rate takes), so the numbers are pooled over the 36 divisions of the three seeds, and each seed must capture at
 * least 9 of its 12 (a seed that fails badly fails the test). Met and asserted: ≥ 90 % capture in both modes
 * (measured 34 and 35 of 36), ≥ 3× less light in every seed (4.6–4.9), few false triggers (pooled precision
 * ≥ 0.75, measured 0.85 and 0.97) in both modes. Over 24 seeds (11–34) the same settings gave 0.92 and 0.92,
 * precision 0.84 and 0.90 (docs/closed-loop.md, sixth pass). The runs are deterministic (virtual clock, lockstep, seeded noise). Six closed
 * loops: ~2000 frames at 200 ms and ~450 at 2 s / 200 ms per seed, about 60 s on an idle 2-core machine.
 * Measured: docs/closed-loop.md.
 */
class HighResTriggerClosedLoopTest {
    private static final double SECONDS = 400;
    private static final long[] SEEDS = {11, 12, 13};
    private static final Map<Long, ClosedLoop> CONSTANT_FAST = new LinkedHashMap<>();
    private static final Map<Long, ClosedLoop> ADAPTIVE = new LinkedHashMap<>();

    /**
     * Refocus and the trigger (a z-stack of 40X on 3 consecutive frames of a "dividing" cell, 2 s apart), with the
     * adaptive rate when {@code adaptive}: the recipe's defaults but a budget of 40 acquisitions and the searches
     * of refocus these loops were measured with (docs/closed-loop.md).
     */
    static RunRecipe.Builder recipe(boolean adaptive) {
        RunRecipe.Builder r = adaptive ? ClosedLoop.recipe("refocus", "hires", "rate")
                : ClosedLoop.recipe("refocus", "hires");
        return r.parameter("hires.budget", "40").parameter("refocus.dropFraction", "0.7")
                .parameter("refocus.searchRangeUm", "10").parameter("refocus.coarseStepUm", "2");
    }

    private static Scenario scenario(long seed) {
        return Scenario.builtIn("rare-divisions").with("seed", seed);
    }

    private static synchronized ClosedLoop constantFast(long seed) throws Exception {
        ClosedLoop run = CONSTANT_FAST.get(seed);
        if (run == null) {
            run = ClosedLoop.run(scenario(seed), recipe(false), SECONDS);
            print("constant fast, seed " + seed, run);
            CONSTANT_FAST.put(seed, run);
        }
        return run;
    }

    private static void print(String what, ClosedLoop run) {
        StringBuilder missed = new StringBuilder();
        for (TrueEvent e : run.trace.events()) {
            boolean hit = false;
            for (HiResRecord h : run.trace.hiRes()) {
                hit |= h.timeMs() >= e.onsetMs() && h.timeMs() <= e.timeMs() + 3000 && h.contains(e.xUm(), e.yUm());
            }
            if (!hit) {
                missed.append(String.format(Locale.ROOT, " %s@%.1fs", e.id(), e.timeMs() / 1000));
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d frames, dose %.0f ms, %d events, %d captured (recall %.2f; in view "
                + "%d of %d), %d acquisitions (precision %.2f), mean delay after onset %.1f s; missed:%s%n", what,
                run.trace.frames().size(), run.lightDoseMs, run.score.eventsTotal(), run.score.eventsCaptured(),
                run.score.recall(), run.score.eventsCapturedInView(), run.score.eventsInView(), run.score.hiResTotal(), run.score.precision(), run.score.meanDelayMs() / 1000,
                missed);
    }

    /** Events, captured events, acquisitions and acquisitions that captured an event, summed over runs. */
    private static final class Totals {
        int events;
        int captured;
        int acquisitions;
        int trueAcquisitions;

        void add(ClosedLoop run) {
            assertThat(run.score.eventsTotal()).isGreaterThanOrEqualTo(10);
            assertThat(run.score.eventsCaptured()).as("captured of %d", run.score.eventsTotal())
                    .isGreaterThanOrEqualTo(run.score.eventsTotal() - 3);
            events += run.score.eventsTotal();
            captured += run.score.eventsCaptured();
            acquisitions += run.score.hiResTotal();
            trueAcquisitions += (int) Math.round(run.score.precision() * run.score.hiResTotal());
        }

        double recall() {
            return captured / (double) events;
        }

        double precision() {
            return trueAcquisitions / (double) acquisitions;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d of %d captured (%.3f), %d of %d acquisitions on an event (%.2f)",
                    captured, events, recall(), trueAcquisitions, acquisitions, precision());
        }
    }

    private static synchronized ClosedLoop adaptive(long seed) throws Exception {
        ClosedLoop run = ADAPTIVE.get(seed);
        if (run == null) {
            run = ClosedLoop.run(scenario(seed), recipe(true), SECONDS);
            print("adaptive, seed " + seed, run);
            ADAPTIVE.put(seed, run);
        }
        return run;
    }

    /** One closed loop of a mode for a seed (cached per mode). */
    private interface SeedLoop {
        ClosedLoop run(long seed) throws Exception;
    }

    /** The mode's loops over {@link #SEEDS}, pooled and printed as {@code "<mode>, seeds 11-13: ..."}. */
    private static Totals totals(String mode, SeedLoop loop) throws Exception {
        Totals all = new Totals();
        for (long seed : SEEDS) {
            all.add(loop.run(seed));
        }
        System.out.println(mode + ", seeds 11-13: " + all);
        return all;
    }

    @Test
    void highResolutionTriggerCapturesMostDivisionsWithFewFalseTriggers() throws Exception {
        Totals all = totals("constant fast", HighResTriggerClosedLoopTest::constantFast);
        assertThat(all.recall()).as("measured 34 of 36; " + all).isGreaterThanOrEqualTo(0.9);
        assertThat(all.precision()).as("few false triggers, measured 0.85: " + all).isGreaterThanOrEqualTo(0.75);
    }

    @Test
    void adaptiveRateSpendsThreeTimesLessLightThanConstantFastImagingAndCapturesAsMuch() throws Exception {
        for (long seed : SEEDS) {
            double ratio = constantFast(seed).lightDoseMs / adaptive(seed).lightDoseMs;
            System.out.printf(Locale.ROOT, "seed %d: dose ratio constant fast / adaptive %.2f%n", seed, ratio);
            assertThat(ratio).as("seed %d", seed).isGreaterThanOrEqualTo(3.0);
        }
        Totals all = totals("adaptive", HighResTriggerClosedLoopTest::adaptive);
        assertThat(all.recall()).as("measured 35 of 36; " + all).isGreaterThanOrEqualTo(0.9);
        assertThat(all.precision()).as("few false triggers, measured 0.97: " + all).isGreaterThanOrEqualTo(0.75);
    }
}
