package org.reflexscope.mm.survey;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.analysis.FrameBinner;
import org.reflexscope.core.focus.FocusMeasure;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.inference.Device;
import org.reflexscope.core.inference.ModelLoadException;
import org.reflexscope.core.inference.ModelSource;
import org.reflexscope.mm.core.MmCoreAutofocus;
import org.reflexscope.mm.core.MmCoreSession;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.survey.FocusMode;
import org.reflexscope.policy.survey.FocusScan;
import org.reflexscope.policy.survey.GuidedSurvey;
import org.reflexscope.policy.survey.PycroManagerEvents;
import org.reflexscope.policy.survey.SelectionRule;
import org.reflexscope.policy.survey.StageTiming;
import org.reflexscope.policy.survey.SurveyCost;
import org.reflexscope.policy.survey.SurveyEnvelope;
import org.reflexscope.policy.survey.SurveyException;
import org.reflexscope.policy.survey.SurveyListener;
import org.reflexscope.policy.survey.SurveyPlan;
import org.reflexscope.policy.survey.SurveyResult;
import org.reflexscope.policy.survey.SurveyTile;
import org.reflexscope.policy.survey.TargetBook;
import org.reflexscope.policy.survey.Visit;
import org.reflexscope.policy.survey.VisitAcquisition;
import org.reflexscope.policy.survey.VisitOrder;
import org.reflexscope.policy.survey.VisitSettings;
import org.reflexscope.policy.survey.record.SurveyRecording;
import org.reflexscope.policy.survey.record.SurveyReport;

/**
 * One guided survey on a Micro-Manager core, as {@code reflex survey --mm} runs it: survey objective (default: the
 * objective group's lowest magnification) and visit objective (default: its highest), tiles from the settings'
 * grid around the current position or from the listed positions, each analysed by the default chain as it
 * arrives and focused as the settings ask (off, Reflex's Z scan per tile, a focus map, or the microscope's
 * autofocus device), then the targets visited (after the survey or interleaved with it, within the count, time and
 * light budgets) with a re-centring look and the settings' z-stack in each visit channel at each time point. Every
 * command goes through the {@link SafetyEnvelope} ({@link GuidedSurvey}'s guarded stage): an XY box of the
 * settings' range around the start, Z limits of ±50 µm around the start cut to the focus drive's travel, only the
 * two objectives and the starting one, and only the visit channels. Visit channels that are not presets of the
 * core's channel group refuse the survey before anything moves. The run folder is {@code reflex survey --mm}'s:
 * {@code tiles/}, {@code visits/}, {@code targets.csv}, {@code overview.png}, {@code plan-events.json} (the tiles
 * and, once done, every frame of the visits that acquired, as pycro-manager events), {@code report.html} and
 * {@code survey.json} (the envelope, the camera properties the caller set, the visit, focus, order and budget
 * settings, the state before and after, the cost, and how the survey ended).
 *
 * <p>The starting objective and Z are restored when the survey ends, is stopped ({@link StoppableMicroscope}) or
 * fails. Runs on the caller's thread; one run per instance. The panel makes it through {@link SurveyController};
 * {@code reflex survey --mm} through {@link #of}, with its {@link Extras} (its plan, envelope, selection rule, visit
 * offsets, autofocus device, report title and the camera properties it set).
 */
public final class MmCoreSurveyRun {
    /** Detections closer than this in overlapping tiles are one target, µm. */
    static final double MERGE_RADIUS_UM = 10;
    /** Z limits around the starting focus, µm. */
    static final double Z_RANGE_UM = 50;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What the run reports as it goes, on its thread. */
    public interface Progress {
        /** Reports nothing. */
        Progress NONE = new Progress() {
            @Override
            public void planned(int tiles, Path folder, String surveyObjective, String visitObjective) {
            }

            @Override
            public void tile(int tilesDone, int targetsFound) {
            }

            @Override
            public void visitsChosen(int chosen) {
            }

            @Override
            public void visited(int visitsDone) {
            }
        };

        /** The plan is made and the run folder exists; the objectives chosen. */
        void planned(int tiles, Path folder, String surveyObjective, String visitObjective);

