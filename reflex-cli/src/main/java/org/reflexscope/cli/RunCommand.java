package org.reflexscope.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.JsonNode;
import org.reflexscope.cli.input.UsageException;
import org.reflexscope.cli.input.UserInputException;
import org.reflexscope.cli.run.RunFolder;
import org.reflexscope.policy.recipe.PolicySet;
import org.reflexscope.policy.recipe.RecipeException;
import org.reflexscope.policy.recipe.RunRecipe;
import org.reflexscope.policy.recipe.RunSource;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.scenario.ClockMode;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.scenario.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code reflex run}: a closed-loop run on the virtual microscope, into a run folder with a report. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a closed loop on the virtual microscope: frames are recorded, analysed (denoise, "
            + "detect, focus, event score), and the policies act back on the simulated stage, objectives and frame "
            + "rate through the safety envelope. Writes a run folder: recording/ (NDTiff), hires/, decisions.jsonl,"
            + " metrics.json (with ground-truth scores), recipe.json, scenario.yaml, settings.json and report.html."},
        footer = {"", "Examples:", "  reflex run                                  (default scenario, all policies)",
            "  reflex run -s moving-cell -p track --duration 20s",
            "  reflex run -s my-scenario.yaml --seed 3 --dry-run",
            "  reflex run --from runs/mixed-20260101-120000   (run again from a run folder)",
            "", "Exit status: 0 done, 1 bad input or failure, 2 bad usage, 3 frames were lost."})
final class RunCommand implements Callable<Integer> {
    /** The scenario run when none is given. */
    static final String DEFAULT_SCENARIO = RunSource.DEFAULT_SCENARIO;

    @Spec
    CommandSpec spec;

    @Option(names = {"-s", "--scenario"}, paramLabel = "SCENARIO",
            description = "A built-in scenario name (`reflex scenarios` lists them) or a scenario YAML/JSON file "
                + "(default: " + DEFAULT_SCENARIO + ").")
    String scenario;

    @Option(names = "--seed", paramLabel = "N", description = "Override the scenario's seed.")
    Long seed;

    @Option(names = "--from", paramLabel = "RUNDIR",
            description = "Repeat the run recorded in RUNDIR (its recipe.json and scenario.yaml); other options "
                + "given here override them.")
    Path from;

    @Mixin
    ClosedLoopOptions loop;

    @Mixin
    ModelOptions models;

    @Override
    public Integer call() throws Exception {
        if (loop.wantsPolicyHelp()) {
            PoliciesCommand.print(spec.commandLine().getOut(), PolicySet.NAMES);
            return ExitCodes.OK;
        }
        RunRecipe.Builder base = RunRecipe.builder();
        if (from != null) {
            RunFolder old = RunFolder.open(from);
            if (!Files.isRegularFile(old.recipe())) {
                return rerun(old);
            }
            RunRecipe before;
            try {
                before = RunRecipe.read(old.recipe());
            } catch (RecipeException e) {
                throw ClosedLoopOptions.userError(e);
            }
            if (before.source().kind() != RunSource.Kind.SIMULATED) {
                throw new UserInputException("--from " + from + ": that folder holds a "
                        + before.source().kind().jsonName() + " run of " + before.source().location()
                        + "; `reflex run --from` repeats simulated runs: start that run again with its own command");
            }
            base = before.toBuilder().source(RunSource.simulated(old.scenario().toString(), before.source().seed()));
            models.takeFrom(before, spec.commandLine().getParseResult()::hasMatchedOption);
            spec.commandLine().getErr().println("reflex: repeating " + old.root() + " from its recipe.json");
        }
        RunRecipe recipe = recipe(base);
        Scenario s = scenario(recipe.source().location());
        if (recipe.source().seed() != null) {
            s = s.with("seed", recipe.source().seed());
        }
        s = s.with("clock", recipe.pacing() == RunRecipe.Pacing.REALTIME ? ClockMode.REAL_TIME.name()
                : ClockMode.VIRTUAL.name());
        VirtualMicroscope scope;
        try {
            scope = VirtualMicroscope.builder(s).build();
        } catch (ScenarioException | IllegalArgumentException e) {
            throw new UserInputException("Scenario " + s.name() + " cannot be simulated: " + e.getMessage(), e);
        }
        return new SimulatedRun("run", ownArgs(spec), loop, recipe, models, spec.commandLine().getOut(), stderr())
                .execute(s, scope, loop.out != null ? loop.out : defaultFolder(s.name()), Map.of(), true);
    }

