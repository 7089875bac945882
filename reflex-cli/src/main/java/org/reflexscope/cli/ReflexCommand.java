package org.reflexscope.cli;

import java.io.PrintWriter;
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
        return cl;
    }

    /** Bad usage: the problem, the command's usage, exit {@link ExitCodes#USAGE}. */
    static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("reflex: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        cl.usage(err);
        err.flush();
        return ExitCodes.USAGE;
    }

    /** The configured command line on the process's stdout/stderr. */
    public static CommandLine commandLine() {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /** Runs {@code reflex} with {@code args} and exits with its status. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        System.exit(commandLine().execute(args));
    }
}
