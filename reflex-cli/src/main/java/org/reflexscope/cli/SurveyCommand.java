package org.reflexscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.reflexscope.cli.survey.OverviewPicture;
import org.reflexscope.cli.survey.TargetTable;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.record.MicroManagerKeys;
import org.reflexscope.core.record.NdTiffRecorder;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.survey.GuidedSurvey;
import org.reflexscope.policy.survey.MicroManagerPositionList;
import org.reflexscope.policy.survey.SelectionRule;
import org.reflexscope.policy.survey.StageTiming;
import org.reflexscope.policy.survey.SurveyCost;
import org.reflexscope.policy.survey.SurveyException;
import org.reflexscope.policy.survey.SurveyListener;
import org.reflexscope.policy.survey.SurveyPlan;
import org.reflexscope.policy.survey.SurveyResult;
import org.reflexscope.policy.survey.SurveyTile;
import org.reflexscope.policy.survey.Visit;
import org.reflexscope.policy.survey.VisitSettings;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.scenario.CameraSettings;
import org.reflexscope.sim.survey.SurveyBench;
import org.reflexscope.sim.survey.SurveyScore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reflex survey}: a guided survey on the simulated slide ({@link SurveyBench}): 10X tiles over the
 * region, each analysed as it arrives, then the brightest objects visited at 50X with a re-centring look and a
 * z-stack. Writes a run folder: {@code tiles/} (NDTiff along the {@code position} axis, each image with its stage
 * position), {@code visits/target-N/} (NDTiff z-stacks), {@code targets.csv}, {@code overview.png}.
 */
@Command(name = "survey", mixinStandardHelpOptions = true,
        description = {"Guided acquisition on the simulator: survey a slide at 10X, analyse each tile as it arrives,",
            "then image the rare bright cells at 50X (re-centred, z-stack). Scores against the ground truth."},
        footer = {"", "Examples:", "  reflex survey --out survey-run", "  reflex survey --seed 7 --budget 5 --out s7"})
