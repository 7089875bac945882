package org.reflexscope.cli;

import java.io.PrintWriter;
import org.reflexscope.cli.console.Console;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code reflex} command: closed-loop smart acquisition on the simulator, on replayed data and headless on a
 * Micro-Manager core, writing run folders with a report.
 *
 * <p>Entry point of {@code reflex.jar}; {@link #commandLine()} builds the configured picocli command for tests and
 * embedders. Exit statuses are in {@link ExitCodes}: usage errors print the usage and exit 2, bad files and
 * settings print one line {@code reflex: <what is wrong and what to do>} and exit 1.
 */
@Command(name = "reflex", mixinStandardHelpOptions = true, versionProvider = ReflexVersion.class,
        description = "Smart acquisition for Micro-Manager: closed-loop runs on a simulated microscope, on recorded "
                + "data, or on a real Micro-Manager core.",
        subcommands = {RunCommand.class, ReplayCommand.class, AcquireCommand.class, ModelsCommand.class, ScenariosCommand.class,
            PoliciesCommand.class,
            EvaluateCommand.class,
            SurveyCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Start with:  reflex run            (the default scenario, default models; writes runs/<name>/)",
            "Then open runs/<name>/report.html."})
public final class ReflexCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of "
                + spec.subcommands().keySet());
    }

    /** The configured command line (exception handlers, exit codes); output goes to the given writers. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new ReflexCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new ErrorReporter());
        cl.setParameterExceptionHandler(ReflexCommand::usageError);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        AcquireCommand.describeOptionsForRealMicroscope(cl.getSubcommands().get("acquire").getCommandSpec());
        Console console = Console.current();
        HelpLayout.install(cl, console.isTty() ? Math.max(60, Math.min(120, console.columns())) : 80);
        return cl;
    }

    /** Bad usage: the problem, the command's usage, exit {@link ExitCodes#USAGE}. */
    static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("reflex: " + inPlainWords(ex.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        cl.usage(err);
        err.flush();
        return ExitCodes.USAGE;
    }

    /**
     * picocli's messages for values that do not convert, in plain words: {@code Invalid value for option
     * '--seed': 'x' is not a long} becomes {@code --seed: expected a whole number, got 'x'}.
     */
    static String inPlainWords(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "^Invalid value for (?:option |positional parameter at index \\d+ \\()?'?([^':)]+)'?\\)?: '(.*)' is "
                        + "not an? (\\w+)$").matcher(message);
        if (!m.matches()) {
            return message;
        }
        String type = m.group(3).toLowerCase(java.util.Locale.ROOT);
        String expected = type.matches("int|integer|long|short|byte") ? "a whole number"
                : type.matches("double|float|bigdecimal") ? "a number" : "a " + type;
        return m.group(1) + ": expected " + expected + ", got '" + m.group(2) + "'";
    }

    /** The configured command line on the process's stdout/stderr. */
    public static CommandLine commandLine() {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /** Runs {@code reflex} with {@code args} and exits with its status. */
    /**
     * Stack of the thread commands run on. ONNX Runtime's environment is created on the thread that first analyses
     * a frame, and its native initialisation can overflow the JVM's default 1 MiB thread stack (seen as a
     * segmentation fault with no error report, depending on the class path; the Studio panel's worker has the same
     * allowance).
     */
    static final long COMMAND_STACK_BYTES = 64L << 20;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        // Encode report images in memory: ImageIO's file cache registers a shutdown hook per stream, which fails
        // while a run stopped by SIGTERM writes its report during the JVM's shutdown.
        javax.imageio.ImageIO.setUseCache(false);
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        Console.install(Boolean.getBoolean("reflex.tty"));
        int[] exit = {ExitCodes.FAILED};
        Thread command = new Thread(null, () -> exit[0] = commandLine().execute(args), "reflex-command",
                COMMAND_STACK_BYTES);
        command.start();
        try {
            command.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(exit[0]);
    }
}
