package org.reflexscope.mm.panel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
        RunSettings s = RunSettings.builder().optModelPath("/models/nuclei.onnx").optRefocus(false, 1.5)
                .optTrack(true, 12).optTrigger(true, 3, 25).optAdaptiveRate(true, 10, 500).optZLimits(-20, 80.5)
                .optMaxSteps(2, 30).optMinMoveIntervalMs(150).optDryRun(false).build();
        PropertiesSettingsStore store = new PropertiesSettingsStore();
        s.saveTo(store);
        assertThat(RunSettings.loadFrom(store)).isEqualTo(s);
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
}
