package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reflex acquire} runs on the MMCoreJ classes of the installation it is pointed at, and every way loading
 * Micro-Manager's core can fail reaches the user as one line on stderr, never a stack trace. Each case runs in a
 * child JVM with its own class path, since a JVM binds MMCoreJ's classes to a native library once.
 */
class AcquireBindingTest {
    /** Maven Central's MMCoreJ (2021), set by the pom: it does not bind to a current native core. */
    static final String CENTRAL_MMCOREJ_PROPERTY = "reflex.test.centralMmCoreJ";

    @TempDir
    Path dir;

    private static void assertOneLine(ChildJvm c, String... mentions) {
        assertThat(c.exit).as(c.toString()).isEqualTo(ExitCodes.FAILED);
        List<String> lines = c.errLines();
        assertThat(lines).as(c.toString()).hasSize(1);
        assertThat(lines.get(0)).as(c.toString()).startsWith("reflex: ");
        for (String m : mentions) {
            assertThat(lines.get(0)).as(c.toString()).contains(m);
        }
    }

    @Test
    void aFolderWithoutTheNativeCoreSaysWhatToPointAt() throws Exception {
        Files.createFile(dir.resolve("MMConfig_demo.cfg"));
        ChildJvm c = ChildJvm.run(ChildJvm.testClassPath(), dir, 60, "acquire", "--mm", dir.toString(), "-n", "5");
        assertOneLine(c, "No native Micro-Manager core", dir.toString());
    }

    @Test
    void anUnloadableNativeLibraryIsOneLine() throws Exception {
        Files.write(dir.resolve("libMMCoreJ_wrap.so"), new byte[] {1, 2, 3, 4});
        Files.createFile(dir.resolve("MMConfig_demo.cfg"));
        ChildJvm c = ChildJvm.run(ChildJvm.testClassPath(), dir, 60, "acquire", "--mm", dir.toString(), "-n", "5");
        assertOneLine(c, "UnsatisfiedLinkError", "libMMCoreJ_wrap.so");
    }

    @Test
    void centralMmCoreJAgainstACurrentNativeCoreIsOneLineNamingTheInstallation() throws Exception {
        Path home = MmInstallation.homeOrSkip();
        String central = System.getProperty(CENTRAL_MMCOREJ_PROPERTY);
        assertThat(Paths.get(central)).as("Central's MMCoreJ jar (set by the pom)").isRegularFile();
        ChildJvm c = ChildJvm.run(ChildJvm.classPath(ChildJvm::isMmCoreJ, central), dir, 60,
                "acquire", "--mm", home.toString(), "-n", "5", "-o", dir.resolve("run").toString());
        assertOneLine(c, "NoSuchMethodError", "do not fit", home.toString(), MmInstallation.mmCoreJJar(home));
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void noMmCoreJOnTheClassPathIsOneLine() throws Exception {
        Path home = MmInstallation.homeOrSkip();
        ChildJvm c = ChildJvm.run(ChildJvm.classPath(ChildJvm::isMmCoreJ), dir, 60,
                "acquire", "--mm", home.toString(), "-n", "5");
        assertOneLine(c, "MMCoreJ", "not on the class path", MmInstallation.mmCoreJJar(home));
    }
}
