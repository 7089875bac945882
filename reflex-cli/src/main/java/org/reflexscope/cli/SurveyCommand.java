package org.reflexscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.reflexscope.cli.input.UsageException;
import org.reflexscope.cli.input.UserInputException;
import org.reflexscope.policy.survey.record.SurveyRecording;
import org.reflexscope.policy.survey.record.SurveyReport;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.inference.ModelLoadException;
import org.reflexscope.core.inference.ModelSource;
import org.reflexscope.mm.core.CameraPropertyOverrides;
import org.reflexscope.mm.core.MmCoreSession;
import org.reflexscope.mm.survey.MmCoreSurveyRun;
import org.reflexscope.mm.survey.SurveySettings;
import org.reflexscope.mm.core.MmCoreSessionException;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.survey.GuidedSurvey;
import org.reflexscope.policy.survey.MicroManagerPositionList;
import org.reflexscope.policy.survey.PlateLayout;
import org.reflexscope.policy.survey.PycroManagerEvents;
import org.reflexscope.policy.survey.SelectionRule;
import org.reflexscope.policy.survey.StageTiming;
import org.reflexscope.policy.survey.SurveyCost;
import org.reflexscope.policy.survey.SurveyEnvelope;
import org.reflexscope.policy.survey.SurveyException;
import org.reflexscope.policy.survey.SurveyPlan;
import org.reflexscope.policy.survey.SurveyResult;
import org.reflexscope.policy.survey.Visit;
import org.reflexscope.policy.survey.VisitSettings;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.scenario.CameraSettings;
import org.reflexscope.sim.survey.SurveyBench;
import org.reflexscope.sim.survey.SurveyScore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reflex survey}: a guided survey, on the simulated slide ({@link SurveyBench}) or, with {@code --mm}, on a
 * real microscope through Micro-Manager's core: survey tiles at a low-magnification objective, each analysed as it
 * arrives, then the best objects visited at a high-magnification objective with a re-centring look and a z-stack.
 * Writes a run folder ({@link SurveyRecording}); on a real microscope also {@code survey.json} (the envelope, the
 * microscope's state before and after).
 *
 * <p><b>Why one class.</b> picocli binds the command's options to this class's fields; the checks that relate them
 * ({@code validate}) and the two ways to run (simulated, on a microscope) read them all. The survey itself is
 * {@code GuidedSurvey}'s; what stays here is turning the command line into its settings and its report.
 */
@Command(name = "survey", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Guided acquisition: survey a region at low magnification, analyse each tile as it arrives,",
            "then image the objects that pass the selection rule at high magnification (re-centred, z-stack).",
            "Without --mm on the simulated slide (10X survey, 50X visits), scored against its ground truth; with --mm "
                + "on a real microscope (the survey objective defaults to the objective group's lowest "
                + "magnification, the visit objective to its highest)."},
        footer = {"", "Examples:", "  reflex survey --out survey-run", "  reflex survey --seed 7 --budget 5 --out s7",
            "  reflex survey --mm /opt/Micro-Manager-2.0 --config MMConfig_demo.cfg --budget 2 --out real",
            "", "Exit status: 0 done, 1 bad file or setting, or a failure of the microscope, 2 bad usage."})
