package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.inference.ModelCatalog;
import org.reflexscope.sim.scenario.Scenario;

class CatalogCommandsTest {

    @Test
    void scenariosListsEveryBuiltIn() {
        Cli c = Cli.run("scenarios");
        assertThat(c.exit).isZero();
        for (String n : Scenario.builtInNames()) {
            assertThat(c.out).contains(n);
        }
    }

    @Test
    void printedScenarioLoadsBackIdentically(@TempDir Path dir) {
        Path file = dir.resolve("cell.yaml");
        Cli c = Cli.run("scenarios", "moving-cell", "--out", file.toString());
        assertThat(c.exit).as(c.toString()).isZero();
        assertThat(Scenario.load(file)).isEqualTo(Scenario.builtIn("moving-cell"));
        Cli printed = Cli.run("scenarios", "moving-cell");
        assertThat(Scenario.fromYaml(printed.out)).isEqualTo(Scenario.builtIn("moving-cell"));
    }

    @Test
    void modelsListsTheEmbeddedModelsWithHashes() {
        Cli c = Cli.run("models");
        assertThat(c.exit).isZero();
        ModelCatalog.embedded().forEach(m -> assertThat(c.out).contains(m.name()).contains(m.sha256()));
        assertThat(c.out).as("the fused model the default chain runs")
                .contains(ModelCatalog.denoiseDetector().name()).contains(ModelCatalog.denoiseDetector().sha256());
    }

    @Test
    void modelsCheckLoadsRunsAndTimesTheDefaults() {
        Cli c = Cli.run("models", "--check", "--device", "cpu", "--repeat", "3");
        assertThat(c.exit).as(c.toString()).isZero();
        assertThat(c.out).contains("outputs:").contains("p50").contains("OK").doesNotContain("NOT FINITE");
    }

    @Test
    void helpWorksEverywhere() {
        for (String[] args : new String[][] {{"--help"}, {"run", "--help"}, {"models", "--help"},
            {"scenarios", "--help"}, {"replay", "--help"}, {"acquire", "--help"}, {"help", "run"}}) {
            Cli c = Cli.run(args);
            assertThat(c.exit).as(String.join(" ", args)).isZero();
            assertThat(c.out).contains("Usage: reflex");
        }
    }

    @Test
    void versionNamesTheBuild() {
        Cli c = Cli.run("--version");
        assertThat(c.exit).isZero();
        assertThat(c.out).contains("reflex 0.1.0");
    }
}
