package org.reflexscope.core.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real size-limited file system for fault tests: {@code mount -t tmpfs -o size=N}. Needs root (CI runs as root);
 * where mounting is not permitted the calling test is skipped (not passed) with the reason. Unmounted on close.
 */
public final class SizeLimitedTmpfs implements AutoCloseable {
    private final Path root;

    private SizeLimitedTmpfs(Path root) {
        this.root = root;
    }

    /** Mounts a tmpfs of {@code kib} KiB on a new folder under {@code parent}, or skips the test saying why. */
    public static SizeLimitedTmpfs mount(Path parent, int kib) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(parent, "tmpfs-");
        String out = run("mount", "-t", "tmpfs", "-o", "size=" + kib + "k", "tmpfs", dir.toString());
        assumeTrue(out == null, () -> "Skipped: cannot mount a size-limited tmpfs here (needs root, as in CI): " + out);
        return new SizeLimitedTmpfs(dir);
    }

    public Path root() {
        return root;
    }

    /** Fills what space is left with a file, so that the next write of any size fails with "No space left". */
    public void fillUp() throws IOException {
        byte[] block = new byte[4096];
        try (java.io.OutputStream o = Files.newOutputStream(root.resolve("filler"))) {
            while (true) {
                o.write(block);
                o.flush();
            }
        } catch (IOException expected) {
            if (expected.getMessage() == null || !expected.getMessage().contains("No space")) {
                throw expected;
            }
        }
    }

    /** Runs a command; {@code null} if it succeeded, else what it said. */
    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", cmd) + " did not return within 20 s";
        }
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + said;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String out = run("umount", "-l", root.toString());
        if (out != null) {
            throw new IOException("Could not unmount the test tmpfs " + root + ": " + out);
        }
    }
}
