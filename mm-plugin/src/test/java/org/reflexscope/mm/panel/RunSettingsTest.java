package org.reflexscope.mm.panel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.pipeline.ConsumerWait;

class RunSettingsTest {

    @Test
    void defaultsAreADryRunThatMayStartWithoutLimits() {
        RunSettings s = RunSettings.builder().build();
        assertThat(s.dryRun()).isTrue();
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void liveRunsWithMotionNeedZLimits() {
        RunSettings live = RunSettings.builder().optDryRun(false).build();
        assertThat(live.problems()).singleElement().asString().contains("Z limits");
        assertThat(live.toBuilder().optZLimits(0, 100).build().problems()).isEmpty();
        RunSettings noMotion = live.toBuilder().optRefocus(false, 2).build();
        assertThat(noMotion.problems()).as("no motion policy, nothing to limit").isEmpty();
    }

    @Test
    void inconsistentValuesAreExplained() {
        RunSettings s = RunSettings.builder().optZLimits(10, 5).optMaxSteps(0, 50).optTrack(true, -1)
                .optAdaptiveRate(true, 100, 10).optTrigger(true, 0, 10).build();
        assertThat(s.problems()).hasSize(5).anySatisfy(p -> assertThat(p).contains("below the upper"))
                .anySatisfy(p -> assertThat(p).contains("maximum Z step"))
                .anySatisfy(p -> assertThat(p).contains("tracking step"))
                .anySatisfy(p -> assertThat(p).contains("adaptive"))
                .anySatisfy(p -> assertThat(p).contains("trigger"));
        assertThat(RunSettings.builder().optZLimits(0, Double.NaN).build().problems())
                .anySatisfy(p -> assertThat(p).contains("both Z limits, or neither"));
    }

    @Test
    void settingsRoundTripThroughAStore() {
        RunSettings s = RunSettings.builder().optModelPath("/models/nuclei.onnx").optAnalysisBinning(2)
                .optRingSlots(256).optLowLatencyWaits(true).optRefocus(false, 1.5)
                .optTrack(true, 12).optTrigger(true, 3, 25).optAdaptiveRate(true, 10, 500).optZLimits(-20, 80.5)
                .optMaxSteps(2, 30).optMinMoveIntervalMs(150).optDryRun(false).optTriggerLabel("")
                .optHiResPreset("20X").optRunsFolder("/data/reflex").optObjectiveGroup("Nosepiece")
                .optOptics("10X=0.3, 60X Oil=1.4", 1.515, 610).build();
        PropertiesSettingsStore store = new PropertiesSettingsStore();
        s.saveTo(store);
        assertThat(RunSettings.loadFrom(store)).isEqualTo(s);
        assertThat(s.toBuilder().build()).isEqualTo(s);
        RunSettings defaults = RunSettings.builder().build();
        defaults.saveTo(store);
        assertThat(RunSettings.loadFrom(store)).as("an unset maximum XY step round-trips").isEqualTo(defaults);
    }

    @Test
    void objectiveAperturesGiveTheDepthOfFieldOfTheirPresetAndBadOnesAreExplained() {
        RunSettings oil = RunSettings.builder().optOptics("10X=0.3, 60X Oil=1.4", 1.515, 610).build();
        assertThat(oil.problems()).isEmpty();
        assertThat(oil.apertures()).containsExactly(java.util.Map.entry("10X", 0.3), java.util.Map.entry("60X Oil", 1.4));
        // λ·n/NA² + n·pixel/NA
        assertThat(oil.depthOfFieldUm("60X Oil", 0.1)).isCloseTo(0.61 * 1.515 / 1.96 + 1.515 * 0.1 / 1.4,
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(oil.depthOfFieldUm("20X", 0.5)).as("no NA for that preset: fixed steps").isNaN();
        RunSettings bad = RunSettings.builder().optOptics("10X:0.3, 20X=x, 60X Oil=1.4", 1.0, 520).build();
        assertThat(bad.problems()).hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("'10X:0.3' is not PRESET=NA"))
                .anySatisfy(p -> assertThat(p).contains("'x' is not a number"))
                .anySatisfy(p -> assertThat(p).contains("60X Oil=1.4").contains("immersion index"));
        assertThat(bad.apertures()).isEmpty();
        assertThat(RunSettings.builder().optOptics("", 0.9, 520).build().problems())
                .anySatisfy(p -> assertThat(p).contains("immersion index must be"));
    }

    @Test
    void unreadableStoredValuesFallBackToDefaults() {
        PropertiesSettingsStore store = new PropertiesSettingsStore();
        store.put("reflex.envelope.maxZStepUm", "five");
        store.put("reflex.dryRun", "maybe");
        store.put("reflex.track", "true");
        RunSettings s = RunSettings.loadFrom(store);
        RunSettings d = RunSettings.builder().build();
        assertThat(s.maxZStepUm()).isEqualTo(d.maxZStepUm());
        assertThat(s.dryRun()).isEqualTo(d.dryRun());
        assertThat(s.track()).isTrue();
    }

    @Test
    void analysisBinningIsAutoByDefaultAndFollowsTheCameraUnlessSet() {
        FrameFormat sCmos = FrameFormat.of(2048, 2048, PixelType.GRAY16);
        FrameFormat emccd = FrameFormat.of(512, 512, PixelType.GRAY16);
        RunSettings auto = RunSettings.builder().build();
        assertThat(auto.analysisBinning()).isEqualTo(RunSettings.AUTO_BINNING);
        assertThat(auto.analysisBinningFor(sCmos)).as("2048² analysed at 512²").isEqualTo(4);
        assertThat(auto.analysisBinningFor(emccd)).isEqualTo(1);
        assertThat(auto.analysisBinningFor(FrameFormat.of(2304, 1152, PixelType.GRAY16))).as("the shorter side")
                .isEqualTo(2);
        RunSettings two = auto.toBuilder().optAnalysisBinning(2).build();
        assertThat(two.analysisBinningFor(sCmos)).isEqualTo(2);
        assertThat(two).isNotEqualTo(auto);

        PropertiesSettingsStore store = new PropertiesSettingsStore();
        auto.saveTo(store);
        assertThat(store.get("reflex.analysis.binning", null)).isEqualTo("auto");
        assertThat(RunSettings.loadFrom(store)).isEqualTo(auto);
        store.put("reflex.analysis.binning", "lots");
        assertThat(RunSettings.loadFrom(store).analysisBinning()).as("unreadable: the default")
                .isEqualTo(RunSettings.AUTO_BINNING);

        assertThat(auto.toBuilder().optAnalysisBinning(-1).build().problems()).singleElement().asString()
                .contains("analysis binning must be auto or 1 to 64");
        assertThat(auto.toBuilder().optAnalysisBinning(100).build().problems()).hasSize(1);
    }

    @Test
    void waitsAreParkedUnlessLowLatencyIsChosen() {
        RunSettings d = RunSettings.builder().build();
        assertThat(d.lowLatencyWaits()).isFalse();
        assertThat(d.consumerWait()).isEqualTo(ConsumerWait.BLOCKING);
        assertThat(d.toBuilder().optLowLatencyWaits(true).build().consumerWait()).isEqualTo(ConsumerWait.YIELDING);
        assertThat(d.toBuilder().optLowLatencyWaits(true).build()).isNotEqualTo(d);
    }

    @Test
    void ringSlotsDefaultToThePipelinesAndMustBeAPowerOfTwo() {
        RunSettings d = RunSettings.builder().build();
        assertThat(d.ringSlots()).isEqualTo(16);
        assertThat(d.toBuilder().optRingSlots(64).build().problems()).isEmpty();
        for (int bad : new int[] {0, 2, 24}) {
            assertThat(d.toBuilder().optRingSlots(bad).build().problems()).as("%d slots", bad).singleElement()
                    .asString().contains("power of two of at least 4 slots");
        }
    }
}
