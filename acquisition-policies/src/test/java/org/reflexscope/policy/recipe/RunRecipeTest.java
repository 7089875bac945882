package org.reflexscope.policy.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.pipeline.ConsumerWait;
import org.reflexscope.policy.engine.AcquisitionPolicy;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.session.RunLimit;

class RunRecipeTest {
    /** A recipe where every value differs from its default. */
    private static RunRecipe everythingSet() {
        return RunRecipe.builder().source(RunSource.simulated("rare-divisions", 7L)).model("my-model.zip")
                .modelOption("axes", "byx").device("cpu").binning(4).objectSizeUm(12)
                .policies(List.of("refocus", "hires")).parameter("refocus.stepUm", "0.3")
                .parameter("hires.acquire", "burst").zLimitsUm(new double[] {-10, 10}).maxZStepUm(5)
                .xyBoxUm(new double[] {-100, -200, 100, 200}).maxXyStepUm(50.0).minMoveIntervalMs(20)
                .allowedObjectives(List.of("20X", "40X")).ringSlots(64).consumerWait(ConsumerWait.YIELDING)
                .warmUpFrames(0).dryRun(true).frames(500L).pacing(RunRecipe.Pacing.REALTIME).build();
    }

    @Test
    void aRecipeReadsBackEqualFromItsJson(@TempDir Path dir) throws Exception {
        for (RunRecipe r : List.of(RunRecipe.defaults(), everythingSet(),
                RunRecipe.builder().source(RunSource.microManager("/opt/mm", "demo.cfg", "Objective"))
                        .durationS(12.5).build(),
                RunRecipe.builder().source(RunSource.replay("stack.ome.tif")).binning(null).build())) {
            assertThat(RunRecipe.fromJson(r.toJson())).isEqualTo(r);
            r.write(dir.resolve("recipe.json"));
            RunRecipe back = RunRecipe.read(dir.resolve("recipe.json"));
            assertThat(back).isEqualTo(r);
            assertThat(back.toJson()).isEqualTo(r.toJson());
        }
        assertThat(everythingSet()).isNotEqualTo(RunRecipe.defaults());
        RunRecipe back = RunRecipe.fromJson(everythingSet().toJson());
        assertThat(back.zLimitsUm()).containsExactly(-10, 10);
        assertThat(back.binning()).hasValue(4);
        assertThat(back.parameters()).containsOnly(Map.entry("refocus.stepUm", "0.3"),
                Map.entry("hires.acquire", "burst"));
        assertThat(back.frames()).isEqualTo(500L);
        assertThat(back.source().seed()).isEqualTo(7L);
    }

    @Test
    void anEmptyRecipeFileIsTheDefaults() throws Exception {
        assertThat(RunRecipe.fromJson("{}")).isEqualTo(RunRecipe.defaults());
        assertThat(RunRecipe.defaults().binning()).isEmpty();
        assertThat(RunRecipe.defaults().policies()).containsExactly("auto");
    }

    @Test
    void aParameterThatRepeatsItsDefaultIsNotAnOverride() {
        RunRecipe r = RunRecipe.builder().parameter("refocus.everyFrames", "1.0").parameter("hires.budget", "20")
                .parameter("track.selector", "NEAREST_CENTRE").parameter("refocus.dropFraction", "0.4").build();
        assertThat(r.parameters()).containsOnly(Map.entry("refocus.dropFraction", "0.4"));
        assertThat(r).isEqualTo(RunRecipe.builder().parameter("refocus.dropFraction", "0.4").build());
    }

    @Test
    void aParameterWhoseDefaultTheOpticsGiveIsKeptWhateverItsValue() {
        // refocus steps default to a share of the depth of field: 0.5 µm is a choice, not the default
        RunRecipe r = RunRecipe.builder().parameter("refocus.stepUm", "0.50").build();
        assertThat(r.parameters()).containsOnly(Map.entry("refocus.stepUm", "0.50"));
    }