        /** A tile was recorded and analysed. */
        void tile(int tilesDone, int targetsFound);

        /** The tiles are done; {@code chosen} targets will be visited. */
        void visitsChosen(int chosen);

        /** A visit acquired its data. */
        void visited(int visitsDone);
    }

    private final MmCoreSession session;
    private final SurveySettings settings;
    private final ListedPositions listed;
    private final Path folder;
    private final StoppableMicroscope scope;
    private final Progress progress;
    private final Map<String, Object> record = new LinkedHashMap<>();
    private final Extras extras;
    private SurveyPlan plan;
    private VisitSettings visit;
    private double[] xyBoxUm;
    private double[] zLimitsUm;

    /**
     * What {@code reflex survey --mm} sets beyond the panel's {@link SurveySettings}; each left unset is as the
     * panel does it.
     */
    public static final class Extras {
        /** Makes the plan from the starting state and the survey objective's field, µm. */
        public interface Planner {
            /**
             * The plan.
             *
             * @throws IllegalArgumentException if the area cannot be tiled (the message says why)
             */
            SurveyPlan plan(MicroscopeState start, double fieldUm);
        }

        private Planner planner;
        private double[] xyBox;
        private double[] zLimits;
        private SelectionRule rule = SelectionRule.any();
        private double offsetXUm;
        private double offsetYUm;
        private double parfocalUm;
        private boolean recentre = true;
        private String autofocusDevice;
        private String area;
        private String title;
        private String camera = "";
        private Map<String, String> cameraProperties = Map.of();
        private final Map<String, Object> record = new LinkedHashMap<>();
        private List<ModelSource> models = List.of();
        private Device device = Device.AUTO;

        /**
         * The user's models that analyse each survey tile, on {@code device}, recorded in {@code survey.json}'s
         * {@code analysis.models} (default: none, the default chain's embedded models). The re-centring look keeps
         * the default detector.
         */
        public Extras optModels(List<ModelSource> sources, Device v) {
            this.models = List.copyOf(sources);
            this.device = Objects.requireNonNull(v, "device");
            return this;
        }

        /** The plan (default: the settings' grid around the start, or the listed positions). */
        public Extras optPlanner(Planner v) {
            this.planner = v;
            return this;
        }

        /** The envelope's XY box {@code xMin, yMin, xMax, yMax}, µm (default: the settings' range around the start). */
        public Extras optXyBox(double xMin, double yMin, double xMax, double yMax) {
            this.xyBox = new double[] {xMin, yMin, xMax, yMax};
            return this;
        }

        /** The envelope's Z limits, µm (default: ±50 µm around the start cut to the focus drive's travel). */
        public Extras optZLimits(double min, double max) {
            this.zLimits = new double[] {min, max};
            return this;
        }

        /** Which detections are targets (default: any). */
        public Extras optRule(SelectionRule v) {
            this.rule = Objects.requireNonNull(v, "rule");
            return this;
        }

        /** The visit objective's calibrated XY offset and parfocal offset, µm (default 0). */
        public Extras optVisitOffsets(double xUm, double yUm, double zUm) {
            this.offsetXUm = xUm;
            this.offsetYUm = yUm;
            this.parfocalUm = zUm;
            return this;
        }

        /** Whether a visit re-centres with a short look first (default yes). */
        public Extras optRecentre(boolean v) {
            this.recentre = v;
            return this;
        }

        /** The autofocus device of {@link FocusMode#DEVICE} (default: the configuration's). */
        public Extras optAutofocusDevice(String label) {
            this.autofocusDevice = label;
            return this;
        }

        /** {@code survey.json}'s {@code area} (default: the settings' area). */
        public Extras optArea(String v) {
            this.area = v;
            return this;
        }

        /** {@code report.html}'s title (default: a survey from the Reflex panel). */
        public Extras optTitle(String v) {
            this.title = Objects.requireNonNull(v, "title");
            return this;
        }

        /**
         * The camera properties the caller set on {@code camera} for this run (and puts back after it), recorded in
         * {@code survey.json}'s {@code cameraProperties} and the report (default: none).
         */
        public Extras optCameraProperties(String camera, Map<String, String> applied) {
            this.camera = Objects.requireNonNull(camera, "camera");
            this.cameraProperties = new LinkedHashMap<>(applied);
            return this;
        }

