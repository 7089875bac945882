package org.reflexscope.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.reflexscope.cli.input.UsageException;
import org.reflexscope.cli.input.UserInputException;
import org.reflexscope.core.inference.ModelFiles;
import org.reflexscope.core.inference.ModelSpecFiles;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.survey.SelectionRule;
import org.reflexscope.policy.survey.recipe.SurveyRecipe;
import org.reflexscope.policy.survey.recipe.SurveyRecipeJson;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code reflex survey}'s recipe options: {@code --recipe FILE} (a survey recipe, JSON or YAML) and {@code --from
 * RUNDIR} (the {@code survey-recipe.json} a survey wrote). The recipe's entries fill the command's options the user
 * did not type (what is typed wins; {@code --min-intensity} replaces the lower bound of the rule's intensity range),
 * and the effective recipe of every survey is written to its run folder as {@code survey-recipe.json}.
 */
final class SurveyRecipeOptions {
    /** The effective recipe's file name in a survey's run folder. */
    static final String FILE_NAME = "survey-recipe.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String[] WHAT_TO_SURVEY = {"--region", "--polygon", "--wells", "--plate", "--positions"};

    @Option(names = "--recipe", paramLabel = "FILE",
            description = "Take the survey's settings from this survey recipe (.json, or .yaml/.yml): selection rule, "
                + "budget, what to survey, autofocus, visits (channels, time points, order), tile model, envelope "
                + "(docs/survey.md); options typed as well override it.")
    Path recipeFile;

    @Option(names = "--from", paramLabel = "RUNDIR",
            description = "Repeat the survey of this run folder: its " + FILE_NAME + "; options typed as well "
                + "override it.")
    Path from;

    private SurveyRecipe loaded;

    /**
     * Reads the recipe {@code --recipe} or {@code --from} names (nothing if neither) and fills the options of
     * {@code c} that were not typed.
     *
     * @throws UsageException both options given, or a recipe that is malformed or has a bad entry (named)
     * @throws UserInputException a recipe file or run folder that does not exist or cannot be read
     */
    void applyTo(SurveyCommand c, CommandSpec spec) throws UsageException, UserInputException {
        if (recipeFile != null && from != null) {
            throw new UsageException("--recipe and --from each give the survey's recipe; give one of them");
        }
        Path file = recipeFile;
        if (from != null) {
            if (!Files.isDirectory(from)) {
                throw new UserInputException("--from " + from + " is not a folder; give the run folder of an earlier "
                        + "reflex survey");
            }
            file = from.resolve(FILE_NAME);
            if (!Files.isRegularFile(file)) {
                throw new UserInputException("--from " + from + " holds no " + FILE_NAME + ": it is not the run folder "
                        + "of a reflex survey (or one written before surveys kept their recipe)");
            }
        }
        if (file == null) {
            return;
        }
        loaded = read(file);
        Path base = file.toAbsolutePath().getParent();
        fill(c, spec, loaded, base);
    }

    /** The recipe in {@code file}, JSON or (for {@code .yaml}/{@code .yml}) YAML. */
    static SurveyRecipe read(Path file) throws UsageException, UserInputException {
        if (!Files.isRegularFile(file)) {
            throw new UserInputException("Survey recipe " + file + " does not exist; give a survey recipe file (the "
                    + FILE_NAME + " of a survey's run folder is one)");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : JSON;
        JsonNode tree;
        try {
            tree = mapper.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new UsageException("Survey recipe " + file + " is not valid " + (mapper == YAML ? "YAML" : "JSON")
                    + " (" + e.getOriginalMessage() + (e.getLocation() == null ? "" : " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()) + "); fix the file");
        } catch (IOException e) {
            throw new UserInputException("Survey recipe " + file + " cannot be read: " + e.getMessage(), e);
        }
        try {
            return SurveyRecipeJson.recipe(tree);
        } catch (IllegalArgumentException e) {
            throw new UsageException("Survey recipe " + file + ": " + e.getMessage() + "; fix the file (format in "
                    + "docs/survey.md)");
        }
    }

    /** The recipe's selection rule, or null if no recipe or it has none. */
    SelectionRule selection() {
        return loaded == null ? null : loaded.selection();
    }

    /** The recipe's visit z-stack, or {@code fallback}. */
    AcquisitionRequest visitStack(AcquisitionRequest fallback) {
        double[] z = loaded == null ? null : loaded.zStackUm();
        return z == null ? fallback : AcquisitionRequest.zStack(z[0], z[1], z[2]).withName(fallback.name());
    }

    /** Fills the options of {@code c} not typed; a relative position-list path is relative to {@code base}. */
    private static void fill(SurveyCommand c, CommandSpec spec, SurveyRecipe r, Path base) {
        if (r.kind() == SurveyRecipe.SourceKind.MICRO_MANAGER) {
            if (!typed(spec, "--mm")) {
                c.home = Paths.get(r.home());
            }
            if (r.config() != null && !typed(spec, "--config")) {
                c.config = r.config();
            }
            if (r.objectiveGroup() != null && !typed(spec, "--objective-group")) {
                c.objectiveGroup = r.objectiveGroup();
            }
            if (r.cameraProperties() != null) {
                // the recipe's first, so that a typed --camera-property of the same name wins
                List<String> merged = new ArrayList<>();
                r.cameraProperties().forEach((name, value) -> merged.add(name + "=" + value));
                if (c.cameraProperties != null) {
                    merged.addAll(c.cameraProperties);
                }
                c.cameraProperties = merged;
            }
        } else {
            if (r.seed() != null && !typed(spec, "--seed")) {
                c.seed = r.seed();
            }
            if (r.rareFraction() != null && !typed(spec, "--rare-fraction")) {
                c.rareFraction = r.rareFraction();
            }
            if (r.tiltUmPerMm() != null && !typed(spec, "--tilt")) {
                c.tilt = list(r.tiltUmPerMm());
            }
        }
        boolean whatTyped = Arrays.stream(WHAT_TO_SURVEY).anyMatch(o -> typed(spec, o));
        if (!whatTyped) {
            c.region = list(r.region());
            c.polygon = list(r.polygon());
            c.plate = list(r.plate());
            c.wells = r.wells() == null ? null : new ArrayList<>(r.wells());
            c.positions = r.positions() == null ? null : base.resolve(r.positions());
        }
        if (r.overlap() != null && !typed(spec, "--overlap")) {
            c.overlap = r.overlap();
        }
        if (r.surveyObjective() != null && !typed(spec, "--survey-objective")) {
            c.surveyObjective = r.surveyObjective();
        }
        VisitOptions v = c.visits;
        boolean autofocusTyped = typed(spec, "--autofocus");
        if (r.focusMap() != null && !typed(spec, "--focus-map")
                && (!autofocusTyped || "map".equalsIgnoreCase(v.autofocusText.trim()))) {
            c.focusMap = list(r.focusMap());
        }
        fillVisits(v, spec, r, c.focusMap);
        fillModel(c.models, spec, r, base);
        if (r.count() != null && !typed(spec, "--budget")) {
            c.budget = r.count();
        }
        if (r.timeS() != null && !typed(spec, "--time-budget")) {
            c.timeBudgetS = r.timeS();
        }
        if (r.lightMs() != null && !typed(spec, "--light-budget")) {
            c.lightBudgetMs = r.lightMs();
        }
        if (r.visitObjective() != null && !typed(spec, "--visit-objective")) {
            c.visitObjective = r.visitObjective();
        }
        if (r.visitOffsetUm() != null && !typed(spec, "--visit-offset")) {
            c.visitOffset = list(r.visitOffsetUm());
        }
        if (r.parfocalUm() != null && !typed(spec, "--parfocal")) {
            c.parfocal = r.parfocalUm();
        }
        if (r.recentre() != null && !typed(spec, "--no-recentre")) {
            c.noRecentre = !r.recentre();
        }
        if (r.xyBoxUm() != null && !typed(spec, "--xy-box")) {
            c.xyBox = list(r.xyBoxUm());
        }
        if (r.zLimitsUm() != null && !typed(spec, "--z-limits")) {
            c.zLimits = list(r.zLimitsUm());
        }
    }

    /** Fills the visit channels, time-lapse, autofocus and order of {@code v} not typed. */
    private static void fillVisits(VisitOptions v, CommandSpec spec, SurveyRecipe r, List<Double> focusMap) {
        if (r.visitChannels() != null && !typed(spec, "--visit-channels")) {
            v.channels = new ArrayList<>(r.visitChannels());
        }
        if (r.visitFrames() != null && !typed(spec, "--visit-frames")) {
            v.frames = r.visitFrames();
        }
        if (r.visitIntervalMs() != null && !typed(spec, "--visit-interval") && v.frames > 1) {
            v.interval = BigDecimal.valueOf(r.visitIntervalMs()).stripTrailingZeros().toPlainString() + "ms";
        }
        if (r.autofocus() != null && !typed(spec, "--autofocus") && !typed(spec, "--focus-map")) {
            v.autofocusText = r.autofocus();
        }
        String mode = v.autofocusText != null ? v.autofocusText.trim().toLowerCase(Locale.ROOT)
                : focusMap != null ? "map" : "off";
        if (r.focusScan() != null && !typed(spec, "--focus-scan") && focusMap == null
                && (mode.equals("scan") || mode.equals("map"))) {
            v.focusScan = list(r.focusScan());
        }
        if (r.autofocusDevice() != null && !typed(spec, "--autofocus-device") && mode.equals("device")) {
            v.autofocusDevice = r.autofocusDevice();
        }
        if (r.order() != null && !typed(spec, "--order")) {
            v.orderText = r.order();
        }
        if (r.batch() != null && !typed(spec, "--visit-batch")) {
            v.batch = r.batch();
        }
    }

    /**
     * Fills the tile model of {@code m} not typed (a relative path is relative to {@code base}); the recipe's spec
     * options go with the recipe's model only.
     */
    private static void fillModel(ModelOptions m, CommandSpec spec, SurveyRecipe r, Path base) {
        if (r.modelDevice() != null && !typed(spec, "--device")) {
            m.device = r.modelDevice();
        }
        if (r.model() == null || typed(spec, "--model")) {
            return;
        }
        m.model = base.resolve(r.model()).toString();
        if (r.modelOutput() != null && !typed(spec, "--model-output")) {
            m.output = r.modelOutput();
        }
        if (r.modelAxes() != null && !typed(spec, "--model-axes")) {
            m.axes = r.modelAxes();
        }
        if (r.modelTile() != null && !typed(spec, "--model-tile")) {
            m.tile = r.modelTile();
        }
        if (r.modelThreshold() != null && !typed(spec, "--model-threshold")) {
            m.threshold = r.modelThreshold();
        }
        if (r.modelLabel() != null && !typed(spec, "--model-label")) {
            m.label = r.modelLabel();
        }
    }

    /**
     * The recipe of what {@code c} runs, its options as they stand; the caller adds what it resolved (objectives,
     * offsets, the rule, the envelope).
     */
    static SurveyRecipe.Builder effective(SurveyCommand c, AcquisitionRequest visitStack) {
        SurveyRecipe.Builder b = SurveyRecipe.builder();
        if (c.home != null) {
            b.microManager(c.home.toAbsolutePath().toString(), c.config, c.objectiveGroup)
                    .cameraProperties(c.cameraPropertyMap());
        } else {
            b.simulated(c.seed, c.rareFraction, array(c.tilt));
        }
        b.region(array(c.region)).polygon(array(c.polygon))
                .plate(array(c.plate), c.wells == null ? null : c.wells)
                .positions(c.positions == null ? null : c.positions.toAbsolutePath().toString())
                .overlap(c.overlap).surveyObjective(c.surveyObjective).focusMap(array(c.focusMap))
                .count(c.budget).timeS(c.timeBudgetS).lightMs(c.lightBudgetMs)
                .visitObjective(c.visitObjective).visitOffsetUm(array(c.visitOffset)).parfocalUm(c.parfocal)
                .recentre(!c.noRecentre)
                .zStackUm(new double[] {visitStack.zStartOffsetUm(), visitStack.zEndOffsetUm(), visitStack.zStepUm()})
                .xyBoxUm(array(c.xyBox)).zLimitsUm(array(c.zLimits));
        VisitOptions v = c.visits;
        VisitOptions.Autofocus mode = v.mode(c.focusMap);
        b.visitChannels(v.channels()).visitFrames(v.frames).autofocus(mode.toString())
                .focusScan(mode == VisitOptions.Autofocus.SCAN || mode == VisitOptions.Autofocus.MAP
                        && c.focusMap == null ? array(v.scan(null)) : null)
                .autofocusDevice(mode == VisitOptions.Autofocus.DEVICE ? v.autofocusDevice : null)
                .order(v.order().toString()).batch(v.order() == VisitOptions.Order.INTERLEAVED ? v.batch : null);
        if (v.frames > 1) {
            try {
                b.visitIntervalMs(v.intervalMs());
            } catch (UsageException e) {
                throw new IllegalStateException("--visit-interval was checked before the survey ran", e);
            }
        }
        ModelOptions m = c.models;
        b.modelDevice(m.device.toLowerCase(Locale.ROOT));
        if (!m.isDefault()) {
            Path file = Paths.get(m.model);
            if (ModelFiles.isOnnx(file) && !ModelSpecFiles.hasSidecar(file)) {
                // a bare ONNX file: its spec is the options'
                b.model(file.toAbsolutePath().toString(), m.output.toLowerCase(Locale.ROOT), m.axes, m.tile,
                        m.threshold, m.label);
            } else {
                b.model(file.toAbsolutePath().toString(), null, null, null, null, null);
            }
        }
        return b;
    }

    /** Writes {@code recipe} as {@code survey-recipe.json} into {@code folder}. */
    static void write(Path folder, SurveyRecipe recipe) throws IOException {
        JSON.writeValue(folder.resolve(FILE_NAME).toFile(), SurveyRecipeJson.tree(recipe));
    }

    private static boolean typed(CommandSpec spec, String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private static List<Double> list(double[] v) {
        if (v == null) {
            return null;
        }
        List<Double> out = new ArrayList<>(v.length);
        for (double x : v) {
            out.add(x);
        }
        return out;
    }

    private static double[] array(List<Double> v) {
        return v == null ? null : v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
