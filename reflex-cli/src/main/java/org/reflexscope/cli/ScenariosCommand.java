package org.reflexscope.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.reflexscope.cli.input.UserInputException;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.scenario.ScenarioException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code reflex scenarios}: lists the built-in scenarios, or prints one as an editable YAML file. */
@Command(name = "scenarios", mixinStandardHelpOptions = true,
        description = {"List the built-in scenarios, or print one as a complete, editable YAML file.",
            "Edit the file and run it with `reflex run --scenario my.yaml`."},
        footer = {"", "Examples:", "  reflex scenarios", "  reflex scenarios moving-cell > my-cell.yaml",
            "  reflex scenarios rare-divisions --out divisions.yaml"})
final class ScenariosCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "A built-in scenario to print as YAML.")
    String name;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the YAML to FILE instead of stdout.")
    Path out;

    @Override
    public Integer call() throws UserInputException, IOException {
        if (name == null) {
            spec.commandLine().getOut().println("Built-in scenarios (print one with `reflex scenarios NAME`):");
            for (String n : Scenario.builtInNames()) {
                Scenario s = Scenario.builtIn(n);
                spec.commandLine().getOut().printf("  %-22s %s%n", n, oneLine(s.description()));
            }
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        Scenario s;
        try {
            s = Scenario.builtIn(name);
        } catch (ScenarioException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        if (out != null) {
            Files.write(out, s.toYaml().getBytes(StandardCharsets.UTF_8));
            spec.commandLine().getErr().println("Wrote " + out.toAbsolutePath() + "; run it with `reflex run "
                    + "--scenario " + out + "`");
        } else {
            spec.commandLine().getOut().print(s.toYaml());
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }

    private static String oneLine(String text) {
        String t = text.replaceAll("\\s+", " ").trim();
        return t.length() > 100 ? t.substring(0, 97) + "..." : t;
    }
}
