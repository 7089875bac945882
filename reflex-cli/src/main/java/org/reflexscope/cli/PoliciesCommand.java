package org.reflexscope.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.reflexscope.cli.input.UserInputException;
import org.reflexscope.policy.recipe.PolicyParameter;
import org.reflexscope.policy.recipe.PolicySet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code reflex policies}: what each policy does and every parameter {@code --set} takes, with its unit, default
 * and range, printed from {@link PolicySet#PARAMETERS} (where the defaults live). {@code --set help} on
 * {@code run}, {@code replay} and {@code acquire} prints the same.
 */
@Command(name = "policies", mixinStandardHelpOptions = true,
        description = {"Explain the policies and every parameter `--set POLICY.PARAM=VALUE` takes: meaning, unit, "
            + "default and range."},
        footer = {"", "Examples:", "  reflex policies", "  reflex policies refocus",
            "  reflex run --policies refocus --set refocus.stepUm=0.3"})
final class PoliciesCommand implements Callable<Integer> {
    private static final int WIDTH = 80;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "POLICY", description = "Only this policy: hires, refocus, track or rate.")
    String policy;

    @Override
    public Integer call() throws UserInputException {
        if (policy != null && !PolicySet.NAMES.contains(policy)) {
            throw new UserInputException("Unknown policy '" + policy + "': choose one of " + PolicySet.NAMES);
        }
        print(spec.commandLine().getOut(), policy == null ? PolicySet.NAMES : List.of(policy));
        return ExitCodes.OK;
    }

    /** Prints the named policies' purpose and parameters. */
    static void print(PrintWriter out, List<String> policies) {
        out.println("Policies (enable with --policies, set a parameter with --set POLICY.PARAM=VALUE):");
        for (String name : policies) {
            out.println();
            TextWrap.lines(name + ": " + PolicySet.PURPOSES.get(name), WIDTH, "").forEach(out::println);
            for (Map.Entry<String, PolicyParameter> e : PolicySet.PARAMETERS.get(name).entrySet()) {
                PolicyParameter p = e.getValue();
                out.println("  " + p.key() + "  default " + p.defaultText() + "; " + p.rangeText());
                TextWrap.lines(p.meaning(), WIDTH, "      ").forEach(out::println);
            }
        }
        out.flush();
    }
}
