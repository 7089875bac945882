package org.reflexscope.cli.closedloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.rate.AdaptiveRatePolicy;
import org.reflexscope.policy.refocus.RefocusPolicy;
import org.reflexscope.policy.trigger.HighResTriggerPolicy;
import org.reflexscope.policy.trigger.TriggerCriterion;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.score.HiResRecord;
import org.reflexscope.sim.truth.TrueEvent;

/**
 * Issue 5's event criteria, closed loop on the virtual clock over the built-in rare-divisions scenario (twelve
 * divisions among forty cells over 400 s, each after a 30 s precursor): the high-resolution trigger captures ≥ 90%
 * of the divisions with few false triggers, and the adaptive rate spends ≥ 3× less light than constant fast imaging
 * while still capturing ≥ 90%. An event counts as captured by a z-stack at 40X that starts between the precursor's
 * onset and 3 s after the split and whose field holds the dividing cell (the simulator's {@code Scorer}).
 *
 * <p>The constant-fast run (the trigger's own criterion) is shared with the adaptive test as its reference, so the
 * class runs two closed loops: ~2000 frames at 200 ms, ~500 at 2 s / 200 ms (about 17 s together on a 2-core
 * machine). Measured (docs/closed-loop.md): constant fast 11 of 12 captured, 23 acquisitions (precision 0.52);
 * adaptive 11 of 12, 20 acquisitions (0.60), 3.65x less light. Both are within one event of the thresholds, and
 * the scenario's seed decides which: with seed 12 the trigger captures 10 of 12 at constant fast (docs).
 */
class HighResTriggerClosedLoopTest {
    private static final double SECONDS = 400;
    private static ClosedLoop constantFast;

    private static HighResTriggerPolicy trigger() {
        return HighResTriggerPolicy.builder("40X", AcquisitionRequest.zStack(-2, 2, 1).withName("hires"))
                .optCriterion(TriggerCriterion.any().withLabel("dividing")).optConsecutiveFrames(3)
                .optCooldown(Duration.ofSeconds(2)).optBudget(40).build();
    }

    private static synchronized ClosedLoop constantFast() throws Exception {
        if (constantFast == null) {
            constantFast = ClosedLoop.run(Scenario.builtIn("rare-divisions"),
                    List.of(RefocusPolicy.builder().build(), trigger()), SECONDS);
            print("constant fast", constantFast);
        }
        return constantFast;
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
        StringBuilder acq = new StringBuilder();
        for (HiResRecord h : run.trace.hiRes()) {
            acq.append(String.format(Locale.ROOT, " %.1f", h.timeMs() / 1000));
        }
        System.out.printf(Locale.ROOT, "%s: %d frames, dose %.0f ms, %d events, %d captured (recall %.2f), %d "
                + "acquisitions (precision %.2f), mean delay after onset %.1f s; missed:%s; acquisitions at:%s%n",
                what, run.trace.frames().size(), run.lightDoseMs, run.score.eventsTotal(), run.score.eventsCaptured(),
                run.score.recall(), run.score.hiResTotal(), run.score.precision(), run.score.meanDelayMs() / 1000,
                missed, acq);
    }

    @Test
    void highResolutionTriggerCapturesNinetyPercentOfDivisionsWithFewFalseTriggers() throws Exception {
        ClosedLoop run = constantFast();
        assertThat(run.score.eventsTotal()).isGreaterThanOrEqualTo(10);
        assertThat(run.score.recall()).isGreaterThanOrEqualTo(0.9);
        assertThat(run.score.precision()).as("few false triggers").isGreaterThanOrEqualTo(0.5);
    }

    @Test
    void adaptiveRateSpendsThreeTimesLessLightThanConstantFastImagingAndStillCapturesTheEvents() throws Exception {
        Scenario s = Scenario.builtIn("rare-divisions");
        double fast = s.camera().frameIntervalMs();
        ClosedLoop constant = constantFast();
        ClosedLoop adaptive = ClosedLoop.run(s, List.of(RefocusPolicy.builder().build(), trigger(),
                AdaptiveRatePolicy.builder(10 * fast, fast, 0.3, 0.5).optMinFastDwell(Duration.ofSeconds(3))
                        .build()), SECONDS);
        print("adaptive", adaptive);
        System.out.printf(Locale.ROOT, "dose ratio constant fast / adaptive: %.2f%n",
                constant.lightDoseMs / adaptive.lightDoseMs);
        assertThat(constant.lightDoseMs / adaptive.lightDoseMs).isGreaterThanOrEqualTo(3.0);
        assertThat(adaptive.score.eventsTotal()).isGreaterThanOrEqualTo(10);
        assertThat(adaptive.score.recall()).isGreaterThanOrEqualTo(0.9);
        assertThat(adaptive.score.precision()).as("few false triggers").isGreaterThanOrEqualTo(0.5);
    }
}