    @Test
    void malformedRecipesAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> RunRecipe.fromJson("{\"recording\": {\"ringSlots\": 12}}"))
                .isInstanceOf(RecipeException.class).hasMessageContaining("power of two");
        assertThatThrownBy(() -> RunRecipe.fromJson("{\"analysis\": {\"binning\": \"lots\"}}"))
                .isInstanceOf(RecipeException.class).hasMessageContaining("binning");
        assertThatThrownBy(() -> RunRecipe.fromJson("not json")).isInstanceOf(RecipeException.class);
    }

    @Test
    void unsetEnvelopeValuesComeFromTheRigCutToItsTravel() throws Exception {
        RigFacts rig = RigFacts.builder(100, -50, 30, 400, 200).zTravelUm(new double[] {0, 1000})
                .xyTravelUm(-1000, -1000, 1000, 1000).objectives(List.of("10X", "20X", "40X"))
                .hiResObjective("40X").defaultLimit(RunLimit.duration(120)).build();
        PreparedRun p = PreparedRun.of(RunRecipe.defaults(), rig);
        SafetyEnvelope e = p.envelope();
        assertThat(e.zMinUm()).isEqualTo(0);
        assertThat(e.zMaxUm()).isEqualTo(80);
        assertThat(List.of(e.xMinUm(), e.yMinUm(), e.xMaxUm(), e.yMaxUm())).containsExactly(-1000.0, -1000.0,
                1000.0, 1000.0);
        assertThat(e.maxXYStepUm()).isEqualTo(600);
        assertThat(e.maxZStepUm()).isEqualTo(RunRecipe.DEFAULT_MAX_Z_STEP_UM);
        assertThat(e.allowedPresets().get("Objective")).containsExactlyInAnyOrder("10X", "20X", "40X");
        assertThat(p.limit()).isEqualTo(RunLimit.duration(120));
        assertThat(p.virtualClock()).isTrue();
        assertThat(p.policies().policies()).extracting(AcquisitionPolicy::name).containsExactly("refocus");

        PreparedRun given = PreparedRun.of(everythingSet().toBuilder().policies(List.of("auto")).parameters(Map.of())
                .build().toBuilder().frames(9L).build(), rig);
        assertThat(given.envelope().zMinUm()).isEqualTo(-10);
        assertThat(given.envelope().maxXYStepUm()).isEqualTo(50);
        assertThat(given.limit()).isEqualTo(RunLimit.frames(9));
        assertThat(given.virtualClock()).as("real-time pacing").isFalse();
    }

    @Test
    void autoEnablesWhatTheSampleCallsFor() throws Exception {
        RigFacts scenario = RigFacts.builder(0, 0, 0, 192, 200).objectives(List.of("10X", "20X", "40X"))
                .hiResObjective("40X").sample(true, true).build();
        PreparedRun p = PreparedRun.of(RunRecipe.defaults(), scenario);
        assertThat(p.policies().policies()).extracting(AcquisitionPolicy::name)
                .containsExactly("hires", "refocus", "track", "rate");
        assertThat(p.policies().resolved()).containsEntry("refocus.dropFraction", "0.3")
                .containsEntry("hires.cooldownS", "2.0").containsEntry("hires.budget", "20")
                .containsEntry("rate.fastMs", "200.0").containsEntry("rate.slowMs", "2000.0");
    }

    @Test
    void anObjectiveTheRigLacksIsRefused() {
        RigFacts rig = RigFacts.builder(0, 0, 0, 192, 200).objectives(List.of("10X", "20X")).build();
        RunRecipe r = RunRecipe.builder().policies(List.of("hires")).parameter("hires.objective", "63X").build();
        assertThatThrownBy(() -> PreparedRun.of(r, rig)).isInstanceOf(RecipeException.class)
                .hasMessageContaining("no objective '63X'");
    }
}
