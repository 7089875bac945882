package org.reflexscope.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Runs {@code reflex} in a child JVM, as the launcher starts it, with a class path the test chooses (test support):
 * for what only a fresh JVM shows, such as which MMCoreJ classes bind to a native library.
 */
final class ChildJvm {
    final int exit;
    final String out;
    final String err;

    private ChildJvm(int exit, String out, String err) {
        this.exit = exit;
        this.out = out;
        this.err = err;
    }

    /** This test JVM's class path (surefire's real one, not its manifest-only booter jar). */
    static List<String> testClassPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(cp.split(File.pathSeparator)).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }

    /** The test class path without the entries {@code drop} matches, followed by {@code extra}. */
    static List<String> classPath(Predicate<String> drop, String... extra) {
        List<String> cp = testClassPath().stream().filter(drop.negate()).collect(Collectors.toList());
        cp.addAll(Arrays.asList(extra));
        return cp;
    }

    /** Whether a class-path entry is an MMCoreJ jar (Maven's or an installation's). */
    static boolean isMmCoreJ(String entry) {
        return Paths.get(entry).getFileName().toString().startsWith("MMCoreJ");
    }

    static ChildJvm run(List<String> classPath, Path workDir, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-Xmx1g");
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classPath));
        cmd.add(ReflexCommand.class.getName());
        cmd.addAll(Arrays.asList(args));
        Path out = workDir.resolve("child.out");
        Path err = workDir.resolve("child.err");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("reflex " + String.join(" ", args) + " did not end within " + timeoutSeconds
                    + " s");
        }
        return new ChildJvm(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
    }

    /**
     * The non-blank lines of stderr, without the JVM's own warning about a library that failed to load ("VM
     * warning: You have loaded library ... stack guard" and its "execstack" advice), which the JVM prints before
     * Reflex sees the error.
     */
    List<String> errLines() {
        return Arrays.stream(err.split("\\R")).filter(s -> !s.isBlank())
                .filter(s -> !s.contains("VM warning: You have loaded library") && !s.contains("execstack -c"))
                .collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
}