        /** An entry of {@code survey.json} (replacing the run's own of that key). */
        public Extras optRecord(String key, Object value) {
            record.put(key, value);
            return this;
        }
    }

    /**
     * A run of {@code settings} (objectives, budget, overlap, visit, focus, order and budgets) with {@code extras}
     * into {@code folder}, on {@code session}'s microscope, reporting nothing as it goes.
     */
    public static MmCoreSurveyRun of(MmCoreSession session, SurveySettings settings, Extras extras, Path folder)
            throws HardwareException {
        return new MmCoreSurveyRun(session, settings, List::of, folder,
                new StoppableMicroscope(session.microscope(null)), Progress.NONE, extras);
    }

    /** The plan once {@link #run()} made it, else null. */
    public SurveyPlan plan() {
        return plan;
    }

    /** The visits' settings (objectives, offsets, acquisition) once {@link #run()} resolved them, else null. */
    public VisitSettings visit() {
        return visit;
    }

    /** The envelope's XY box {@code xMin, yMin, xMax, yMax} once {@link #run()} resolved it, else null. */
    public double[] xyBoxUm() {
        return xyBoxUm == null ? null : xyBoxUm.clone();
    }

    /** The envelope's Z limits {@code min, max} once {@link #run()} resolved them, else null. */
    public double[] zLimitsUm() {
        return zLimitsUm == null ? null : zLimitsUm.clone();
    }

    MmCoreSurveyRun(MmCoreSession session, SurveySettings settings, ListedPositions listed, Path folder,
            StoppableMicroscope scope, Progress progress) {
        this(session, settings, listed, folder, scope, progress, new Extras());
    }

    private MmCoreSurveyRun(MmCoreSession session, SurveySettings settings, ListedPositions listed, Path folder,
            StoppableMicroscope scope, Progress progress, Extras extras) {
        this.extras = Objects.requireNonNull(extras, "extras");
        this.session = session;
        this.settings = settings;
        this.listed = listed;
        this.folder = folder;
        this.scope = scope;
        this.progress = progress;
    }

