package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reflexscope.policy.recipe.PolicyParameter;
import org.reflexscope.policy.recipe.PolicySet;

/** The help as a reader sees it: whole words, complete texts, every policy parameter explained. */
class HelpTextTest {
    @Test
    void helpLinesFitAndNeverEndInsideADottedWord() {
        for (String command : List.of("run", "replay", "acquire", "models", "scenarios", "policies")) {
            Cli c = Cli.run(command, "--help");
            assertThat(c.exit).as(c.toString()).isZero();
            assertThat(c.out).as("%s --help cut at a dot", command)
                    .doesNotContainPattern("[a-z]\\.\\R\\s*(html|yaml|jsonl|json|stepUm|upper|tif|ome)");
            for (String line : c.out.split("\\R")) {
                if (line.startsWith("  reflex ")) {
                    continue; // examples are printed whole, to be copied
                }
                assertThat(line.length()).as("%s --help line: %s", command, line).isLessThanOrEqualTo(80);
            }
        }
        String run = Cli.run("run", "--help").out.replaceAll("\\s+", " ");
        assertThat(run).contains("scenario.yaml").contains("report.html").contains("--set refocus.stepUm=0.5")
                .contains("--set help");
    }

    @Test
    void acquireHelpLeavesOutWhatOnlyTheSimulatorHas() {
        String help = Cli.run("acquire", "--help").out;
        assertThat(help).doesNotContain("--pacing").doesNotContain("scenario's").contains("(default: 10s)");
        assertThat(Cli.run("run", "--help").out).contains("--pacing").contains("scenario's");
    }

    @Test
    void modelsHelpIsComplete() {
        String help = Cli.run("models", "--help").out;
        assertThat(help.replaceAll("\\s+", " ")).contains("or check a model with --check: load it on the chosen "
                + "device").contains("print its outputs' shapes and latency.");
    }

    @Test
    void policiesExplainsEveryParameterWithUnitDefaultAndRange() {
        Cli c = Cli.run("policies");
        assertThat(c.exit).as(c.toString()).isZero();
        for (Map<String, PolicyParameter> params : PolicySet.PARAMETERS.values()) {
            for (PolicyParameter p : params.values()) {
                assertThat(c.out).contains("  " + p.key() + "  default " + p.defaultText() + "; " + p.rangeText());
                assertThat(c.out.replaceAll("\\s+", " ")).contains(p.meaning());
            }
        }
        assertThat(c.out)
                .contains("refocus.stepUm  default depth of field / 6 (0.5 µm when the optics are unknown); > 0")
                .contains("rate.fastMs  default the camera's frame interval; >= 0")
                .contains("hires.acquire  default zstack; zstack | burst");
        assertThat(Cli.run("run", "--set", "help").out).isEqualTo(c.out);
    }

    @Test
    void aPolicyValueOutOfRangeNamesTheRangeUnitAndDefault() {
        Cli c = Cli.run("run", "--policies", "refocus", "--set", "refocus.stepUm=-1", "--frames", "1");
        assertThat(c.exit).isEqualTo(ExitCodes.USAGE);
        assertThat(c.err).contains("--set refocus.stepUm=-1: out of range; expected > 0 µm").contains("default depth of field / 6");
        c = Cli.run("run", "--policies", "track", "--set", "track.selector=biggest", "--frames", "1");
        assertThat(c.err).contains("--set track.selector=biggest: not a choice; expected one of nearest_centre, "
                + "largest, brightest, highest_score, id");
    }

    @Test
    void aValueThatIsNotANumberIsSaidInPlainWords() {
        Cli c = Cli.run("run", "--seed", "x");
        assertThat(c.exit).isEqualTo(ExitCodes.USAGE);
        assertThat(c.err).startsWith("reflex: --seed: expected a whole number, got 'x'");
    }
}