final class SurveyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Run folder to create (must not exist or be empty).")
    Path out;

    @Option(names = "--seed", defaultValue = "11", description = "Seed of the simulated slide (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rare-fraction", defaultValue = "0.01", paramLabel = "F",
            description = "Fraction of cells with the rare phenotype, in [0, 1] (default: ${DEFAULT-VALUE}).")
    double rareFraction;

    @Option(names = "--min-intensity", defaultValue = "650", paramLabel = "ADU",
            description = "Selection rule: least mean intensity above background of a target (default: ${DEFAULT-VALUE}).")
    double minIntensity;

    @Option(names = "--budget", defaultValue = "40", paramLabel = "N",
            description = "Most targets visited at 50X (default: ${DEFAULT-VALUE}).")
    int budget;

    @Option(names = "--overlap", defaultValue = "0.1", paramLabel = "F",
            description = "Tile overlap, a fraction of the field in [0, 0.9] (default: ${DEFAULT-VALUE}).")
    double overlap;

    @Option(names = "--positions", paramLabel = "FILE",
            description = "Survey the positions of a Micro-Manager position list (.pos) instead of the whole slide.")
    Path positions;

    @Option(names = "--no-recentre", description = "Acquire where the calibrated objective offset points, without the look.")
    boolean noRecentre;

    /** The visit objective's offset as the bench's calibration knows it (the truth is 14, -9 µm). */
    static final double CALIBRATED_OFFSET_X_UM = 8;
    static final double CALIBRATED_OFFSET_Y_UM = -4;
    static final StageTiming TIMING = new StageTiming(5, 5, 500);

    @Override
    public Integer call() throws Exception {
        if (!(rareFraction >= 0 && rareFraction <= 1)) {
            throw new UserInputException("--rare-fraction must be in [0, 1], got " + rareFraction);
        }
        if (budget < 0) {
            throw new UserInputException("--budget must be >= 0, got " + budget);
        }
        if (!(overlap >= 0 && overlap <= 0.9)) {
            throw new UserInputException("--overlap must be a fraction in [0, 0.9], got " + overlap);
        }
        if (Files.exists(out) && (!Files.isDirectory(out) || Files.list(out).findAny().isPresent())) {
            throw new UserInputException("Run folder " + out + " exists and is not empty; choose a new --out");
        }
        SurveyBench bench = SurveyBench.of(seed, rareFraction);
        CameraSettings cam = bench.scenario().camera();
        double h = SurveyBench.HALF_SIDE_UM;
        double field = bench.fieldWidthUm(SurveyBench.SURVEY_OBJECTIVE);
        SurveyPlan plan = positions == null ? SurveyPlan.grid(-h, -h, h, h, field, field, overlap)
                : positionList(positions);
        Files.createDirectories(out.resolve("visits"));
        AcquisitionRequest stack = AcquisitionRequest.zStack(-2, 2, 1).withName("survey-visit");
        VisitSettings visit = VisitSettings.of(SurveyBench.SURVEY_OBJECTIVE, SurveyBench.VISIT_OBJECTIVE)
                .withOffsetUm(CALIBRATED_OFFSET_X_UM, CALIBRATED_OFFSET_Y_UM)
                .withParfocalOffsetUm(SurveyBench.VISIT_PARFOCAL_UM).withRecentre(!noRecentre, 0.3)
                .withAcquisition(stack);
        SafetyEnvelope envelope = SafetyEnvelope.builder().optZLimitsUm(-50, 50)
                .optXYBoundsUm(-2000, -2000, 2000, 2000)
                .optAllowedPresets(MicroscopeControl.OBJECTIVE_GROUP, SurveyBench.SURVEY_OBJECTIVE,
                        SurveyBench.VISIT_OBJECTIVE)
                .build();
        List<Frame> tiles = new ArrayList<>();
        PrintWriter err = spec.commandLine().getErr();
        SurveyListener recorder = new SurveyListener() {
            @Override
            public void onTile(SurveyTile tile, Frame frame, AnalysisResult result) {
                tiles.add(frame);
            }

            @Override
            public void onVisit(Visit v, AcquiredStack acquired) throws IOException {
                NdTiffRecorder.writeStack(out.resolve("visits").resolve("target-" + v.target().id()),
                        MicroManagerKeys.AXIS_Z, acquired.frames(), Map.of("z-step_um", "1.0"));
            }
        };
        SurveyResult result;
        SurveyScore score;
        try (VirtualMicroscope scope = bench.microscope();
                AnalysisChain tileChain = AnalysisChain.builder().optBinning(1)
                        .optCameraNoise(cam.gainAduPerE(), cam.offsetAdu(), cam.readNoiseE()).build();
                AnalysisChain lookChain = AnalysisChain.builder().optBinning(4)
                        .optCameraNoise(cam.gainAduPerE(), cam.offsetAdu(), cam.readNoiseE()).build()) {
            result = GuidedSurvey.builder(scope, envelope, tileChain, visit).optLookAnalyzer(lookChain)
                    .optRule(SelectionRule.any().withMinIntensity(minIntensity)).optBudget(budget)
                    .optListener(recorder).build().run(plan);
            score = SurveyScore.of(bench.slide().rareCells(), scope.trace().hiRes(), "survey-visit", 0.1);
        } catch (SurveyException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        Map<String, String> summary = new LinkedHashMap<>();
        summary.put("Reflex-Survey", plan.toString());
        if (plan.rows() > 0) {
            summary.put("Reflex-SurveyGrid", plan.rows() + "x" + plan.columns());
            summary.put("GridPixelOverlapX", Long.toString(Math.round(overlap * cam.width())));
            summary.put("GridPixelOverlapY", Long.toString(Math.round(overlap * cam.height())));
        }
        NdTiffRecorder.writeStack(out.resolve("tiles"), "position", tiles, summary);
        TargetTable.write(out.resolve("targets.csv"), result.targets(), result.ranked(), result.visits());
        Set<Integer> visited = result.visits().stream().filter(v -> v.outcome() != Visit.Outcome.REFUSED)
                .map(v -> v.target().id()).collect(Collectors.toSet());
        OverviewPicture.write(out.resolve("overview.png"), tiles, result.targets(), visited, 800);

        double hiField = bench.fieldWidthUm(SurveyBench.VISIT_OBJECTIVE);
        SurveyCost tiling = SurveyCost.ofTiling(tilingOfSurveyedArea(plan, field, hiField), stack.frames(),
                SurveyBench.EXPOSURE_MS);
        SurveyCost spent = result.cost();
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "Surveyed %d tiles (%s), found %d targets (%d detections merged in overlaps), visited %d.%n",
                plan.tiles().size(), plan.rows() > 0 ? plan.rows() + "x" + plan.columns() : "listed positions",
                result.targets().size(),
                result.mergedDetections(), visited.size());
        o.printf(Locale.ROOT, "Ground truth: %d of %d rare cells imaged and centred within 10%% of the 50X field, "
                + "%d of %d visits false.%n", score.found(), score.trueTargets(), score.falseVisits(), score.visits());
        o.printf(Locale.ROOT, "Cost: %.1f s and %.0f ms of light; 50X tiling of the same area: %.1f s and %.0f ms "
                + "(%.1fx time, %.1fx light).%n", spent.timeMs(TIMING) / 1000, spent.lightMs(),
                tiling.timeMs(TIMING) / 1000, tiling.lightMs(), tiling.timeMs(TIMING) / spent.timeMs(TIMING),
                tiling.lightMs() / spent.lightMs());
        o.println("Wrote " + out.toAbsolutePath() + " (tiles/, visits/, targets.csv, overview.png)");
        o.flush();
        err.flush();
        return ExitCodes.OK;
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

    /** High-resolution tiling (10 % overlap) of the bounding box of the survey's fields. */
    private static SurveyPlan tilingOfSurveyedArea(SurveyPlan plan, double surveyField, double hiField) {
        double x0 = Double.POSITIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (SurveyTile t : plan.tiles()) {
            x0 = Math.min(x0, t.xUm() - surveyField / 2);
            y0 = Math.min(y0, t.yUm() - surveyField / 2);
            x1 = Math.max(x1, t.xUm() + surveyField / 2);
            y1 = Math.max(y1, t.yUm() + surveyField / 2);
        }
        return SurveyPlan.grid(x0, y0, x1, y1, hiField, hiField, 0.1);
    }
}