    /**
     * Runs the survey and writes the run folder ({@code survey.json} also when it stops or fails, once the plan
     * is made).
     *
     * @throws SurveyException for what the user must change (objectives, the position list, a plan outside the
     *     envelope) or a survey step that failed
     * @throws HardwareException if a device failed, or {@link StoppableMicroscope.StoppedException} on Stop
     * @throws ModelLoadException if the default analysis models cannot load
     */
    public SurveyResult run() throws SurveyException, HardwareException, IOException, ModelLoadException {
        MicroscopeState start = scope.state();
        Map<String, Double> pixelSizes = session.objectiveGroup().pixelSizes();
        List<String> presets = scope.presets(MicroscopeControl.OBJECTIVE_GROUP);
        String surveyObj = objective(settings.surveyObjective(), lowestMagnification(pixelSizes), presets, "survey");
        String visitObj = objective(settings.visitObjective(), session.objectiveGroup().highestMagnification(),
                presets, "visit");
        if (surveyObj.equals(visitObj)) {
            throw new SurveyException("The survey and visit objectives are both " + surveyObj + "; choose two of "
                    + presets);
        }
        Double surveyPixel = pixelSizes.get(surveyObj);
        if (surveyPixel == null || !(surveyPixel > 0)) {
            throw new SurveyException("The survey objective " + surveyObj + " has no pixel-size calibration, so the "
                    + "survey cannot place what it finds on the stage; calibrate it in Micro-Manager's Pixel Size "
                    + "Calibration (calibrated: " + pixelSizes.keySet() + ")");
        }
        double field = start.imageWidth() * surveyPixel;
        SurveyPlan plan = plan(start, field);
        this.plan = plan;
        double r = settings.xyRangeUm();
        double[] box = extras.xyBox != null ? extras.xyBox.clone()
                : new double[] {start.xUm() - r, start.yUm() - r, start.xUm() + r, start.yUm() + r};
        double[] z = extras.zLimits != null ? extras.zLimits.clone()
                : new double[] {start.zUm() - Z_RANGE_UM, start.zUm() + Z_RANGE_UM};
        double[] travel = session.focusTravelUm();
        if (extras.zLimits == null && travel != null) {
            z[0] = Math.max(z[0], travel[0]);
            z[1] = Math.min(z[1], travel[1]);
        }
        List<String> allowed = new ArrayList<>(List.of(surveyObj, visitObj));
        String startObj = start.preset(MicroscopeControl.OBJECTIVE_GROUP);
        if (!startObj.isEmpty() && !allowed.contains(startObj)) {
            allowed.add(startObj);
        }
        String channelGroup = session.core().getChannelGroup();
        List<String> channels = settings.visitChannels();
        if (!channels.isEmpty()) {
            if (channelGroup.isEmpty()) {
                throw new SurveyException("Visit channels need Micro-Manager's channel group, and this configuration "
                        + "sets none; set one (Devices > Channel group) or clear the visit channels");
            }
            List<String> available = scope.presets(channelGroup);
            for (String c : channels) {
                if (!available.contains(c)) {
                    throw new SurveyException("The visit channel " + c + " is not a preset of the channel group "
                            + channelGroup + "; choose among " + available);
                }
            }
        }
        SafetyEnvelope envelope = envelope(box, z, allowed, channels);
        plan.requireInside(envelope, start);
        AcquisitionRequest stack = settings.visitStack();
        VisitSettings visit = settings.applyTo(VisitSettings.of(surveyObj, visitObj).withRecentre(extras.recentre, 0.3)
                .withOffsetUm(extras.offsetXUm, extras.offsetYUm).withParfocalOffsetUm(extras.parfocalUm));
        this.visit = visit;
        this.xyBoxUm = box.clone();
        this.zLimitsUm = z.clone();

        Files.createDirectories(folder);
        record.put("micromanager", Map.of("from", "the Reflex panel in Micro-Manager Studio",
                "objectiveGroup", session.objectiveGroup().name()));
        record.put("area", extras.area != null ? extras.area : settings.area() == SurveySettings.Area.POSITION_LIST
                ? "Studio's position list" : settings.rows() + "x" + settings.columns() + " grid around the start");
        record.put("plan", plan.toString());
        record.put("surveyObjective", surveyObj);
        record.put("visitObjective", visitObj);
        record.put("budget", settings.budget());
        record.put("budgets", budgetRecord());
        record.put("visit", visitRecord(visit, stack, channelGroup));
        record.put("safetyEnvelope", Map.of("xMinUm", box[0], "yMinUm", box[1], "xMaxUm", box[2], "yMaxUm", box[3],
                "zMinUm", z[0], "zMaxUm", z[1], "objectives", allowed));
        record.put("start", stateRecord(start, channelGroup));
        record.put("cameraProperties", extras.cameraProperties);
        record.put("analysis", analysisRecord());
        record.putAll(extras.record);
        writeEvents(plan, surveyObj, start.zUm(), null, visit);
        progress.planned(plan.tiles().size(), folder, surveyObj, visitObj);

        int w = start.imageWidth();
        int h = start.imageHeight();
        SelectionRule rule = extras.rule;
        TargetBook counted = new TargetBook(rule, MERGE_RADIUS_UM);
        String ending = "failed";
        SurveyResult result = null;
        try (SurveyRecording recording = new SurveyRecording(folder,
                SurveyRecording.tileSummary(plan, settings.overlap(), w, h), stack.zStepUm(), plan);
                AnalysisChain tileChain = tileChain(FrameBinner.factorForEdge(w, h, 256));
                AnalysisChain lookChain = AnalysisChain.builder().optBinning(FrameBinner.factorForEdge(w, h, 128))
                        .build()) {
            SurveyListener reporting = new SurveyListener() {
                private int tiles;
                private int visits;

                @Override
                public void onTileAcquired(SurveyTile tile, Frame frame) throws Exception {
                    recording.onTileAcquired(tile, frame);
                    record.put("mosaic", recording.mosaicNote());
                }

                @Override
                public void onTile(SurveyTile tile, Frame frame, AnalysisResult analysed) throws Exception {
                    recording.onTile(tile, frame, analysed);
                    counted.offer(tile.index(), analysed);
                    progress.tile(++tiles, counted.all().size());
                    if (tiles == plan.tiles().size()) {
                        progress.visitsChosen(counted.ranked(settings.budget()).size());
                    }
                }

                @Override
                public void onVisitAcquired(Visit v, VisitAcquisition acquired) throws Exception {
                    recording.onVisitAcquired(v, acquired);
                    progress.visited(++visits);
                }
            };
            GuidedSurvey.Builder b = GuidedSurvey.builder(scope, envelope, tileChain, visit)
                    .optLookAnalyzer(lookChain).optRule(rule).optMergeRadiusUm(MERGE_RADIUS_UM)
                    .optBudget(settings.budget()).optListener(reporting);
            result = withFocusOrderAndBudgets(b).build().run(plan);
            recording.finish(result);
            writeEvents(plan, surveyObj, start.zUm(), result, visit);
            report(result, start, visit, allowed, box, z, pixelSizes.get(visitObj), field);
            ending = "done";
            return result;
        } catch (StoppableMicroscope.StoppedException e) {
            ending = "stopped by the user";
            throw e;
        } catch (SurveyException | HardwareException | IOException | ModelLoadException | RuntimeException e) {
            ending = "failed: " + e.getMessage();
            throw e;
        } finally {
            writeRecord(ending, result, channelGroup);
        }
    }

