package org.reflexscope.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioTest {

    @Test
    void everyBuiltInLoadsAndRoundTripsThroughYaml() {
        assertThat(Scenario.builtInNames()).contains("drifting-focus-beads", "moving-cell", "rare-divisions",
                "frequent-divisions", "mixed");
        for (String name : Scenario.builtInNames()) {
            Scenario s = Scenario.builtIn(name);
            assertThat(s.name()).isEqualTo(name);
            Scenario again = Scenario.fromYaml(s.toYaml());
            assertThat(again).isEqualTo(s);
            assertThat(again.toYaml()).isEqualTo(s.toYaml());
        }
    }

    @Test
    void fileOverridesOnlyWhatItNamesAndKeepsDefaults(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("mine.yaml");
        Files.writeString(f, "name: mine\nseed: 99\ncamera:\n  width: 128\n");
        Scenario s = Scenario.load(f);
        assertThat(s.seed()).isEqualTo(99);
        assertThat(s.camera().width()).isEqualTo(128);
        assertThat(s.camera().height()).isEqualTo(Scenario.defaults().camera().height());
        assertThat(s.optics().names()).containsExactly("10X", "20X", "40X");
    }

    @Test
    void jsonFilesAreReadAsJson(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("mine.json");
        Files.writeString(f, Scenario.builtIn("moving-cell").toJson());
        assertThat(Scenario.load(f)).isEqualTo(Scenario.builtIn("moving-cell"));
    }

    @Test
    void unknownKeyIsRejectedWithTheValidKeysOfItsSection() {
        assertThatThrownBy(() -> Scenario.fromYaml("camera:\n  widht: 128\n"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("camera.widht")
                .hasMessageContaining("width").hasMessageContaining("bitDepth");
    }

    @Test
    void outOfRangeValueNamesTheFieldAndTheRange() {
        assertThatThrownBy(() -> Scenario.fromYaml("camera:\n  bitDepth: 20\n"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("camera.bitDepth").hasMessageContaining("[8, 16]");
        assertThatThrownBy(() -> Scenario.fromYaml("camera:\n  binning: 3\n"))
                .hasMessageContaining("camera.binning").hasMessageContaining("[1, 2, 4, 8]");
        assertThatThrownBy(() -> Scenario.fromYaml("optics:\n  objective: 63X\n"))
                .hasMessageContaining("optics.objective").hasMessageContaining("[10X, 20X, 40X]");
    }

    @Test
    void badEnumValueListsTheAllowedValues() {
        assertThatThrownBy(() -> Scenario.fromYaml("clock: FAST\n"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("clock").hasMessageContaining("VIRTUAL").hasMessageContaining("REAL_TIME");
    }

    @Test
    void wrongTypeAndMalformedTextAreExplained() {
        assertThatThrownBy(() -> Scenario.fromYaml("camera:\n  width: wide\n"))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("camera.width");
        assertThatThrownBy(() -> Scenario.fromYaml("camera: [1, 2\n"))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("not well-formed");
    }

    @Test
    void withReplacesOneFieldAndValidatesIt() {
        Scenario s = Scenario.builtIn("mixed").with("drift.focusRateUmPerMin", 3.5);
        assertThat(s.drift().focusRateUmPerMin()).isEqualTo(3.5);
        assertThat(s.seed()).isEqualTo(Scenario.builtIn("mixed").seed());
        assertThatThrownBy(() -> s.with("drift.nope", 1)).hasMessageContaining("focusRateUmPerMin");
        assertThatThrownBy(() -> s.with("camera.exposureMs", -1.0)).hasMessageContaining("camera.exposureMs");
    }

    @Test
    void unknownBuiltInAndMissingFileSayWhatExists(@TempDir Path dir) {
        assertThatThrownBy(() -> Scenario.builtIn("nope")).hasMessageContaining("rare-divisions");
        assertThatThrownBy(() -> Scenario.load(dir.resolve("missing.yaml"))).hasMessageContaining("does not exist");
    }

    @Test
    void crossFieldRulesAreChecked() {
        assertThatThrownBy(() -> Scenario.fromYaml("specimen:\n  cells:\n    count: 2\n  divisions:\n    count: 3\n"))
                .hasMessageContaining("specimen.divisions.count");
        assertThatThrownBy(() -> Scenario.fromYaml("stage:\n  zMinUm: 10\n  zMaxUm: 5\n"))
                .hasMessageContaining("stage.zMinUm");
    }
}
