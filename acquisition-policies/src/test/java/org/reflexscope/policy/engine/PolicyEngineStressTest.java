package org.reflexscope.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.support.FunctionPolicy;
import org.reflexscope.policy.support.RecordingListener;
import org.reflexscope.policy.support.RecordingMicroscope;
import org.reflexscope.policy.support.Results;

/** The threaded engine under a fast stream of results: one hardware call at a time, on one thread, in bounds. */
class PolicyEngineStressTest {
    @Test
    void aFloodOfResultsNeverOverlapsHardwareCallsOrLeavesTheEnvelope() throws Exception {
        RecordingMicroscope scope = new RecordingMicroscope(0, 0, 50);
        SafetyEnvelope env = SafetyEnvelope.builder().optZLimitsUm(40, 60).optMaxZStepUm(2)
                .optXYBoundsUm(-100, -100, 100, 100).optMaxXYStepUm(10).build();
        Random rnd = new Random(42);
        FunctionPolicy z = new FunctionPolicy("z", 50, true, false,
                (r, s) -> HardwarePlan.of("z", MoveZ.to(s.zUm() + rnd.nextGaussian() * 5)));
        FunctionPolicy xy = new FunctionPolicy("xy", 40, true, false,
                (r, s) -> HardwarePlan.of("xy", MoveXY.to(s.xUm() + rnd.nextGaussian() * 30,
                        s.yUm() + rnd.nextGaussian() * 30)));
        RecordingListener listener = new RecordingListener();
        int n = 3000;
        try (PolicyEngine e = PolicyEngine.builder(scope, env).addPolicy(z).addPolicy(xy).addListener(listener)
                .optWatchdog(Duration.ofSeconds(30)).build()) {
            e.start();
            for (int i = 1; i <= n; i++) {
                e.onResult(Results.fresh(i, 1).build());
            }
            assertThat(listener.awaitDecisions(d -> d.frameSequence() == n, 1, 60_000)).isTrue();
            // A result decided while an earlier plan is still executing is logged at once; that earlier plan's
            // decision is logged when it completes, possibly after frame n's. Superseded results are all counted
            // by now (onResult counts them on this thread), so wait for every remaining decision.
            int expectedDecisions = (int) (n - e.counters().superseded());
            assertThat(listener.awaitDecisions(d -> true, expectedDecisions, 60_000)).isTrue();
            EngineCounters c = e.counters();
            assertThat(c.results()).isEqualTo(n);
            assertThat(c.decisions() + c.superseded()).isEqualTo(n);
            assertThat(c.failures()).isZero();
        }
        assertThat(scope.maxConcurrentCalls()).isEqualTo(1);
        assertThat(scope.threads()).allMatch("reflex-hardware"::equals);
        double lastZ = 50;
        for (String cmd : scope.commands()) {
            if (cmd.startsWith("moveZ")) {
                double zz = Double.parseDouble(cmd.substring(6));
                assertThat(zz).isBetween(40.0, 60.0);
                assertThat(Math.abs(zz - lastZ)).isLessThanOrEqualTo(2 + 1e-9);
                lastZ = zz;
            }
        }
    }
}