    /** The tile analysis: the default chain, or one running the user's models ({@link Extras#optModels}). */
    private AnalysisChain tileChain(int binning) throws ModelLoadException {
        AnalysisChain.Builder b = AnalysisChain.builder().optBinning(binning);
        if (!extras.models.isEmpty()) {
            b.optDevice(extras.device);
            extras.models.forEach(b::optModel);
        }
        return b.build();
    }

    /** {@code survey.json}'s {@code analysis}: which models analysed the tiles (name and sha256) and the look. */
    private Map<String, Object> analysisRecord() {
        List<Map<String, Object>> ms = new ArrayList<>();
        for (ModelSource m : extras.models) {
            ms.add(Map.of("name", m.name(), "sha256", m.sha256()));
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("tiles", extras.models.isEmpty() ? "default chain (embedded denoiser + detector)" : "user model");
        a.put("models", ms);
        a.put("look", "default chain (embedded denoiser + detector)");
        return a;
    }

    /**
     * Writes {@code plan-events.json} ({@link PycroManagerEvents#ofSurvey}): the tiles and, once the survey is done
     * ({@code result} not null), every frame of the visits that acquired.
     */
    private void writeEvents(SurveyPlan plan, String surveyObj, double zUm, SurveyResult result, VisitSettings visit)
            throws IOException {
        JSON.writeValue(folder.resolve("plan-events.json").toFile(), PycroManagerEvents.ofSurvey(plan,
                session.objectiveGroup().name(), surveyObj, zUm, result, visit));
    }

    /**
     * Writes {@code report.html} ({@link SurveyReport}): objectives, envelope, camera properties, selection rule,
     * visit acquisition, budgets and, where the visit objective is calibrated, the tiling of the same area at it
     * with the visit's frames (planes x channels x time points) and waits per field. The report is the last
     * product: if it cannot be written, {@code survey.json}'s {@code reportNotWritten} says why and the run, whose
     * data are on disk, still succeeds.
     */
    private void report(SurveyResult result, MicroscopeState start, VisitSettings visit, List<String> allowed,
            double[] box, double[] z, Double visitPixel, double surveyField) {
        try {
            MicroscopeState end = scope.state();
            SurveyReport.Builder page = SurveyReport.builder(extras.title != null ? extras.title
                    : "Survey from the Reflex panel in Micro-Manager Studio", result, StageTiming.TYPICAL,
                    settings.budget())
                    .optLine(String.format(Locale.ROOT, "Objective back at %s (started at %s), Z at %.2f µm "
                            + "(started at %.2f µm).", end.preset(MicroscopeControl.OBJECTIVE_GROUP),
                            start.preset(MicroscopeControl.OBJECTIVE_GROUP), end.zUm(), start.zUm()))
                    .optSetting("objectives", visit.surveyObjective() + " survey, " + visit.visitObjective()
                            + " visits (offset " + visit.offsetXUm() + ", " + visit.offsetYUm() + " µm, parfocal "
                            + visit.parfocalOffsetUm() + " µm)")
                    .optSetting("safety envelope", String.format(Locale.ROOT, "XY [%.0f, %.0f] × [%.0f, %.0f] µm, "
                            + "Z [%.1f, %.1f] µm, objectives %s%s", box[0], box[2], box[1], box[3], z[0], z[1],
                            allowed, visit.channels().isEmpty() ? "" : ", channels " + visit.channels()));
            if (!extras.cameraProperties.isEmpty()) {
                page.optSetting("camera properties", extras.camera + " " + extras.cameraProperties
                        + " (put back at the end)");
            }
            page.optVisit(extras.rule, visit).optSetting("focus and order", settings.focus().name()
                    .toLowerCase(Locale.ROOT) + " focus, " + settings.order().name().toLowerCase(Locale.ROOT)
                    .replace('_', '-') + " visits");
            if (settings.hasBudgets()) {
                page.optBudgets(settings.timeBudgetS() * 1000, settings.lightBudgetMs());
            }
            if (visitPixel != null && visitPixel > 0) {
                page.optTiling(SurveyCost.ofTilingLikeVisits(plan, surveyField, start.imageWidth() * visitPixel,
                        visit, start.exposureMs()), visit.visitObjective() + " tiling of the same area (10 % "
                        + "overlap, " + visit.framesPerVisit() + " frames per field as a visit takes them, "
                        + start.exposureMs() + " ms exposure)");
            }
            page.build().write(folder.resolve("report.html"), folder.resolve("overview.png"));
        } catch (IOException | HardwareException | RuntimeException e) {
            record.put("reportNotWritten", String.valueOf(e));
        }
    }

    /** {@code b} with the settings' focus mode, order and time and light budgets. */
    private GuidedSurvey.Builder withFocusOrderAndBudgets(GuidedSurvey.Builder b) throws HardwareException {
        FocusScan scan = new FocusScan(settings.focusRangeUm(), settings.focusStepUm(),
                FocusMeasure.normalizedVariance());
        switch (settings.focus()) {
            case SCAN:
                b.optFocusPerTile(scan);
                break;
            case MAP:
                b.optFocusMap(scan);
                break;
            case DEVICE:
                b.optAutofocusDevice(MmCoreAutofocus.of(session, extras.autofocusDevice));
                break;
            default:
                break;
        }
        if (settings.order() == VisitOrder.INTERLEAVED) {
            b.optOrder(VisitOrder.INTERLEAVED, settings.batch());
        }
        if (settings.hasBudgets()) {
            b.optBudgets(settings.timeBudgetS() * 1000, settings.lightBudgetMs(), StageTiming.TYPICAL);
        }
        return b;
    }

    private Map<String, Object> budgetRecord() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("targets", settings.budget());
        m.put("timeS", settings.timeBudgetS() < Double.POSITIVE_INFINITY ? settings.timeBudgetS() : null);
        m.put("lightMs", settings.lightBudgetMs() < Double.POSITIVE_INFINITY ? settings.lightBudgetMs() : null);
        return m;
    }

