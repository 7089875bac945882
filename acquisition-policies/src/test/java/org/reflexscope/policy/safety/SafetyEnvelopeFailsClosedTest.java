package org.reflexscope.policy.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.plan.Acquire;
import org.reflexscope.policy.plan.HardwareAction;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.plan.SetPreset;
import org.reflexscope.policy.support.States;

/**
 * The envelope fails closed (NaN, infinities and unknown positions are rejections with a reason, never clamps) and
 * its limits are inclusive exactly at the boundary, as its Javadoc and {@code docs/policies.md} say.
 */
class SafetyEnvelopeFailsClosedTest {
    private static final long NEVER = Long.MAX_VALUE;
    private static final SafetyEnvelope ENV = SafetyEnvelope.builder().optZLimitsUm(0, 100).optMaxZStepUm(5)
            .optXYBoundsUm(-1000, -1000, 1000, 1000).optMaxXYStepUm(50)
            .optMinMoveInterval(Duration.ofMillis(100)).build();

    private static HardwarePlan plan(HardwareAction... steps) {
        return HardwarePlan.of("test", steps);
    }

    private static MicroscopeState at(double x, double y, double z) {
        return States.at(x, y, z).build();
    }

    @Test
    void moveTargetsThatAreNotFiniteCannotEvenBeMade() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> MoveZ.to(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("finite");
            assertThatThrownBy(() -> MoveXY.to(bad, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> MoveXY.to(0, bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void withAnUnknownCurrentZAMaximumStepCannotBeCheckedSoTheMoveIsRejected() {
        EnvelopeVerdict v = ENV.check(plan(MoveZ.to(45)), at(0, 0, Double.NaN), true, NEVER);
        assertThat(v.status()).isEqualTo(EnvelopeVerdict.Status.REJECTED);
        assertThat(v.reasons()).singleElement().asString().contains("current Z is unknown")
                .contains("5.000 µm");
    }

    @Test
    void withAnUnknownCurrentZAndNoMaximumStepAMoveInsideTheLimitsIsAccepted() {
        SafetyEnvelope noStep = SafetyEnvelope.builder().optZLimitsUm(0, 100).build();
        assertThat(noStep.check(plan(MoveZ.to(45)), at(0, 0, Double.NaN), false, NEVER).status())
                .isEqualTo(EnvelopeVerdict.Status.ACCEPTED);
        assertThat(noStep.check(plan(MoveZ.to(101)), at(0, 0, Double.NaN), false, NEVER).allowed()).isFalse();
    }

    @Test
    void withAnUnknownCurrentXYAMaximumStepCannotBeCheckedSoTheMoveIsRejected() {
        for (MicroscopeState s : new MicroscopeState[] {at(Double.NaN, 0, 50), at(0, Double.NaN, 50)}) {
            EnvelopeVerdict v = ENV.check(plan(MoveXY.to(1, 1)), s, true, NEVER);
            assertThat(v.status()).isEqualTo(EnvelopeVerdict.Status.REJECTED);
            assertThat(v.reasons()).singleElement().asString().contains("current XY position is unknown")
                    .contains("50.000 µm");
        }
        SafetyEnvelope noStep = SafetyEnvelope.builder().optXYBoundsUm(-10, -10, 10, 10).build();
        assertThat(noStep.check(plan(MoveXY.to(1, 1)), at(Double.NaN, Double.NaN, 50), false, NEVER).status())
                .isEqualTo(EnvelopeVerdict.Status.ACCEPTED);
    }

    @Test
    void aZStackWithNaNOffsetsIsRejected() {
        AcquisitionRequest nan = AcquisitionRequest.zStack(Double.NaN, Double.NaN, 1);
        EnvelopeVerdict v = ENV.check(plan(Acquire.of(nan)), at(0, 0, 50), false, NEVER);
        assertThat(v.status()).isEqualTo(EnvelopeVerdict.Status.REJECTED);
        assertThat(v.reasons()).singleElement().asString().contains("z-stack offsets").contains("not finite");
        AcquisitionRequest half = AcquisitionRequest.zStack(-2, Double.POSITIVE_INFINITY, 1);
        assertThat(ENV.check(plan(Acquire.of(half)), at(0, 0, 50), false, NEVER).allowed()).isFalse();
    }

    @Test
    void aZStackFromAnUnknownZIsRejected() {
        EnvelopeVerdict v = ENV.check(plan(Acquire.of(AcquisitionRequest.zStack(-1, 1, 1))), at(0, 0, Double.NaN),
                false, NEVER);
        assertThat(v.status()).isEqualTo(EnvelopeVerdict.Status.REJECTED);
        assertThat(v.reasons()).singleElement().asString().contains("current Z is unknown");
    }

    @Property(tries = 60)
    void aZStackIsAcceptedExactlyWhenBothEndsAreWithinTheLimits(@ForAll @DoubleRange(min = 0, max = 100) double z,
            @ForAll @DoubleRange(min = -20, max = 0) double start, @ForAll @DoubleRange(min = 0, max = 20) double end) {
        EnvelopeVerdict v = ENV.check(plan(Acquire.of(AcquisitionRequest.zStack(start, end, 1))), at(0, 0, z), false,
                NEVER);
        boolean inside = z + start >= 0 && z + end <= 100;
        assertThat(v.allowed()).as("stack [%s, %s] from z=%s", start, end, z).isEqualTo(inside);
    }

    @Test
    void zSoftLimitsAreInclusive() {
        assertThat(ENV.check(plan(MoveZ.to(100)), at(0, 0, 98), false, NEVER).status())
                .isEqualTo(EnvelopeVerdict.Status.ACCEPTED);
        assertThat(ENV.check(plan(MoveZ.to(0)), at(0, 0, 2), false, NEVER).status())
                .isEqualTo(EnvelopeVerdict.Status.ACCEPTED);
        assertThat(ENV.check(plan(MoveZ.to(Math.nextUp(100.0))), at(0, 0, 98), false, NEVER).allowed()).isFalse();
        assertThat(ENV.check(plan(MoveZ.to(Math.nextDown(0.0))), at(0, 0, 2), false, NEVER).allowed()).isFalse();
        assertThat(ENV.check(plan(Acquire.of(AcquisitionRequest.zStack(-50, 50, 1))), at(0, 0, 50), false, NEVER)
                .status()).isEqualTo(EnvelopeVerdict.Status.ACCEPTED);
        assertThat(ENV.check(plan(Acquire.of(AcquisitionRequest.zStack(-50, 50.000001, 1))), at(0, 0, 50),
                false, NEVER).allowed()).isFalse();
        assertThat(ENV.check(plan(Acquire.of(AcquisitionRequest.zStack(-50.000001, 0, 1))), at(0, 0, 50),
                false, NEVER).allowed()).isFalse();
    }

    @Property(tries = 60)
    void aZStepExactlyTheMaximumIsAcceptedAndAnyLongerIsNot(@ForAll @DoubleRange(min = 10, max = 90) double z,
            @ForAll boolean up) {
        double exact = up ? z + 5 : z - 5;
        if (Math.abs(exact - z) != 5) {
            return;
        }
        assertThat(ENV.check(plan(MoveZ.to(exact)), at(0, 0, z), false, NEVER).status())
                .isEqualTo(EnvelopeVerdict.Status.ACCEPTED);
        double beyond = up ? Math.nextUp(exact) : Math.nextDown(exact);
        EnvelopeVerdict v = ENV.check(plan(MoveZ.to(beyond)), at(0, 0, z), false, NEVER);
        assertThat(v.allowed()).isFalse();
        assertThat(v.reasons()).singleElement().asString().contains("exceeds the maximum 5.000");
        EnvelopeVerdict clamped = ENV.check(plan(MoveZ.to(beyond)), at(0, 0, z), true, NEVER);
        assertThat(clamped.status()).isEqualTo(EnvelopeVerdict.Status.CLAMPED);
        assertThat(clamped.plan()).contains(plan(MoveZ.to(z + (up ? 5 : -5))));
    }

    @Test
    void theXYBoxAndTheXYStepAreInclusive() {
        assertThat(ENV.check(plan(MoveXY.to(1000, -1000)), at(990, -990, 50), false, NEVER).status())
                .isEqualTo(EnvelopeVerdict.Status.ACCEPTED);
        assertThat(ENV.check(plan(MoveXY.to(-1000, 1000)), at(-990, 990, 50), false, NEVER).status())
                .isEqualTo(EnvelopeVerdict.Status.ACCEPTED);
        assertThat(ENV.check(plan(MoveXY.to(Math.nextUp(1000.0), 0)), at(990, 0, 50), false, NEVER).allowed())
                .isFalse();
        assertThat(ENV.check(plan(MoveXY.to(Math.nextDown(-1000.0), 0)), at(-990, 0, 50), false, NEVER).allowed())
                .isFalse();
        assertThat(ENV.check(plan(MoveXY.to(0, Math.nextUp(1000.0))), at(0, 990, 50), false, NEVER).allowed())
                .isFalse();
        assertThat(ENV.check(plan(MoveXY.to(0, Math.nextDown(-1000.0))), at(0, -990, 50), false, NEVER).allowed())
                .isFalse();
        assertThat(ENV.check(plan(MoveXY.to(30, 40)), at(0, 0, 50), false, NEVER).status())
                .isEqualTo(EnvelopeVerdict.Status.ACCEPTED);
        assertThat(ENV.check(plan(MoveXY.to(30, 40.000001)), at(0, 0, 50), false, NEVER).allowed())
                .isFalse();
    }

    @Property(tries = 40)
    void theMinimumIntervalIsInclusive(@ForAll @LongRange(min = 0, max = 300_000_000L) long since) {
        EnvelopeVerdict v = ENV.check(plan(MoveZ.to(51)), at(0, 0, 50), true, since);
        assertThat(v.allowed()).as("%s ns since the last move", since).isEqualTo(since >= 100_000_000L);
        if (!v.allowed()) {
            assertThat(v.reasons()).singleElement().asString().contains("moves too frequent");
        }
        assertThat(ENV.check(plan(MoveZ.to(51)), at(0, 0, 50), true, 100_000_000L).allowed()).isTrue();
        assertThat(ENV.check(plan(MoveZ.to(51)), at(0, 0, 50), true, 99_999_999L).allowed()).isFalse();
        assertThat(ENV.check(plan(SetPreset.of("Objective", "10X")), at(0, 0, 50), true, 0).reasons())
                .noneMatch(r -> r.contains("too frequent"));
    }

    @Property(tries = 200)
    void noAcceptedOrClampedPlanLeavesTheLimitsWhateverTheStart(
            @ForAll @DoubleRange(min = -50, max = 150) double z, @ForAll @DoubleRange(min = -60, max = 160) double tz,
            @ForAll @DoubleRange(min = -1100, max = 1100) double x, @ForAll @DoubleRange(min = -1100, max = 1100) double tx,
            @ForAll boolean clamp) {
        EnvelopeVerdict v = ENV.check(plan(MoveZ.to(tz), MoveXY.to(tx, 0)), at(x, 0, z), clamp, NEVER);
        if (!v.allowed()) {
            assertThat(v.reasons()).isNotEmpty();
            return;
        }
        MoveZ mz = (MoveZ) v.plan().get().steps().get(0);
        MoveXY mxy = (MoveXY) v.plan().get().steps().get(1);
        assertThat(mz.zUm()).isBetween(0.0, 100.0);
        assertThat(Math.abs(mz.zUm() - z)).isLessThanOrEqualTo(5 + 1e-9);
        assertThat(mxy.xUm()).isBetween(-1000.0, 1000.0);
        assertThat(Math.abs(mxy.xUm() - x)).isLessThanOrEqualTo(50 + 1e-9);
    }
}
