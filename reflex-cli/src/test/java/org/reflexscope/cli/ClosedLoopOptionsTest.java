package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflexscope.cli.input.UserInputException;
import org.reflexscope.core.pipeline.ConsumerWait;
import org.reflexscope.policy.recipe.RunRecipe;
import org.reflexscope.policy.recipe.RunSource;
import picocli.CommandLine;

class ClosedLoopOptionsTest {
    private static ClosedLoopOptions bin(String v) {
        ClosedLoopOptions o = new ClosedLoopOptions();
        o.bin = v;
        return o;
    }

    @Test
    void aGivenFactorIsUsedAsIsAutoIsNoneAndABadOneNamed() throws UserInputException {
        assertThat(bin("4").binning()).isEqualTo(4);
        assertThat(bin(" 1 ").binning()).isEqualTo(1);
        assertThat(bin("AUTO").binning()).isNull();
        assertThat(bin(null).binning()).isNull();
        assertThatThrownBy(() -> bin("0").binning()).isInstanceOf(UserInputException.class)
                .hasMessageContaining("--bin must be auto or between 1 and 64");
        assertThatThrownBy(() -> bin("two").binning()).isInstanceOf(UserInputException.class)
                .hasMessageContaining("--bin two: expected auto or a whole number");
    }

    @Test
    void ringSizeIsAPowerOfTwoOfAtLeastFourAndABadOneNamed() throws UserInputException {
        ClosedLoopOptions o = new ClosedLoopOptions();
        o.ring = 256;
        assertThat(o.ringSize()).isEqualTo(256);
        for (int bad : new int[] {0, 2, 6, 100, -16}) {
            o.ring = bad;
            assertThatThrownBy(o::ringSize).isInstanceOf(UserInputException.class)
                    .hasMessageContaining("--ring " + bad + ": the ring needs a power of two of at least 4 slots");
        }
    }

    /**
     * The command line adds no default of its own: {@code reflex run} and {@code reflex acquire} without options
     * make the library's default recipe (acquire with its Micro-Manager source), so a default exists only in
     * {@link RunRecipe}. Someone giving an option a picocli default would fail this.
     */
    @Test
    void withoutOptionsTheCommandsMakeTheDefaultRecipe() throws Exception {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs();
        assertThat(run.recipe(RunRecipe.builder())).isEqualTo(RunRecipe.defaults());

        AcquireCommand acquire = new AcquireCommand();
        new CommandLine(acquire).parseArgs("--mm", "/opt/mm");
        RunRecipe a = acquire.recipe();
        assertThat(a.source().kind()).isEqualTo(RunSource.Kind.MICRO_MANAGER);
        assertThat(a.source().config()).isEqualTo("MMConfig_demo.cfg");
        assertThat(a.toBuilder().source(RunRecipe.defaults().source()).build()).isEqualTo(RunRecipe.defaults());
    }

    @Test
    void givenOptionsOverrideOnlyWhatTheySet() throws Exception {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs("-p", "refocus,track", "--set", "refocus.stepUm=0.3", "--bin", "2",
                "--ring", "64", "--consumer-wait", "yielding", "--dry-run", "--duration", "2m", "--z-limits",
                "-10,10", "--seed", "4", "--pacing", "realtime");
        RunRecipe base = RunRecipe.builder().maxZStepUm(5).warmUpFrames(0).build();
        RunRecipe r = run.recipe(base.toBuilder());
        assertThat(r.policies()).containsExactly("refocus", "track");
        assertThat(r.parameters()).containsEntry("refocus.stepUm", "0.3");
        assertThat(r.binning()).hasValue(2);
        assertThat(r.ringSlots()).isEqualTo(64);
        assertThat(r.consumerWait()).isEqualTo(ConsumerWait.YIELDING);
        assertThat(r.dryRun()).isTrue();
        assertThat(r.durationS()).isEqualTo(120.0);
        assertThat(r.zLimitsUm()).containsExactly(-10, 10);
        assertThat(r.source().seed()).isEqualTo(4L);
        assertThat(r.pacing()).isEqualTo(RunRecipe.Pacing.REALTIME);
        assertThat(r.maxZStepUm()).as("not given: the base's").isEqualTo(5);
        assertThat(r.warmUpFrames()).as("not given: the base's").isZero();
        assertThat(r.policies()).isNotEqualTo(List.of("auto"));
    }
}