    /** What a visit acquires, the focus mode and the order, as {@code reflex survey --mm}'s {@code visit} record. */
    private Map<String, Object> visitRecord(VisitSettings visit, AcquisitionRequest stack, String channelGroup) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channelGroup", channelGroup);
        m.put("channels", visit.channels());
        m.put("timePoints", visit.timePoints());
        m.put("intervalMs", visit.intervalMs());
        m.put("zPlanes", stack.frames());
        m.put("zStepUm", stack.zStepUm());
        m.put("framesPerVisit", visit.framesPerVisit());
        m.put("autofocus", settings.focus().name().toLowerCase(java.util.Locale.ROOT));
        if (settings.focus() == FocusMode.SCAN || settings.focus() == FocusMode.MAP) {
            m.put("focusScan", Map.of("rangeUm", settings.focusRangeUm(), "stepUm", settings.focusStepUm()));
        }
        m.put("order", settings.order().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        if (settings.order() == VisitOrder.INTERLEAVED) {
            m.put("batch", settings.batch());
        }
        return m;
    }

    /** {@code survey.json}: what was asked, the envelope, the state before and after, the cost, how it ended. */
    private void writeRecord(String ending, SurveyResult result, String channelGroup) throws IOException {
        record.put("ended", ending);
        try {
            record.put("end", stateRecord(scope.state(), channelGroup));
        } catch (HardwareException e) {
            record.put("end", Map.of("error", String.valueOf(e.getMessage())));
        }
        if (result != null) {
            record.put("targets", result.targets().size());
            record.put("visited", SurveyRecording.visitedIds(result).size());
            @SuppressWarnings("unchecked")
            Map<String, Object> visitRecord = (Map<String, Object>) record.get("visit");
            visitRecord.put("focusFailures", result.focusFailures());
            record.put("cost", costRecord(result.cost()));
        }
        JSON.writeValue(folder.resolve("survey.json").toFile(), record);
    }

