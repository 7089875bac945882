package org.reflexscope.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.reflexscope.mm.core.MmCoreSession;

/**
 * Test program: runs {@code reflex acquire} with the given arguments and, once the run's decision log holds a given
 * number of lines, crashes this JVM natively through the DemoCamera's {@code SimulateCrash} property, as a faulty
 * device adapter would. The core that acquires is private to the command, so the crash goes through a second core
 * in the same process, loaded with the same installation and configuration: its camera dereferences a null pointer
 * in {@code libmmgr_dal_DemoCamera}, and the JVM dies without running any shutdown hook.
 *
 * <p>Arguments: {@code lines home config out acquireArgs...}.
 */
final class CrashDuringAcquire {
    private CrashDuringAcquire() {
    }

    public static void main(String[] args) throws Exception {
        long lines = Long.parseLong(args[0]);
        Path home = Path.of(args[1]);
        String config = args[2];
        Path decisions = Path.of(args[3]).resolve("decisions.jsonl");
        String[] acquire = Arrays.copyOfRange(args, 4, args.length);
        Thread crasher = new Thread(() -> {
            try {
                while (!Files.isRegularFile(decisions) || Files.readAllLines(decisions).size() < lines) {
                    Thread.sleep(20);
                }
                MmCoreSession second = MmCoreSession.open(home, config);
                System.err.println("crash-during-acquire: crashing the DemoCamera after " + lines + " decisions");
                second.core().setProperty("Camera", "SimulateCrash", "Dereference Null Pointer");
                System.err.println("crash-during-acquire: the camera did not crash");
            } catch (Exception e) {
                System.err.println("crash-during-acquire: could not crash: " + e);
            }
            Runtime.getRuntime().halt(99);
        }, "crasher");
        crasher.setDaemon(true);
        crasher.start();
        ReflexCommand.main(acquire);
    }
}
