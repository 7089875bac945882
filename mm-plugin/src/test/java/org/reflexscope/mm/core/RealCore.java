package org.reflexscope.mm.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * The Micro-Manager installation named by {@code -Dreflex.mm.home} (test support): real-core tests skip when none
 * is named (a user's plain {@code mvn verify}) and fail when the named one is missing (CI names
 * {@code ../shared/micro-manager/install}).
 */
public final class RealCore {
    public static final String HOME_PROPERTY = "reflex.mm.home";

    private RealCore() {
    }

    public static Path homeOrSkip() {
        String home = System.getProperty(HOME_PROPERTY);
        Assumptions.assumeTrue(home != null && !home.isBlank(), "No Micro-Manager installation: run with -D"
                + HOME_PROPERTY + "=/path/to/Micro-Manager to test against a real core with MMConfig_demo.cfg");
        Path dir = Paths.get(home).toAbsolutePath();
        assertThat(dir.resolve("plugins/Micro-Manager/MMCoreJ.jar"))
                .as("-D%s names a Micro-Manager installation with plugins/Micro-Manager/MMCoreJ.jar", HOME_PROPERTY)
                .isRegularFile();
        return dir;
    }
}