    /** {@code base} with the scenario, seed, closed-loop and model options given on this command line. */
    RunRecipe recipe(RunRecipe.Builder base) throws UserInputException {
        loop.applyTo(base);
        models.applyTo(base);
        RunSource source = base.build().source();
        if (scenario != null) {
            source = RunSource.simulated(scenario, source.seed());
        }
        if (seed != null) {
            source = source.withSeed(seed);
        }
        try {
            return base.source(source).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private PrintStream stderr() {
        return System.err;
    }

    /** A built-in scenario by name, or a scenario file. */
    static Scenario scenario(String nameOrFile) throws UserInputException {
        try {
            if (Scenario.builtInNames().contains(nameOrFile)) {
                return Scenario.builtIn(nameOrFile);
            }
            Path p = Paths.get(nameOrFile);
            if (Files.isDirectory(p) && Files.isRegularFile(p.resolve("scenario.yaml"))) {
                return Scenario.load(p.resolve("scenario.yaml"));
            }
            if (!Files.exists(p)) {
                throw new UserInputException("--scenario " + nameOrFile + ": neither a built-in scenario "
                        + Scenario.builtInNames() + " nor an existing file. `reflex scenarios NAME > my.yaml` writes "
                        + "an editable one");
            }
            return Scenario.load(p);
        } catch (ScenarioException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    static Path defaultFolder(String name) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path base = Paths.get("runs", name + "-" + stamp);
        Path p = base;
        for (int i = 2; Files.exists(p); i++) {
            p = Paths.get(base + "-" + i);
        }
        return p;
    }

    /**
     * Repeats a run folder written before runs kept their recipe: re-parses its stored arguments with the folder's
     * scenario, then today's overrides.
     */
    private int rerun(RunFolder old) throws IOException {
        JsonNode settings = RunFolder.json().readTree(old.settings().toFile());
        List<String> args = new ArrayList<>();
        for (JsonNode a : settings.path("arguments")) {
            args.add(a.asText());
        }
        List<String> merged = new ArrayList<>(withoutOptions(args, Set.of("--out", "-o", "--scenario", "-s",
                "--from")));
        merged.add("--scenario");
        merged.add(old.scenario().toString());
        merged.addAll(withoutOptions(ownArgs(spec), Set.of("--from")));
        CommandLine cl = new CommandLine(new RunCommand());
        cl.setOut(spec.commandLine().getOut());
        cl.setErr(spec.commandLine().getErr());
        cl.setExecutionExceptionHandler(spec.commandLine().getExecutionExceptionHandler());
        cl.setParameterExceptionHandler(ReflexCommand::usageError);
        cl.setOverwrittenOptionsAllowed(true);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        spec.commandLine().getErr().println("reflex: repeating " + old.root() + " with: " + String.join(" ",
                merged));
        return cl.execute(merged.toArray(new String[0]));
    }

    /** The arguments given to this subcommand (after its name), as typed. */
    static List<String> ownArgs(CommandSpec spec) {
        List<String> all = spec.commandLine().getParseResult().originalArgs();
        int i = all.indexOf(spec.name());
        return new ArrayList<>(all.subList(i + 1, all.size()));
    }

    /** {@code args} without the named options and their values ({@code --opt v} and {@code --opt=v}). */
    static List<String> withoutOptions(List<String> args, Set<String> names) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            int eq = a.indexOf('=');
            String name = eq > 0 && a.startsWith("-") ? a.substring(0, eq) : a;
            if (names.contains(name)) {
                if (eq < 0 || !a.startsWith("-")) {
                    i++;
                }
                continue;
            }
            out.add(a);
        }
        return out;
    }
}
