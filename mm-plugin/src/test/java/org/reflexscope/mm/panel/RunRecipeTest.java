package org.reflexscope.mm.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflexscope.policy.engine.AcquisitionPolicy;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.SetPreset;
import org.reflexscope.policy.safety.EnvelopeVerdict;
import org.reflexscope.policy.safety.SafetyEnvelope;

/** The panel's run recipe is reflex acquire's: what its envelope lets through, which objective the trigger uses. */
class RunRecipeTest {
    /** The demo configuration's objectives, 10X in use; a 512-pixel camera at 1 µm per pixel. */
    private static final List<String> OBJECTIVES = List.of("10X", "20X", "40X");
    private static final MicroscopeState AT_10X = MicroscopeState.builder().setPosition(100, -50, 0)
            .optPreset(MicroscopeControl.OBJECTIVE_GROUP, "10X").optPixelSizeUm(1.0).optImageSize(512, 512).build();

    @Test
    void theEnvelopeLetsTheTriggerSwitchObjectivesAndCentreWithinAFieldAndAHalf() {
        SafetyEnvelope e = RunRecipe.envelope(RunSettings.builder().build(), OBJECTIVES, AT_10X);
        HardwarePlan trigger = HardwarePlan.of("highres", MoveXY.to(100 + 250, -50 + 250),
                SetPreset.of(MicroscopeControl.OBJECTIVE_GROUP, "40X"),
                SetPreset.of(MicroscopeControl.OBJECTIVE_GROUP, "10X"), MoveXY.to(100, -50));
        EnvelopeVerdict v = e.check(trigger, AT_10X, false, Long.MAX_VALUE);
        assertThat(v.status()).as("%s", v.reasons()).isEqualTo(EnvelopeVerdict.Status.ACCEPTED);
        assertThat(e.maxXYStepUm()).isEqualTo(768);
        assertThat(e.allowedPresets()).containsEntry(MicroscopeControl.OBJECTIVE_GROUP, java.util.Set.copyOf(OBJECTIVES));

        HardwarePlan unknownPreset = HardwarePlan.of("x", SetPreset.of(MicroscopeControl.OBJECTIVE_GROUP, "100X"));
        assertThat(e.check(unknownPreset, AT_10X, false, Long.MAX_VALUE).status())
                .isEqualTo(EnvelopeVerdict.Status.REJECTED);
        HardwarePlan outOfBox = HardwarePlan.of("x", MoveXY.to(100 + 2001, -50));
        assertThat(e.check(outOfBox, AT_10X, true, Long.MAX_VALUE).status()).as("the XY box around the start")
                .isNotEqualTo(EnvelopeVerdict.Status.ACCEPTED);
    }

    @Test
    void aMaximumXyStepSetByTheUserWins() {
        SafetyEnvelope e = RunRecipe.envelope(RunSettings.builder().optMaxSteps(5, 50).build(), OBJECTIVES, AT_10X);
        assertThat(e.maxXYStepUm()).isEqualTo(50);
        assertThat(e.maxZStepUm()).isEqualTo(5);
    }

    @Test
    void theTriggerSwitchesToTheSetPresetOrAsAcquireChooses() {
        RunSettings trigger = RunSettings.builder().optTrigger(true, 3, 5).build();
        assertThat(RunRecipe.hiResPreset(trigger, OBJECTIVES, "10X", "")).isEqualTo("40X");
        assertThat(RunRecipe.hiResPreset(trigger, OBJECTIVES, "40X", "")).as("never the objective in use")
                .isEqualTo("20X");
        assertThat(RunRecipe.hiResPreset(trigger.toBuilder().optHiResPreset("20X").build(), OBJECTIVES, "10X",
                "40X")).as("the user's preset wins").isEqualTo("20X");
        assertThatThrownBy(() -> RunRecipe.hiResPreset(trigger.toBuilder().optHiResPreset("60X").build(),
                OBJECTIVES, "10X", "")).hasMessageContaining("\"60X\" is not a preset");
        assertThatThrownBy(() -> RunRecipe.hiResPreset(trigger, List.of("10X"), "10X", "10X"))
                .hasMessageContaining("turn the trigger off");
    }

    @Test
    void withoutAPresetTheTriggerTakesTheSmallestPixelSize() {
        RunSettings trigger = RunSettings.builder().optTrigger(true, 3, 5).build();
        List<String> listedOutOfOrder = List.of("40X", "10X", "20X");
        assertThat(RunRecipe.hiResPreset(trigger, listedOutOfOrder, "10X", "40X")).isEqualTo("40X");
        assertThat(RunRecipe.hiResPreset(trigger, listedOutOfOrder, "40X", "40X"))
                .as("not the objective in use: the last other preset").isEqualTo("20X");
        assertThat(RunRecipe.hiResPreset(trigger, OBJECTIVES, "10X", "63X"))
                .as("a preset the group does not list is ignored").isEqualTo("40X");
    }

    @Test
    void theTriggerFiresOnTheDivisionScorersLabelByDefault() {
        RunSettings s = RunSettings.builder().optRefocus(false, 2).optTrigger(true, 3, 5).build();
        assertThat(s.triggerLabel()).isEqualTo("dividing");
        List<AcquisitionPolicy> policies = RunRecipe.policies(s, OBJECTIVES, "10X", "40X");
        assertThat(policies).singleElement().extracting(AcquisitionPolicy::name).isEqualTo("highres");
        assertThat(policies.get(0).toString()).contains("dividing").contains("40X");
    }
}
