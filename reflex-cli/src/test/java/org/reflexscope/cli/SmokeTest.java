package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @Test
    void runs(@TempDir Path dir) {
        Cli c = Cli.run("run", "-s", System.getProperty("smoke.scenario", "mixed"), "--duration",
                System.getProperty("smoke.duration", "10s"), "--out", dir.resolve("r").toString());
        System.out.println(c);
        assertThat(c.exit).isZero();
    }
}
