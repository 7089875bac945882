package org.reflexscope.policy.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.plan.Acquire;
import org.reflexscope.policy.plan.HardwareAction;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.support.States;

/**
 * The envelope's reasons and its description say exactly what was checked (numbers formatted as stated), a
 * rejected step leaves the stage where it was for the steps after it, and a stage outside its limits is brought
 * back by clamped steps that end exactly on the limit.
 */
class SafetyEnvelopeReasonsTest {
    private static final long NEVER = Long.MAX_VALUE;
    private static final SafetyEnvelope ENV = SafetyEnvelope.builder().optZLimitsUm(0, 100).optMaxZStepUm(5)
            .optXYBoundsUm(-1000, -1000, 1000, 1000).optMaxXYStepUm(50)
            .optMinMoveInterval(Duration.ofMillis(100)).optAllowedPresets("Objective", "10X").build();

    private static HardwarePlan plan(HardwareAction... steps) {
        return HardwarePlan.of("test", steps);
    }

    private static MicroscopeState at(double x, double y, double z) {
        return States.at(x, y, z).build();
    }

    @Test
    void theBuilderValuesReadBack() {
        assertThat(ENV.hasZLimits()).isTrue();
        assertThat(ENV.zMinUm()).isEqualTo(0);
        assertThat(ENV.zMaxUm()).isEqualTo(100);
        assertThat(ENV.maxZStepUm()).isEqualTo(5);
        assertThat(ENV.hasXYBounds()).isTrue();
        assertThat(new double[] {ENV.xMinUm(), ENV.yMinUm(), ENV.xMaxUm(), ENV.yMaxUm()})
                .containsExactly(-1000, -1000, 1000, 1000);
        assertThat(ENV.maxXYStepUm()).isEqualTo(50);
        assertThat(ENV.minMoveInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(ENV.allowedPresets()).isEqualTo(Map.of("Objective", Set.of("10X")));
        assertThat(SafetyEnvelope.builder().optZLimitsUm(10, 20).build().zMinUm()).isEqualTo(10);
        SafetyEnvelope none = SafetyEnvelope.builder().build();
        assertThat(none.hasZLimits()).isFalse();
        assertThat(none.hasXYBounds()).isFalse();
        assertThat(none.maxZStepUm()).isInfinite();
        assertThat(none.maxXYStepUm()).isInfinite();
        assertThat(none.minMoveInterval()).isZero();
        assertThat(none.allowedPresets()).isEmpty();
    }

    @Test
    void theDescriptionNamesEveryLimit() {
        assertThat(ENV.toString()).isEqualTo("SafetyEnvelope{z=[0.0, 100.0] µm, maxZStep=5.0 µm, "
                + "xy=[-1000.0, 1000.0]x[-1000.0, 1000.0], maxXYStep=50.0 µm, minMoveInterval=100.0 ms, "
                + "presets={Objective=[10X]}}");
        assertThat(SafetyEnvelope.builder().build().toString()).contains("xy=unbounded");
    }

    @Test
    void numbersInReasonsHaveThreeOrOneDecimalsWithoutANegativeZero() {
        assertThat(SafetyEnvelope.f3(1.5)).isEqualTo("1.500");
        assertThat(SafetyEnvelope.f3(12.0)).isEqualTo("12.000");
        assertThat(SafetyEnvelope.f3(-2.25)).isEqualTo("-2.250");
        assertThat(SafetyEnvelope.f3(1.2346)).isEqualTo("1.235");
        assertThat(SafetyEnvelope.f3(-0.0004)).isEqualTo("0.000");
        assertThat(SafetyEnvelope.f3(0.0)).isEqualTo("0.000");
        assertThat(SafetyEnvelope.f3(1e15)).isEqualTo("1000000000000000.000");
        assertThat(SafetyEnvelope.f3(2e15)).isEqualTo("2.0E15");
        assertThat(SafetyEnvelope.f3(Double.NaN)).isEqualTo("NaN");
        assertThat(SafetyEnvelope.f1(12.34)).isEqualTo("12.3");
        assertThat(SafetyEnvelope.f1(-3.26)).isEqualTo("-3.3");
        assertThat(SafetyEnvelope.f1(-0.04)).isEqualTo("0.0");
        assertThat(SafetyEnvelope.f1(0.0)).isEqualTo("0.0");
        assertThat(SafetyEnvelope.f1(0.96)).isEqualTo("1.0");
        assertThat(SafetyEnvelope.f1(1e15)).isEqualTo("1000000000000000.0");
        assertThat(SafetyEnvelope.f1(-2e15)).isEqualTo("-2.0E15");
        assertThat(SafetyEnvelope.f1(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
    }

    @Test
    void aMoveTooSoonSaysHowSoonAndTheInterval() {
        EnvelopeVerdict v = ENV.check(plan(MoveZ.to(51)), at(0, 0, 50), false, 50_000_000L);
        assertThat(v.reasons()).containsExactly("moves too frequent: 50.0 ms since the last move, the envelope's "
                + "minimum interval is 100.0 ms");
    }

    @Test
    void aRejectedZMoveLeavesTheStageWhereItWasForTheStepsAfterIt() {
        AcquisitionRequest smallStack = AcquisitionRequest.zStack(-1, 1, 1);
        // outside the limits, not clamped: the stack is checked from 50, not from wherever the move would have been
        assertThat(ENV.check(plan(MoveZ.to(150), Acquire.of(smallStack)), at(0, 0, 50), false, NEVER).reasons())
                .singleElement().asString().contains("outside the soft limits");
        // too long a step, not clamped
        assertThat(ENV.check(plan(MoveZ.to(60), Acquire.of(smallStack)), at(0, 0, 50), false, NEVER).reasons())
                .singleElement().asString().contains("exceeds the maximum");
        // an unknown Z stays unknown: the stack cannot be placed either
        assertThat(ENV.check(plan(MoveZ.to(45), Acquire.of(AcquisitionRequest.zStack(0, 1, 1))),
                at(0, 0, Double.NaN), false, NEVER).reasons()).hasSize(2)
                .allMatch(r -> r.contains("current Z is unknown"));
        // outside the limits and one clamped step cannot come back: the next step starts from there too
        EnvelopeVerdict stuck = ENV.check(plan(MoveZ.to(50), MoveZ.to(2)), at(0, 0, 150), true, NEVER);
        assertThat(stuck.reasons()).filteredOn(r -> r.contains("move it back by hand")).hasSize(2);
    }

    @Test
    void aZStageOutsideItsLimitsComesBackByClampedStepsEndingExactlyOnTheLimit() {
        EnvelopeVerdict down = ENV.check(plan(MoveZ.to(50)), at(0, 0, 105), true, NEVER);
        assertThat(down.status()).isEqualTo(EnvelopeVerdict.Status.CLAMPED);
        assertThat(down.plan()).contains(plan(MoveZ.to(100)));
        EnvelopeVerdict up = ENV.check(plan(MoveZ.to(50)), at(0, 0, -5), true, NEVER);
        assertThat(up.plan()).contains(plan(MoveZ.to(0)));
        assertThat(ENV.check(plan(MoveZ.to(50)), at(0, 0, 106), true, NEVER).reasons())
                .anyMatch(r -> r.startsWith("Z is at 106.000 µm, outside the soft limits [0.000, 100.000] µm"));
    }

    @Test
    void anXYStageOutsideItsBoxComesBackByShortenedStepsEndingExactlyOnTheEdge() {
        double[][] fromTo = {{1050, 0, 950, 0, 1000, 0}, {-1050, 0, -950, 0, -1000, 0}, {0, 1050, 0, 950, 0, 1000},
            {0, -1050, 0, -950, 0, -1000}};
        for (double[] c : fromTo) {
            EnvelopeVerdict v = ENV.check(plan(MoveXY.to(c[2], c[3])), at(c[0], c[1], 50), true, NEVER);
            assertThat(v.status()).as("from (%s, %s)", c[0], c[1]).isEqualTo(EnvelopeVerdict.Status.CLAMPED);
            assertThat(v.plan()).contains(plan(MoveXY.to(c[4], c[5])));
            EnvelopeVerdict far = ENV.check(plan(MoveXY.to(c[2], c[3])),
                    at(c[0] * 1.01, c[1] * 1.01, 50), true, NEVER);
            assertThat(far.allowed()).isFalse();
            assertThat(far.reasons()).anyMatch(r -> r.contains("outside the bounding box, and cannot reach it"));
        }
        SafetyEnvelope unboxed = SafetyEnvelope.builder().optMaxXYStepUm(50).build();
        assertThat(unboxed.check(plan(MoveXY.to(5000, 0)), at(4000, 0, 50), true, NEVER).plan())
                .contains(plan(MoveXY.to(4050, 0)));
    }
}