    /** The grid of rows × columns survey fields centred on the start, or the listed positions. */
    private SurveyPlan plan(MicroscopeState start, double field) throws SurveyException {
        if (extras.planner != null) {
            return extras.planner.plan(start, field);
        }
        if (settings.area() == SurveySettings.Area.POSITION_LIST) {
            List<double[]> xy = listed.xyUm();
            if (xy.isEmpty()) {
                throw new SurveyException("Studio's Stage Position List is empty: add positions to it (Devices > "
                        + "Stage Position List) or survey a grid");
            }
            return SurveyPlan.positions(xy);
        }
        double step = field * (1 - settings.overlap());
        double width = field + (settings.columns() - 1) * step;
        double height = field + (settings.rows() - 1) * step;
        try {
            SurveyPlan grid = SurveyPlan.grid(start.xUm() - width / 2, start.yUm() - height / 2,
                    start.xUm() + width / 2, start.yUm() + height / 2, field, field, settings.overlap());
            if (grid.rows() != settings.rows() || grid.columns() != settings.columns()) {
                throw new IllegalStateException("a " + settings.rows() + "x" + settings.columns() + " grid came out "
                        + grid.rows() + "x" + grid.columns());
            }
            return grid;
        } catch (IllegalArgumentException e) {
            throw new SurveyException("No survey grid: " + e.getMessage(), e);
        }
    }

    private static SafetyEnvelope envelope(double[] box, double[] z, List<String> objectives, List<String> channels)
            throws SurveyException {
        try {
            return SurveyEnvelope.of(box, z, objectives, channels);
        } catch (IllegalArgumentException e) {
            throw new SurveyException("Safety envelope: " + e.getMessage(), e);
        }
    }


    private static String objective(String asked, String fallback, List<String> presets, String role)
            throws SurveyException {
        String name = asked.isEmpty() ? fallback : asked;
        if (name.isEmpty()) {
            throw new SurveyException("No objective has a pixel-size calibration to choose the " + role
                    + " objective by; choose it (" + (presets.isEmpty() ? "the configuration has no objective group"
                    : "one of " + presets) + ")");
        }
        if (!presets.contains(name)) {
            throw new SurveyException("The " + role + " objective " + name + " is not an objective of this "
                    + "microscope; choose one of " + presets);
        }
        return name;
    }

    /** The calibrated preset with the largest pixel size, or "" if none is calibrated. */
    static String lowestMagnification(Map<String, Double> pixelSizes) {
        return pixelSizes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
    }

    private static Map<String, Object> stateRecord(MicroscopeState s, String channelGroup) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objective", s.preset(MicroscopeControl.OBJECTIVE_GROUP));
        m.put("channel", channelGroup.isEmpty() ? "" : s.preset(channelGroup));
        m.put("xUm", s.xUm());
        m.put("yUm", s.yUm());
        m.put("zUm", s.zUm());
        return m;
    }

    private static Map<String, Object> costRecord(SurveyCost c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frames", c.frames());
        m.put("lightMs", c.lightMs());
        m.put("moves", c.moves());
        m.put("travelUm", c.travelUm());
        m.put("objectiveSwitches", c.objectiveSwitches());
        m.put("waitMs", c.waitMs());
        return m;
    }
}
