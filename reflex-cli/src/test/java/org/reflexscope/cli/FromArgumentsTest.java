package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FromArgumentsTest {
    @Test
    void storedArgumentsLoseTheirOutputAndScenarioInBothSpellings() {
        List<String> args = List.of("-s", "mixed", "--frames", "40", "--out=/tmp/a", "-o", "/tmp/b", "--seed",
                "3", "--scenario=x.yaml", "--dry-run");
        assertThat(RunCommand.withoutOptions(args, Set.of("--out", "-o", "--scenario", "-s")))
                .containsExactly("--frames", "40", "--seed", "3", "--dry-run");
    }
}