final class SurveyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SurveyRecipeOptions recipeOptions;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Run folder to create (must not exist or be empty).")
    Path out;

    @Option(names = "--mm", paramLabel = "DIR",
            description = "Survey on the real microscope of this Micro-Manager installation instead of the simulator.")
    Path home;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "MMConfig_demo.cfg",
            description = "With --mm: hardware configuration, relative to --mm or absolute (default: ${DEFAULT-VALUE}).")
    String config;

    @Option(names = "--objective-group", paramLabel = "GROUP",
            description = "With --mm: the configuration group of the objectives (default: the group whose presets "
                + "select the pixel-size calibrations).")
    String objectiveGroup;

    @Option(names = "--survey-objective", paramLabel = "PRESET",
            description = "With --mm: the survey objective (default: the group's lowest magnification).")
    String surveyObjective;

    @Option(names = "--visit-objective", paramLabel = "PRESET",
            description = "With --mm: the visit objective (default: the group's highest magnification).")
    String visitObjective;

    @Option(names = "--camera-property", paramLabel = "NAME=VALUE",
            description = "With --mm: set this camera property for the survey and put it back at the end (repeatable, "
                + "set in the order typed), e.g. --camera-property 'Mode=Fluorescent Beads' on the DemoCamera.")
    List<String> cameraProperties;

    @Option(names = "--region", split = ",", paramLabel = "XMIN,YMIN,XMAX,YMAX",
            description = "The rectangle to survey, stage µm (default, when no --polygon, --wells or --positions "
                + "says what to survey: the whole simulated slide; with --mm 3 x 3 survey fields around the current "
                + "position).")
    List<Double> region;

    @Option(names = "--polygon", split = ",", paramLabel = "X1,Y1,X2,Y2,X3,Y3,...",
            description = "Survey the tiles whose field meets this polygon (stage µm, at least 3 corners in order).")
    List<Double> polygon;

    @Option(names = "--wells", split = ",", paramLabel = "WELL",
            description = "Survey these wells of the --plate (e.g. A1,B3): the tiles whose field meets each well.")
    List<String> wells;

    @Option(names = "--plate", split = ",", paramLabel = "ROWS,COLS,PITCH,DIAMETER,A1X,A1Y",
            description = "The plate of --wells: rows and columns of wells, their pitch and diameter (µm) and the "
                + "stage position of well A1's centre (µm), e.g. 8,12,9000,6400,-49500,-31500 for 96 wells.")
    List<Double> plate;

    @Option(names = "--positions", paramLabel = "FILE",
            description = "Survey the positions of a Micro-Manager position list (.pos) instead of a region.")
    Path positions;

    @Option(names = "--overlap", defaultValue = "0.1", paramLabel = "F",
            description = "Tile overlap, a fraction of the field in [0, 0.9] (default: ${DEFAULT-VALUE}).")
    double overlap;

    @Option(names = "--min-intensity", paramLabel = "ADU",
            description = "Selection rule: least mean intensity above background of a target (default: 650 on the "
                + "simulator, none with --mm).")
    Double minIntensity;

    @Option(names = "--budget", defaultValue = "40", paramLabel = "N",
            description = "Most targets visited (default: ${DEFAULT-VALUE}).")
    int budget;

    @Option(names = "--time-budget", paramLabel = "S",
            description = "Stop visiting before the survey, tiles included, would pass this much instrument time in "
                + "seconds (priced: exposures, moves at 5 µm/ms with 5 ms settle, 500 ms per objective switch).")
    Double timeBudgetS;

    @Option(names = "--light-budget", paramLabel = "MS",
            description = "Stop visiting before the survey, tiles included, would pass this much exposure in ms.")
    Double lightBudgetMs;

    @Option(names = "--visit-offset", split = ",", paramLabel = "X,Y",
            description = "The visit objective's calibrated XY offset from the survey objective, µm (default: 8,-4 "
                + "on the simulator, 0,0 with --mm).")
    List<Double> visitOffset;

    @Option(names = "--parfocal", paramLabel = "UM",
            description = "The visit objective's parfocal offset, stage Z µm (default: 1 on the simulator, 0 with --mm).")
    Double parfocal;

    @Option(names = "--no-recentre", description = "Acquire where the calibrated objective offset points, without the look.")
    boolean noRecentre;

    @Option(names = "--focus-map", split = ",", paramLabel = "RANGE,STEP",
            description = "Follow a focus map: find focus by a Z scan of ±RANGE µm in STEP µm steps (normalised "
                + "variance) at the tiles nearest the region's corners and centre, fit a plane, and take every tile "
                + "and visit at the Z it predicts, e.g. 10,1 (default: off, the starting Z throughout).")
    List<Double> focusMap;

    @Option(names = "--tilt", split = ",", paramLabel = "X,Y",
            description = "Simulator: tilt the slide by X and Y µm of height per mm (default: 0,0, flat).")
    List<Double> tilt;

    @Option(names = "--xy-box", split = ",", paramLabel = "XMIN,YMIN,XMAX,YMAX",
            description = "Safety envelope: the stage's XY box, µm (default: ±2000 µm around the start).")
    List<Double> xyBox;

    @Option(names = "--z-limits", split = ",", paramLabel = "MIN,MAX",
            description = "Safety envelope: Z limits, µm (default: ±50 µm around the start, cut to the focus drive's "
                + "travel where the core reports it).")
    List<Double> zLimits;

    @Mixin
    VisitOptions visits;

    @Mixin
    ModelOptions models;

    @Option(names = "--seed", defaultValue = "11", description = "Simulator: seed of the slide (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rare-fraction", defaultValue = "0.01", paramLabel = "F",
            description = "Simulator: fraction of cells with the rare phenotype, in [0, 1] (default: ${DEFAULT-VALUE}).")
    double rareFraction;

    /** The visit objective's offset as the bench's calibration knows it (the truth is 14, -9 µm). */
    static final double CALIBRATED_OFFSET_X_UM = 8;
    static final double CALIBRATED_OFFSET_Y_UM = -4;
    static final StageTiming TIMING = StageTiming.TYPICAL;
    /** What each visit acquires: a 5-plane z-stack, 1 µm apart, around the focal plane. */
    private static final AcquisitionRequest VISIT_STACK = AcquisitionRequest.zStack(-2, 2, 1).withName("survey-visit");
    /** What each visit acquires here: the recipe's z-stack, else {@link #VISIT_STACK}. */
    private AcquisitionRequest visitStack = VISIT_STACK;
    /** The user's models that analyse the tiles ({@code --model}); empty: the default chain. */
    private List<ModelSource> tileModels = List.of();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Integer call() throws Exception {
        recipeOptions.applyTo(this, spec);
        visitStack = recipeOptions.visitStack(VISIT_STACK);
        validate();
        if (Files.exists(out) && (!Files.isDirectory(out) || Files.list(out).findAny().isPresent())) {
            throw new UserInputException("Run folder " + out + " exists and is not empty; choose a new --out");
        }
        tileModels = models.isDefault() ? List.of() : models.sources();
        models.device();
        SurveyPlan listed = positions == null ? null : positionList(positions);
        return home == null ? simulated(listed) : onMicroscope(listed);
    }

    /** Malformed or out-of-range values and options that do not go together: exit 2 before anything runs. */
    private void validate() throws UsageException {
        if (!(rareFraction >= 0 && rareFraction <= 1)) {
            throw new UsageException("--rare-fraction must be in [0, 1], got " + rareFraction);
        }
        if (budget < 0) {
            throw new UsageException("--budget must be >= 0, got " + budget);
        }
        if (!(overlap >= 0 && overlap <= 0.9)) {
            throw new UsageException("--overlap must be a fraction in [0, 0.9], got " + overlap);
        }
        if (minIntensity != null && !Double.isFinite(minIntensity)) {
            throw new UsageException("--min-intensity must be a number, got " + minIntensity);
        }
        SelectionRule fromRecipe = recipeOptions.selection();
        if (minIntensity != null && fromRecipe != null
                && minIntensity > fromRecipe.max(SelectionRule.Criterion.INTENSITY)) {
            throw new UsageException("--min-intensity " + minIntensity + " is above the recipe's selection.intensity.max "
                    + fromRecipe.max(SelectionRule.Criterion.INTENSITY) + ", so nothing could be selected; lower it or "
                    + "change the recipe");
        }
        if (region != null && (region.size() != 4 || !(region.get(0) < region.get(2))
                || !(region.get(1) < region.get(3)))) {
            throw new UsageException("--region takes XMIN,YMIN,XMAX,YMAX in µm with MIN < MAX, got " + region);
        }
        List<String> what = new ArrayList<>();
        for (String o : new String[] {"--region", "--polygon", "--wells", "--positions"}) {
            if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                what.add(o);
            }
        }
        if (what.size() > 1) {
            throw new UsageException(String.join(" and ", what) + " each say what to survey; give one of them");
        }
        if (polygon != null && (polygon.size() < 6 || polygon.size() % 2 != 0)) {
            throw new UsageException("--polygon takes at least 3 corners as X1,Y1,X2,Y2,X3,Y3,... in µm, got "
                    + polygon.size() + " numbers");
        }
        if ((wells == null) != (plate == null)) {
            throw new UsageException("--wells and --plate go together: name the wells and describe their plate");
        }
        if (plate != null && (plate.size() != 6 || plate.get(0) != Math.rint(plate.get(0))
                || plate.get(1) != Math.rint(plate.get(1)))) {
            throw new UsageException("--plate takes ROWS,COLS,PITCH,DIAMETER,A1X,A1Y (whole rows and columns, µm), "
                    + "got " + plate);
        }
        if (xyBox != null && (xyBox.size() != 4 || !(xyBox.get(0) < xyBox.get(2)) || !(xyBox.get(1) < xyBox.get(3)))) {
            throw new UsageException("--xy-box takes XMIN,YMIN,XMAX,YMAX in µm with MIN < MAX, got " + xyBox);
        }
        if (zLimits != null && (zLimits.size() != 2 || !(zLimits.get(0) < zLimits.get(1)))) {
            throw new UsageException("--z-limits takes MIN,MAX in µm with MIN < MAX, got " + zLimits);
        }
        if (visitOffset != null && (visitOffset.size() != 2 || !Double.isFinite(visitOffset.get(0))
                || !Double.isFinite(visitOffset.get(1)))) {
            throw new UsageException("--visit-offset takes X,Y in µm, got " + visitOffset);
        }
        if (parfocal != null && !Double.isFinite(parfocal)) {
            throw new UsageException("--parfocal must be a number of µm, got " + parfocal);
        }
        if (focusMap != null && (focusMap.size() != 2 || !(focusMap.get(1) > 0) || !(focusMap.get(0) >= focusMap.get(1))
                || !Double.isFinite(focusMap.get(0)))) {
            throw new UsageException("--focus-map takes RANGE,STEP in µm with 0 < STEP <= RANGE, got " + focusMap);
        }
        if ((timeBudgetS != null && !(timeBudgetS > 0 && timeBudgetS < Double.POSITIVE_INFINITY))
                || (lightBudgetMs != null && !(lightBudgetMs > 0 && lightBudgetMs < Double.POSITIVE_INFINITY))) {
            throw new UsageException("--time-budget and --light-budget must be > 0, got " + timeBudgetS + " s and "
                    + lightBudgetMs + " ms");
        }
        if (tilt != null && (tilt.size() != 2 || !Double.isFinite(tilt.get(0)) || !Double.isFinite(tilt.get(1)))) {
            throw new UsageException("--tilt takes X,Y in µm per mm, got " + tilt);
        }
        cameraProperties();
        visits.validate(home != null, focusMap);
        if (home != null && Math.abs(visitStack.zStartOffsetUm() + visitStack.zEndOffsetUm()) > 1e-9) {
            // MmCoreSurveyRun takes the stack as planes and step around the focal plane (SurveySettings.optZStack)
            throw new UsageException("With --mm the visit z-stack is centred on the focal plane; the recipe's "
                    + "visit.zStack runs from " + visitStack.zStartOffsetUm() + " to " + visitStack.zEndOffsetUm()
                    + " µm: make fromUm = -toUm");
        }
        for (String simOnly : new String[] {"--seed", "--rare-fraction", "--tilt"}) {
            if (home != null && spec.commandLine().getParseResult().hasMatchedOption(simOnly)) {
                throw new UsageException(simOnly + " applies to the simulator; leave it out with --mm");
            }
        }
        for (String mmOnly : new String[] {"--config", "--objective-group", "--survey-objective",
            "--visit-objective", "--camera-property"}) {
            if (home == null && spec.commandLine().getParseResult().hasMatchedOption(mmOnly)) {
                throw new UsageException(mmOnly + " applies to a real microscope; give --mm too");
            }
        }
    }

    private int simulated(SurveyPlan listed) throws Exception {
        SurveyBench flat = SurveyBench.of(seed, rareFraction);
        SurveyBench bench = tilt == null ? flat : flat.tilted(tilt.get(0), tilt.get(1));
        CameraSettings cam = bench.scenario().camera();
        double h = SurveyBench.HALF_SIDE_UM;
        double field = bench.fieldWidthUm(SurveyBench.SURVEY_OBJECTIVE);
        SurveyPlan plan = plan(listed, field, List.of(-h, -h, h, h));
        VisitSettings visit = visitSettings(SurveyBench.SURVEY_OBJECTIVE, SurveyBench.VISIT_OBJECTIVE,
                CALIBRATED_OFFSET_X_UM, CALIBRATED_OFFSET_Y_UM, SurveyBench.VISIT_PARFOCAL_UM);
        double[] box = xyBox != null ? new double[] {xyBox.get(0), xyBox.get(1), xyBox.get(2), xyBox.get(3)}
                : new double[] {-2000, -2000, 2000, 2000};
        double[] zBox = zLimits != null ? new double[] {zLimits.get(0), zLimits.get(1)} : new double[] {-50, 50};
        requireChannels(cam.channels(), MicroscopeControl.CHANNEL_GROUP);
        SafetyEnvelope envelope = envelope(box, zBox, List.of(SurveyBench.SURVEY_OBJECTIVE,
                SurveyBench.VISIT_OBJECTIVE), visits.channels());
        SurveyResult result;
        SurveyScore score;
        double z0 = bench.scenario().stage().startZUm();
        SelectionRule rule = rule(650);
        // a model that does not load refuses the survey here, before the run folder is written or the stage moves
        AnalysisChain tileChain = tileChain(AnalysisChain.builder().optBinning(1)
                .optCameraNoise(cam.gainAduPerE(), cam.offsetAdu(), cam.readNoiseE()));
        try {
            Files.createDirectories(out);
            writeRecipe(SurveyBench.SURVEY_OBJECTIVE, SurveyBench.VISIT_OBJECTIVE, visit, rule,
                    box, zBox, List.of(-h, -h, h, h));
            writeEvents(plan, MicroscopeControl.OBJECTIVE_GROUP, SurveyBench.SURVEY_OBJECTIVE, z0, null, visit);
        } catch (IOException | RuntimeException e) {
            tileChain.close();
            throw e;
        }
        try (tileChain; SurveyRecording recording = new SurveyRecording(out,
                SurveyRecording.tileSummary(plan, overlap, cam.width(), cam.height()), visitStack.zStepUm(), plan);
                VirtualMicroscope scope = bench.microscope();
                AnalysisChain lookChain = AnalysisChain.builder().optBinning(4)
                        .optCameraNoise(cam.gainAduPerE(), cam.offsetAdu(), cam.readNoiseE()).build()) {
            result = withOptions(GuidedSurvey.builder(scope, envelope, tileChain, visit).optLookAnalyzer(lookChain)
                    .optRule(rule).optBudget(budget).optListener(recording)
                    .optClock(SurveyBench.clock(scope)), label -> {
                        throw new UsageException("--autofocus device needs --mm");
                    }).build().run(plan);
            score = SurveyScore.of(insideFields(bench.slide().rareCells(), plan, field), scope.trace().hiRes(),
                    "survey-visit", 0.1);
            recording.finish(result);
            writeEvents(plan, MicroscopeControl.OBJECTIVE_GROUP, SurveyBench.SURVEY_OBJECTIVE, z0, result, visit);
        } catch (SurveyException e) {
            throw stopped(e);
        }

        double hiField = bench.fieldWidthUm(SurveyBench.VISIT_OBJECTIVE);
        // the visits' acquisition (planes x channels x time points), time-lapse waits included, at every field
        SurveyCost tiling = SurveyCost.ofTilingLikeVisits(plan, field, hiField, visit, SurveyBench.EXPOSURE_MS);
        SurveyCost spent = result.cost();
        PrintWriter o = spec.commandLine().getOut();
        printFound(o, plan, result);
        o.println("Tile analysis: " + tileAnalysis() + ".");
        o.printf(Locale.ROOT, "Ground truth: %d of %d rare cells imaged and centred within 10%% of the 50X field, "
                + "%d of %d visits false.%n", score.found(), score.trueTargets(), score.falseVisits(), score.visits());
        o.printf(Locale.ROOT, "Cost: %.1f s and %.0f ms of light; 50X tiling of the same area: %.1f s and %.0f ms "
                + "(%.1fx time, %.1fx light).%n", spent.timeMs(TIMING) / 1000, spent.lightMs(),
                tiling.timeMs(TIMING) / 1000, tiling.lightMs(), tiling.timeMs(TIMING) / spent.timeMs(TIMING),
                tiling.lightMs() / spent.lightMs());
        List<org.reflexscope.sim.truth.TrueObject> objects = new ArrayList<>();
        bench.slide().addObjects(0, objects);
        Map<Integer, Double> centring = new LinkedHashMap<>();
        for (Visit v : result.visits()) {
            if (v.outcome().acquired()) {
                double cx = v.stageXUm() + SurveyBench.VISIT_OFFSET_X_UM;
                double cy = v.stageYUm() + SurveyBench.VISIT_OFFSET_Y_UM;
                centring.put(v.target().id(), objects.stream().mapToDouble(t -> Math.hypot(t.xUm() - cx,
                        t.yUm() - cy)).min().orElse(Double.NaN));
            }
        }
        report(SurveyReport.builder("Survey of the simulated slide, seed " + seed, result, TIMING, budget)
                .optTiling(tiling, "50X tiling of the same area (10 % overlap, " + visit.framesPerVisit()
                        + " frames per field as a visit takes them)")
                .optLine(String.format(Locale.ROOT, "Ground truth: %d of %d rare cells imaged and centred within 10 %% "
                        + "of the 50X field, %d of %d visits false.", score.found(), score.trueTargets(),
                        score.falseVisits(), score.visits()))
                .optCentringErrorsUm(centring)
                .optSetting("slide", String.format(Locale.ROOT, "simulated, seed %d, %.1f %% rare cells%s", seed,
                        100 * rareFraction, tilt == null ? "" : ", tilted " + tilt + " µm/mm"))
                .optSetting("objectives", SurveyBench.SURVEY_OBJECTIVE + " survey, " + SurveyBench.VISIT_OBJECTIVE
                        + " visits (true offset 14, -9 µm; calibrated " + visit.offsetXUm() + ", "
                        + visit.offsetYUm() + " µm)")
                .optSetting("tile analysis", tileAnalysis()), rule, visit);
        o.println("Wrote " + out.toAbsolutePath() + " (" + tileFolders(out) + ", visits/, targets.csv, overview.png, "
                + "plan-events.json, survey-recipe.json, report.html)");
        o.flush();
        return ExitCodes.OK;
    }

    private int onMicroscope(SurveyPlan listed) throws Exception {
        if (!tileModels.isEmpty()) {
            // the run loads the model again for the survey objective's binning; this refuses one that does not
            // load before the core opens, the run folder is written or anything moves
            tileChain(AnalysisChain.builder()).close();
        }
        try (MmCoreSession mm = MmCoreSession.open(home, config)) {
            if (objectiveGroup != null) {
                mm.useObjectiveGroup(objectiveGroup);
            }
            CameraPropertyOverrides camera;
            try {
                camera = CameraPropertyOverrides.apply(mm.core(), cameraProperties());
            } catch (MmCoreSessionException e) {
                throw new UsageException("--camera-property: " + e.getMessage());
            }
            try (camera) {
                return onMicroscope(mm, camera, listed);
            }
        } catch (MmCoreSessionException | HardwareException | LinkageError e) {
            throw CoreFailures.toUserInput(home, e);
        }
    }

    /**
     * The survey through mm-plugin's {@link MmCoreSurveyRun}, as the panel's Survey tab runs it (objectives,
     * envelope, run folder, survey.json, report.html, plan-events.json), with the camera properties set; then
     * {@code survey-recipe.json} from what the run resolved (also when it stopped, once it had).
     */
    private int onMicroscope(MmCoreSession mm, CameraPropertyOverrides camera, SurveyPlan listed) throws Exception {
        SurveySettings settings = visits.applyTo(SurveySettings.builder()
                .optObjectives(surveyObjective, visitObjective).optBudget(budget).optOverlap(overlap)
                .optZStack(visitStack.frames(), visitStack.zStepUm())
                .optBudgets(timeBudgetS != null ? timeBudgetS : Double.NaN,
                        lightBudgetMs != null ? lightBudgetMs : Double.NaN), focusMap).build();
        List<String> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new UsageException(String.join(" ", problems));
        }
        SelectionRule rule = rule(Double.NaN);
        List<List<Double>> defaultRegion = new ArrayList<>();
        MmCoreSurveyRun.Extras extras = new MmCoreSurveyRun.Extras()
                .optPlanner((start, field) -> {
                    defaultRegion.add(List.of(start.xUm() - 1.3 * field, start.yUm() - 1.3 * field,
                            start.xUm() + 1.3 * field, start.yUm() + 1.3 * field));
                    return planOrUsage(listed, field, defaultRegion.get(0));
                })
                .optRule(rule).optRecentre(!noRecentre)
                .optVisitOffsets(visitOffset != null ? visitOffset.get(0) : 0,
                        visitOffset != null ? visitOffset.get(1) : 0, parfocal != null ? parfocal : 0)
                .optAutofocusDevice(visits.autofocusDevice)
                .optArea(listed != null ? "positions" : polygon != null ? "polygon" : wells != null ? "wells"
                        : region != null ? "region" : "3x3 fields around the start")
                .optTitle("Survey on " + config + " (" + home.toAbsolutePath() + ")")
                .optCameraProperties(camera.camera(), camera.applied())
                .optRecord("micromanager", Map.of("home", home.toAbsolutePath().toString(), "config", config))
                .optModels(tileModels, models.device());
        if (xyBox != null) {
            extras.optXyBox(xyBox.get(0), xyBox.get(1), xyBox.get(2), xyBox.get(3));
        }
        if (zLimits != null) {
            extras.optZLimits(zLimits.get(0), zLimits.get(1));
        }
        MmCoreSurveyRun run = MmCoreSurveyRun.of(mm, settings, extras, out);
        SurveyResult result;
        try {
            result = run.run();
        } catch (PlanUsage e) {
            throw e.usage;
        } catch (SurveyException e) {
            throw stopped(e);
        } catch (ModelLoadException e) {
            throw new UserInputException(e.getMessage(), e);
        } finally {
            if (run.visit() != null) {
                VisitSettings v = run.visit();
                writeRecipe(v.surveyObjective(), v.visitObjective(), v, rule, run.xyBoxUm(), run.zLimitsUm(),
                        defaultRegion.get(0));
            }
        }
        MicroscopeState end = mm.microscope(null).state();
        PrintWriter o = spec.commandLine().getOut();
        printFound(o, run.plan(), result);
        o.println("Tile analysis: " + tileAnalysis() + ".");
        SurveyCost c = result.cost();
        o.printf(Locale.ROOT, "Cost: %d frames, %.0f ms of light, %d moves (%.0f µm), %d objective switches; "
                + "objective back at %s, Z at %.2f µm.%n", c.frames(), c.lightMs(), c.moves(), c.travelUm(),
                c.objectiveSwitches(), end.preset(MicroscopeControl.OBJECTIVE_GROUP), end.zUm());
        o.println("Wrote " + out.toAbsolutePath() + " (" + tileFolders(out) + ", visits/, targets.csv, overview.png, "
                + "plan-events.json, survey-recipe.json, survey.json, report.html)");
        o.flush();
        return ExitCodes.OK;
    }

    /**
     * The chain that analyses the survey tiles: {@code b} with the user's models ({@code --model}, on
     * {@code --device}) when given, else the default chain's.
     *
     * @throws UserInputException if a model does not load (the message names it)
     */
    private AnalysisChain tileChain(AnalysisChain.Builder b) throws UserInputException {
        if (!tileModels.isEmpty()) {
            b.optDevice(models.device());
            tileModels.forEach(b::optModel);
        }
        try {
            return b.build();
        } catch (ModelLoadException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    /** What analyses the tiles, for the report: the default chain, or each user model's name and sha256. */
    private String tileAnalysis() {
        if (tileModels.isEmpty()) {
            return "default chain (embedded denoiser + detector); re-centring look: the same";
        }
        return tileModels.stream().map(m -> m.name() + " (sha256 " + m.sha256().substring(0, 12) + ")")
                .collect(Collectors.joining(", ")) + "; re-centring look: default detector";
    }

    /** {@code --camera-property} (after a recipe's) as name to value, in the order typed; a later one wins. */
    private Map<String, String> cameraProperties() throws UsageException {
        for (String nameValue : cameraProperties == null ? List.<String>of() : cameraProperties) {
            if (nameValue.indexOf('=') <= 0 || nameValue.substring(0, nameValue.indexOf('=')).isBlank()) {
                throw new UsageException("--camera-property takes NAME=VALUE, e.g. 'Mode=Fluorescent Beads', got '"
                        + nameValue + "'");
            }
        }
        return cameraPropertyMap();
    }

    /** {@link #cameraProperties()} once checked (an entry without a name is left out). */
    Map<String, String> cameraPropertyMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String nameValue : cameraProperties == null ? List.<String>of() : cameraProperties) {
            int eq = nameValue.indexOf('=');
            if (eq > 0) {
                m.put(nameValue.substring(0, eq).trim(), nameValue.substring(eq + 1));
            }
        }
        return m;
    }

    /** A plan the options cannot make, carried through {@link MmCoreSurveyRun}'s planner to exit 2. */
    private static final class PlanUsage extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient UsageException usage;

        PlanUsage(UsageException usage) {
            super(usage.getMessage(), usage);
            this.usage = usage;
        }
    }

    private SurveyPlan planOrUsage(SurveyPlan listed, double field, List<Double> defaultRegion) {
        try {
            return plan(listed, field, defaultRegion);
        } catch (UsageException e) {
            throw new PlanUsage(e);
        }
    }

    /** A survey that stopped: one line, saying where the tiles acquired until then are when there are any. */
    private UserInputException stopped(SurveyException e) {
        Path tiles = out.resolve("tiles");
        return new UserInputException(e.getMessage() + (Files.isDirectory(tiles) ? "; the tiles acquired until then "
                + "are in " + tiles : ""), e);
    }

    private VisitSettings visitSettings(String surveyObj, String visitObj, double offsetX, double offsetY,
            double parfocalUm) throws UsageException {
        return visits.applyTo(VisitSettings.of(surveyObj, visitObj)
                .withOffsetUm(visitOffset != null ? visitOffset.get(0) : offsetX,
                        visitOffset != null ? visitOffset.get(1) : offsetY)
                .withParfocalOffsetUm(parfocal != null ? parfocal : parfocalUm).withRecentre(!noRecentre, 0.3)
                .withAcquisition(visitStack));
    }

    /** Every {@code --visit-channels} preset is one of {@code available}, or exit 1 naming them. */
    private void requireChannels(List<String> available, String group) throws UserInputException {
        for (String c : visits.channels()) {
            if (!available.contains(c)) {
                throw new UserInputException("--visit-channels " + c + " is not a preset of the channel group "
                        + group + "; its presets are " + available);
            }
        }
    }

    /** The builder with the focus mode, the order and the budgets the options ask for. */
    private GuidedSurvey.Builder withOptions(GuidedSurvey.Builder b, VisitOptions.DeviceSource device)
            throws UserInputException, HardwareException {
        visits.applyTo(b, focusMap, device);
        if (timeBudgetS != null || lightBudgetMs != null) {
            b.optBudgets(timeBudgetS != null ? timeBudgetS * 1000 : Double.POSITIVE_INFINITY,
                    lightBudgetMs != null ? lightBudgetMs : Double.POSITIVE_INFINITY, TIMING);
        }
        return b;
    }

    /** Writes {@code plan-events.json} ({@link PycroManagerEvents#ofSurvey}). */
    private void writeEvents(SurveyPlan plan, String group, String objective, double zUm, SurveyResult result,
            VisitSettings visit) throws IOException {
        JSON.writeValue(out.resolve("plan-events.json").toFile(), PycroManagerEvents.ofSurvey(plan, group, objective,
                zUm, result, visit));
    }

    /**
     * The selection rule: the recipe's (else one with a least intensity of {@code defaultMin}, NaN: any detection),
     * with {@code --min-intensity} as the least intensity when typed.
     */
    private SelectionRule rule(double defaultMin) {
        SelectionRule fromRecipe = recipeOptions.selection();
        SelectionRule base = fromRecipe != null ? fromRecipe
                : Double.isNaN(defaultMin) ? SelectionRule.any() : SelectionRule.any().withMinIntensity(defaultMin);
        return minIntensity == null ? base : base.with(SelectionRule.Criterion.INTENSITY, minIntensity,
                base.max(SelectionRule.Criterion.INTENSITY));
    }

    /**
     * Writes {@code report.html} ({@link SurveyReport}) with the settings every survey shares: the selection rule,
     * the visit acquisition and the budgets. The report is the last product: if it cannot be written, one line on
     * stderr says so and the survey, whose data are all on disk, still succeeds.
     */
    private void report(SurveyReport.Builder page, SelectionRule rule, VisitSettings visit) {
        Path html = out.resolve("report.html");
        try {
            page.optVisit(rule, visit)
                    .optBudgets(timeBudgetS != null ? timeBudgetS * 1000 : Double.POSITIVE_INFINITY,
                            lightBudgetMs != null ? lightBudgetMs : Double.POSITIVE_INFINITY)
                    .build().write(html, out.resolve("overview.png"));
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("reflex: report.html not written (" + e + "); the survey's tiles, "
                    + "visits and tables are complete in " + out.toAbsolutePath());
        }
    }

    /**
     * Writes {@code survey-recipe.json}: the options as they stand (typed, or from the recipe) with what this run
     * resolved: the objectives, the visit offsets, the selection rule, the envelope and, when nothing else says what
     * to survey, the region.
     */
    private void writeRecipe(String surveyObj, String visitObj, VisitSettings visit, SelectionRule rule, double[] box,
            double[] z, List<Double> defaultRegion) throws IOException {
        org.reflexscope.policy.survey.recipe.SurveyRecipe.Builder b = SurveyRecipeOptions.effective(this, visitStack)
                .surveyObjective(surveyObj).visitObjective(visitObj)
                .visitOffsetUm(new double[] {visit.offsetXUm(), visit.offsetYUm()})
                .parfocalUm(visit.parfocalOffsetUm()).selection(rule).xyBoxUm(box).zLimitsUm(z);
        if (region == null && polygon == null && wells == null && positions == null) {
            b.region(defaultRegion.stream().mapToDouble(Double::doubleValue).toArray());
        }
        SurveyRecipeOptions.write(out, b.build());
    }

    /** The envelope: the XY box, Z limits, the objectives and the visit channels (none: any channel not asked). */
    private static SafetyEnvelope envelope(double[] box, double[] z, List<String> objectives, List<String> channels)
            throws UserInputException {
        try {
            return SurveyEnvelope.of(box, z, objectives, channels);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("Safety envelope: " + e.getMessage(), e);
        }
    }

    /**
     * What to survey: the position list, else the polygon, the wells or the region, else the default region; square
     * fields of {@code field} µm.
     */
    private SurveyPlan plan(SurveyPlan listed, double field, List<Double> defaultRegion) throws UsageException {
        if (listed != null) {
            return listed;
        }
        try {
            if (polygon != null) {
                List<double[]> corners = new ArrayList<>();
                for (int i = 0; i < polygon.size(); i += 2) {
                    corners.add(new double[] {polygon.get(i), polygon.get(i + 1)});
                }
                return SurveyPlan.polygon(corners, field, field, overlap);
            }
            if (wells != null) {
                PlateLayout layout = PlateLayout.of(plate.get(0).intValue(), plate.get(1).intValue(), plate.get(2),
                        plate.get(3), plate.get(4), plate.get(5));
                return SurveyPlan.wells(layout, wells, field, field, overlap);
            }
            List<Double> r = region != null ? region : defaultRegion;
            return SurveyPlan.grid(r.get(0), r.get(1), r.get(2), r.get(3), field, field, overlap);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** {@code tiles/}, and {@code mosaic/} where the survey wrote one (a grid plan). */
    private static String tileFolders(Path out) {
        return Files.isDirectory(out.resolve("mosaic")) ? "tiles/, mosaic/" : "tiles/";
    }


    private static void printFound(PrintWriter o, SurveyPlan plan, SurveyResult result) {
        result.focusMap().ifPresent(m -> o.printf(Locale.ROOT, "Focus map: %d points, slopes %.2f and %.2f µm/mm, "
                + "worst residual %.2f µm.%n", m.points().size(), m.slopesUmPerMm()[0], m.slopesUmPerMm()[1],
                m.maxResidualUm()));
        if (!result.focusFailures().isEmpty()) {
            o.printf(Locale.ROOT, "Focus failed at %d tile(s), which kept the focus before: %s%n",
                    result.focusFailures().size(), result.focusFailures().get(0));
        }
        long overBudget = result.visits().stream().filter(v -> v.outcome() == Visit.Outcome.OVER_BUDGET).count();
        o.printf(Locale.ROOT, "Surveyed %d tiles (%s), found %d targets (%d detections merged in overlaps), "
                + "visited %d%s.%n", plan.tiles().size(), plan.rows() > 0 ? plan.rows() + "x" + plan.columns()
                : plan.tiles().get(0).label().isEmpty() ? "listed positions" : "wells", result.targets().size(),
                result.mergedDetections(), SurveyRecording.visitedIds(result).size(),
                overBudget == 0 ? "" : " (" + overBudget + " more left: over the time or light budget)");
    }

    private static SurveyPlan positionList(Path file) throws UserInputException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new UserInputException("Position list " + file + " does not exist; give a .pos file saved from "
                    + "Micro-Manager's Stage Position List");
        }
        try {
            return MicroManagerPositionList.read(file);
        } catch (SurveyException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    /** The objects of {@code truth} inside a field of the plan: those the survey could find. */
    private static List<org.reflexscope.sim.truth.TrueObject> insideFields(List<org.reflexscope.sim.truth.TrueObject>
            truth, SurveyPlan plan, double field) {
        return truth.stream().filter(t -> plan.tiles().stream().anyMatch(tile -> Math.abs(t.xUm() - tile.xUm())
                <= field / 2 && Math.abs(t.yUm() - tile.yUm()) <= field / 2)).collect(Collectors.toList());
    }
}
