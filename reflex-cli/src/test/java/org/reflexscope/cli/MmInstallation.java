package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * The Micro-Manager installation named by {@code -Dreflex.mm.home} (test support): real-core tests skip when none
 * is named (a user's plain {@code mvn verify}) and fail when the named one is missing.
 */
final class MmInstallation {
    static final String HOME_PROPERTY = "reflex.mm.home";

    private MmInstallation() {
    }

    static Path homeOrSkip() {
        String home = System.getProperty(HOME_PROPERTY);
        Assumptions.assumeTrue(home != null && !home.isBlank(), "No Micro-Manager installation: run with -D"
                + HOME_PROPERTY + "=/path/to/Micro-Manager to test against a real core");
        Path dir = Paths.get(home).toAbsolutePath();
        assertThat(dir.resolve("plugins/Micro-Manager/MMCoreJ.jar"))
                .as("-D%s names a Micro-Manager installation with plugins/Micro-Manager/MMCoreJ.jar", HOME_PROPERTY)
                .isRegularFile();
        return dir;
    }

    static String mmCoreJJar(Path home) {
        return home.resolve("plugins/Micro-Manager/MMCoreJ.jar").toString();
    }
}
