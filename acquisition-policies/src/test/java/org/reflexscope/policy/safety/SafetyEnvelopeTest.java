package org.reflexscope.policy.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.plan.Acquire;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.plan.SetFrameInterval;
import org.reflexscope.policy.plan.SetPreset;
import org.reflexscope.policy.support.States;

class SafetyEnvelopeTest {
    private static final long NEVER = Long.MAX_VALUE;
    private final SafetyEnvelope env = SafetyEnvelope.builder().optZLimitsUm(0, 100).optMaxZStepUm(5)
            .optXYBoundsUm(-1000, -1000, 1000, 1000).optMaxXYStepUm(50)
            .optMinMoveInterval(Duration.ofMillis(100)).optAllowedPresets(MicroscopeControl.OBJECTIVE_GROUP, "10X",
                    "40X").build();
    private final MicroscopeState at50 = States.at(0, 0, 50).build();

    private static HardwarePlan plan(org.reflexscope.policy.plan.HardwareAction... steps) {
        return HardwarePlan.of("test", steps);
    }

    @Test
    void acceptsAPlanInsideEveryLimit() {
        EnvelopeVerdict v = env.check(plan(MoveZ.to(53), MoveXY.to(30, 30)), at50, false, NEVER);
        assertThat(v.status()).isEqualTo(EnvelopeVerdict.Status.ACCEPTED);
        assertThat(v.plan()).contains(plan(MoveZ.to(53), MoveXY.to(30, 30)));
    }

    @Test
    void rejectsZOutsideTheSoftLimitsAndNamesThem() {
        MicroscopeState at98 = States.at(0, 0, 98).build();
        EnvelopeVerdict v = env.check(plan(MoveZ.to(102)), at98, false, NEVER);
        assertThat(v.status()).isEqualTo(EnvelopeVerdict.Status.REJECTED);
        assertThat(v.plan()).isEmpty();
        assertThat(v.reasons()).singleElement().asString().contains("outside the soft limits [0.000, 100.000]");
    }

    @Test
    void clampsZToTheLimitsAndTheMaximumStepWhenThePolicyAllowsIt() {
        EnvelopeVerdict toLimit = env.check(plan(MoveZ.to(102)), States.at(0, 0, 98).build(), true, NEVER);
        assertThat(toLimit.status()).isEqualTo(EnvelopeVerdict.Status.CLAMPED);
        assertThat(toLimit.plan()).contains(plan(MoveZ.to(100)));
        EnvelopeVerdict bigStep = env.check(plan(MoveZ.to(40)), at50, true, NEVER);
        assertThat(bigStep.plan()).contains(plan(MoveZ.to(45)));
        assertThat(bigStep.reasons()).singleElement().asString().contains("exceeds the maximum 5.000");
    }

    @Test
    void rejectsAnyZMotionWithoutSoftLimits() {
        SafetyEnvelope none = SafetyEnvelope.builder().build();
        EnvelopeVerdict v = none.check(plan(MoveZ.to(50.1)), at50, true, NEVER);
        assertThat(v.allowed()).isFalse();
        assertThat(v.reasons().get(0)).contains("Z soft limits are not set").contains("optZLimitsUm");
        assertThat(none.check(plan(Acquire.of(AcquisitionRequest.zStack(-1, 1, 1))), at50, false, NEVER).allowed())
                .isFalse();
    }

    @Test
    void shortensXYStepsAlongTheirDirectionAndKeepsThemInTheBox() {
        EnvelopeVerdict v = env.check(plan(MoveXY.to(300, 400)), at50, true, NEVER);
        assertThat(v.plan()).contains(plan(MoveXY.to(30, 40)));
        EnvelopeVerdict out = env.check(plan(MoveXY.to(1020, 0)), States.at(990, 0, 50).build(), true, NEVER);
        assertThat(out.plan()).contains(plan(MoveXY.to(1000, 0)));
        assertThat(env.check(plan(MoveXY.to(1020, 0)), States.at(990, 0, 50).build(), false, NEVER).allowed())
                .isFalse();
    }

    @Test
    void checksLaterStepsFromWhereEarlierStepsLeaveTheStage() {
        EnvelopeVerdict v = env.check(plan(MoveZ.to(54), MoveZ.to(58), MoveZ.to(64)), at50, false, NEVER);
        assertThat(v.allowed()).isFalse();
        assertThat(v.reasons()).singleElement().asString().contains("Z step 6.000");
    }

    @Test
    void onlyAllowedPresetsMayBeApplied() {
        assertThat(env.check(plan(SetPreset.of("Objective", "40X")), at50, false, NEVER).allowed()).isTrue();
        EnvelopeVerdict v = env.check(plan(SetPreset.of("Objective", "100X")), at50, false, NEVER);
        assertThat(v.allowed()).isFalse();
        assertThat(v.reasons().get(0)).contains("'100X'").contains("[10X, 40X]");
        assertThat(env.check(plan(Acquire.of(AcquisitionRequest.burst(2).withChannel("GFP"))), at50, false, NEVER)
                .reasons().get(0)).contains("none in this group");
    }

    @Test
    void movesCloserThanTheMinimumIntervalAreRejectedButRateChangesAreNot() {
        assertThat(env.check(plan(MoveZ.to(51)), at50, true, 50_000_000L).reasons().get(0))
                .contains("moves too frequent");
        assertThat(env.check(plan(SetFrameInterval.ms(20)), at50, false, 0).allowed()).isTrue();
    }

    @Test
    void zStacksMustStayInsideTheSoftLimits() {
        MicroscopeState at98 = States.at(0, 0, 98).build();
        assertThat(env.check(plan(Acquire.of(AcquisitionRequest.zStack(-2, 2, 1))), at50, false, NEVER).allowed())
                .isTrue();
        assertThat(env.check(plan(Acquire.of(AcquisitionRequest.zStack(-2, 3, 1))), at98, false, NEVER).reasons()
                .get(0)).contains("z-stack [96.000, 101.000]");
    }
}
