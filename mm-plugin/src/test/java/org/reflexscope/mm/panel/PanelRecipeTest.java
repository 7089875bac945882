package org.reflexscope.mm.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reflexscope.policy.engine.AcquisitionPolicy;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.SetPreset;
import org.reflexscope.policy.recipe.PolicySet;
import org.reflexscope.policy.recipe.PreparedRun;
import org.reflexscope.policy.recipe.RigFacts;
import org.reflexscope.policy.recipe.RunRecipe;
import org.reflexscope.policy.recipe.RunSource;
import org.reflexscope.policy.safety.EnvelopeVerdict;
import org.reflexscope.policy.safety.SafetyEnvelope;

/** The panel's settings are a run recipe: reflex acquire's defaults, envelope and policies, and its trigger. */
class PanelRecipeTest {
    /** The demo configuration's objectives, 10X in use; a 512-pixel camera at 1 µm per pixel. */
    private static final List<String> OBJECTIVES = List.of("10X", "20X", "40X");
    private static final MicroscopeState AT_10X = MicroscopeState.builder().setPosition(100, -50, 0)
            .optPreset(MicroscopeControl.OBJECTIVE_GROUP, "10X").optPixelSizeUm(1.0).optImageSize(512, 512).build();

    private static PreparedRun prepare(RunSettings s) throws Exception {
        return PreparedRun.of(s.toRecipe(), RigFacts.forMicroscope(AT_10X, OBJECTIVES, "40X").build());
    }

    /**
     * A panel opened for the first time runs the library's default recipe on a real microscope, dry: a default
     * added to the panel alone would fail this.
     */
    @Test
    void thePanelsDefaultsAreTheRecipesButDry() {
        RunRecipe panel = RunSettings.builder().build().toRecipe();
        RunRecipe library = RunRecipe.defaults();
        assertThat(panel.dryRun()).isTrue();
        assertThat(panel.source()).isEqualTo(RunSource.microManager("", "", ""));
        assertThat(panel.policies()).as("what auto enables on a real microscope")
                .isEqualTo(PolicySet.expandAuto(library.policies(), new PolicySet.Defaults(100, "40X")));
        assertThat(panel.toBuilder().dryRun(false).source(library.source()).policies(library.policies()).build())
                .isEqualTo(library);
    }

    @Test
    void everyPolicyTheUserEnablesComesWithTheValuesSet() {
        RunRecipe r = RunSettings.builder().optRefocus(true, 1.5).optTrack(true, 12).optTrigger(true, 4, 7)
                .optTriggerLabel("").optHiResPreset("20X").optAdaptiveRate(true, 50, Double.NaN).build().toRecipe();
        assertThat(r.policies()).containsExactly("hires", "refocus", "track", "rate");
        assertThat(r.parameters()).isEqualTo(Map.of("refocus.stepUm", "1.5", "track.maxStepUm", "12.0",
                "hires.acquire", "burst", "hires.frames", "7", "hires.consecutiveFrames", "4", "hires.label", "",
                "hires.objective", "20X", "rate.fastMs", "50.0"));
    }

    @Test
    void theEnvelopeLetsTheTriggerSwitchObjectivesAndCentreWithinAFieldAndAHalf() throws Exception {
        SafetyEnvelope e = prepare(RunSettings.builder().build()).envelope();
        HardwarePlan trigger = HardwarePlan.of("hires", MoveXY.to(100 + 250, -50 + 250),
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
    void limitsAndStepsSetByTheUserWin() throws Exception {
        SafetyEnvelope e = prepare(RunSettings.builder().optMaxSteps(5, 50).optZLimits(-20, 30).build()).envelope();
        assertThat(e.maxXYStepUm()).isEqualTo(50);
        assertThat(e.maxZStepUm()).isEqualTo(5);
        assertThat(e.zMinUm()).isEqualTo(-20);
        assertThat(e.zMaxUm()).isEqualTo(30);
    }

    @Test
    void theTriggerSwitchesToTheSetPresetOrAsAcquireChooses() {
        RunSettings trigger = RunSettings.builder().optTrigger(true, 3, 5).build();
        assertThat(TriggerObjective.choose(trigger, OBJECTIVES, "10X", "")).isEqualTo("40X");
        assertThat(TriggerObjective.choose(trigger, OBJECTIVES, "40X", "")).as("never the objective in use")
                .isEqualTo("20X");
        assertThat(TriggerObjective.choose(trigger.toBuilder().optHiResPreset("20X").build(), OBJECTIVES, "10X",
                "40X")).as("the user's preset wins").isEqualTo("20X");
        assertThatThrownBy(() -> TriggerObjective.choose(trigger.toBuilder().optHiResPreset("60X").build(),
                OBJECTIVES, "10X", "")).hasMessageContaining("\"60X\" is not a preset");
        assertThatThrownBy(() -> TriggerObjective.choose(trigger, List.of("10X"), "10X", "10X"))
                .hasMessageContaining("turn the trigger off");
    }

    @Test
    void withoutAPresetTheTriggerTakesTheSmallestPixelSize() {
        RunSettings trigger = RunSettings.builder().optTrigger(true, 3, 5).build();
        List<String> listedOutOfOrder = List.of("40X", "10X", "20X");
        assertThat(TriggerObjective.choose(trigger, listedOutOfOrder, "10X", "40X")).isEqualTo("40X");
        assertThat(TriggerObjective.choose(trigger, listedOutOfOrder, "40X", "40X"))
                .as("not the objective in use: the last other preset").isEqualTo("20X");
        assertThat(TriggerObjective.choose(trigger, OBJECTIVES, "10X", "63X"))
                .as("a preset the group does not list is ignored").isEqualTo("40X");
    }

    @Test
    void theTriggerFiresOnTheDivisionScorersLabelByDefault() throws Exception {
        RunSettings s = RunSettings.builder().optRefocus(false, 2).optTrigger(true, 3, 5).build();
        assertThat(s.triggerLabel()).isEqualTo("dividing");
        List<AcquisitionPolicy> policies = prepare(s).policies().policies();
        assertThat(policies).singleElement().extracting(AcquisitionPolicy::name).isEqualTo("hires");
        assertThat(policies.get(0).toString()).contains("dividing").contains("40X");
    }
}
