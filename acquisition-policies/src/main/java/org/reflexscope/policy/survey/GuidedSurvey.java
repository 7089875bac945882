package org.reflexscope.policy.survey;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.analysis.FrameAnalyzer;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.HardwareAutofocus;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.safety.SafetyEnvelope;

/**
 * Guided acquisition: survey a region at low magnification, analysing each tile as it arrives, then visit the best
 * targets at high magnification.
 *
 * <ol>
 *   <li><b>Survey.</b> The whole plan is checked against the envelope first (a tile outside is refused, never
 *       clamped, and nothing moves). With the survey objective, the stage visits the tiles in plan order; at each a
 *       snap is analysed by the tile analyzer and its detections that pass the {@link SelectionRule} become targets
 *       at their stage positions ({@link TargetBook}: merged where tiles overlap).</li>
 *   <li><b>Visits.</b> The budget's highest-ranked targets (highest intensity first) are visited in
 *       nearest-neighbour order from the last tile (a greedy shortest path). Switch once to the visit objective and
 *       add its parfocal offset; at each target move so that the visit objective's field centre (stage + its
 *       calibrated XY offset) falls on it; if re-centring, snap once, take the look analyzer's detection nearest
 *       the centre (within the settings' radius) and move once to centre it; acquire. A visit the envelope refuses
 *       is recorded as refused and the next one goes on. With time or light budgets ({@link Builder#optBudgets})
 *       visiting stops before the visit that would exceed one; the targets left are recorded as over budget.</li>
 * </ol>
 *
 * <p><b>Order.</b> By default ({@link VisitOrder#SURVEY_FIRST}) the visits follow the whole survey as above. With
 * {@link VisitOrder#INTERLEAVED} ({@link Builder#optOrder}) targets queue as tiles come in, each once no later tile's
 * field holds it, and the queue is visited (nearest next, two objective switches) whenever it holds the batch size,
 * and at the end; the count budget takes targets in queue order.
 *
 * <p><b>Visit acquisition.</b> At each target the visit's acquisition is taken in each of its channel presets, at
 * each time point of its time-lapse (by the survey's clock, waits counted in the cost); the listener gets all of it
 * at once ({@link SurveyListener#onVisitAcquired}).
 *
 * <p><b>Focus.</b> {@link FocusMode}: by default every tile and visit is taken at the starting Z (plus the visit
 * objective's parfocal offset). With a focus map ({@link Builder#optFocusMap}) focus is first found by a Z scan at a
 * few tiles, a plane is fitted through them, and every tile and visit goes to the Z it predicts. With focus per tile
 * ({@link Builder#optFocusPerTile}, {@link Builder#optAutofocusDevice}) each tile is focused before it is acquired and
 * a visit goes to the focus of the tile that found its target.
 *
 * <p>Every command goes through the {@link SafetyEnvelope} (clamping not allowed). At the end the starting objective
 * and Z are restored, also when a visit fails (the envelope must allow the starting objective). One thread only;
 * the analyzers are used from it.
 */
public final class GuidedSurvey {
    private final MicroscopeControl scope;
    private final SafetyEnvelope envelope;
    private final FrameAnalyzer tileAnalyzer;
    private final FrameAnalyzer lookAnalyzer;
    private final SelectionRule rule;
    private final double mergeRadiusUm;
    private final int budget;
    private final VisitSettings visit;
    private final AcquisitionRequest tileRequest;
    private final SurveyListener listener;
    private final FocusScan focusScan;
    private final FocusMode focusMode;
    private final HardwareAutofocus autofocus;
    private final VisitOrder order;
    private final int batch;
    private final SurveyClock clock;
    private final double timeBudgetMs;
    private final double lightBudgetMs;
    private final StageTiming timing;

    private GuidedSurvey(Builder b) {
        this.timeBudgetMs = b.timeBudgetMs;
        this.lightBudgetMs = b.lightBudgetMs;
        this.timing = b.timing;
        this.focusScan = b.focusScan;
        this.focusMode = b.focusMode;
        this.autofocus = b.autofocus;
        this.order = b.order;
        this.batch = b.batch;
        this.clock = b.clock;
        this.scope = b.scope;
        this.envelope = b.envelope;
        this.tileAnalyzer = b.tileAnalyzer;
        this.lookAnalyzer = b.lookAnalyzer;
        this.rule = b.rule;
        this.mergeRadiusUm = b.mergeRadiusUm;
        this.budget = b.budget;
        this.visit = b.visit;
        this.tileRequest = b.tileRequest;
        this.listener = b.listener;
    }

    /**
     * A builder; the tile analyzer's detections must carry stage positions (frames with stage position and pixel
     * size). The look analyzer is used only when the visit settings re-centre.
     */
    public static Builder builder(MicroscopeControl scope, SafetyEnvelope envelope, FrameAnalyzer tileAnalyzer,
            VisitSettings visit) {
        return new Builder(scope, envelope, tileAnalyzer, visit);
    }

    /**
     * Runs the survey and the visits.
     *
     * @throws SurveyException if the envelope refuses a tile (before anything moves) or a survey step
     * @throws HardwareException if a device fails; the starting objective and Z are restored first where possible
     */
    public SurveyResult run(SurveyPlan plan) throws SurveyException, HardwareException {
        SurveyCost cost = new SurveyCost();
        GuardedStage stage = new GuardedStage(scope, envelope, cost);
        MicroscopeState start = stage.state();
        plan.requireInside(envelope, start);
        double z0 = start.zUm();
        TargetBook book = new TargetBook(rule, mergeRadiusUm);
        List<Visit> visits = new ArrayList<>();
        List<SurveyTarget> chosen = new ArrayList<>();
        TileFocus focus = new TileFocus(focusMode, focusScan, autofocus, z0);
        TargetVisits visitor = new TargetVisits(visit, lookAnalyzer, listener, clock, timing, timeBudgetMs,
                lightBudgetMs, tileRequest);
        try {
            if (!visit.surveyObjective().equals(start.preset(MicroscopeControl.OBJECTIVE_GROUP))) {
                stage.setPreset(MicroscopeControl.OBJECTIVE_GROUP, visit.surveyObjective());
            }
            focus.prepare(stage, plan);
            FrameSlot slot = null;
            java.util.Set<Integer> queued = new java.util.HashSet<>();
            List<SurveyTarget> queue = new ArrayList<>();
            double[] halfField = null;
            for (SurveyTile tile : plan.tiles()) {
                if (!visit.surveyObjective().equals(stage.state().preset(MicroscopeControl.OBJECTIVE_GROUP))) {
                    stage.setPreset(MicroscopeControl.OBJECTIVE_GROUP, visit.surveyObjective());
                }
                stage.moveXY(tile.xUm(), tile.yUm(), "survey tile " + tile.index());
                focus.focusTile(stage, tile);
                Frame frame = stage.acquire(tileRequest).frames().get(0);
                notifyTileAcquired(tile, frame);
                slot = toSlot(frame, slot);
                AnalysisResult result = analyze(tileAnalyzer, slot, "tile " + tile.index());
                book.offer(tile.index(), result);
                notifyTile(tile, frame, result);
                if (order == VisitOrder.INTERLEAVED) {
                    halfField = halfField != null ? halfField : halfField(stage.state(), frame);
                    for (SurveyTarget t : book.all()) {
                        if (!queued.contains(t.id()) && queued.size() < budget
                                && settled(t, plan, tile.index(), halfField)) {
                            queued.add(t.id());
                            queue.add(t);
                        }
                    }
                    if (queue.size() >= batch) {
                        visitor.visitAll(stage, cost, queue, focus, visits, plan.tiles().size() - 1 - tile.index());
                        chosen.addAll(queue);
                        queue.clear();
                    }
                }
            }
            if (order == VisitOrder.INTERLEAVED) {
                for (SurveyTarget t : book.all()) {
                    if (!queued.contains(t.id()) && queued.size() < budget) {
                        queued.add(t.id());
                        queue.add(t);
                    }
                }
            } else {
                queue.addAll(book.ranked(budget));
            }
            visitor.visitAll(stage, cost, queue, focus, visits, 0);
            chosen.addAll(queue);
        } finally {
            restore(stage, start.preset(MicroscopeControl.OBJECTIVE_GROUP), z0);
        }
        return new SurveyResult(plan, book.all(), chosen, book.mergedCount(), visits, cost, focus.map(),
                focus.failures());
    }

    /** Half the survey field (x, y) in µm, from a tile frame and the calibrated pixel size. */
    private static double[] halfField(MicroscopeState s, Frame frame) {
        double px = s.pixelSizeUm() > 0 ? s.pixelSizeUm() : 0;
        return new double[] {frame.width() * px / 2, frame.height() * px / 2};
    }

    /** Whether no tile after {@code doneIndex} in plan order has {@code t} in its field (so none can merge into it). */
    private static boolean settled(SurveyTarget t, SurveyPlan plan, int doneIndex, double[] halfField) {
        for (SurveyTile later : plan.tiles().subList(doneIndex + 1, plan.tiles().size())) {
            if (Math.abs(later.xUm() - t.xUm()) <= halfField[0] && Math.abs(later.yUm() - t.yUm()) <= halfField[1]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Back to the starting objective (the survey objective if the start had none) and the starting Z, through the
     * envelope like every other command.
     */
    private void restore(GuardedStage stage, String objective0, double z0) throws HardwareException, SurveyException {
        String objective = objective0.isEmpty() ? visit.surveyObjective() : objective0;
        if (!objective.equals(stage.state().preset(MicroscopeControl.OBJECTIVE_GROUP))) {
            stage.setPreset(MicroscopeControl.OBJECTIVE_GROUP, objective);
        }
        if (stage.state().zUm() != z0) {
            stage.moveZ(z0, "restore Z");
        }
    }

    static FrameSlot toSlot(Frame frame, FrameSlot reuse) {
        FrameSlot slot = reuse != null && reuse.capacity().pixelCount() >= frame.format().pixelCount()
                && reuse.pixelType() == frame.pixelType() ? reuse : new FrameSlot(frame.format());
        slot.copyPixelsFrom(frame.pixels(), frame.width(), frame.height());
        slot.setMetadata(frame.metadata());
        return slot;
    }

    static AnalysisResult analyze(FrameAnalyzer analyzer, FrameSlot slot, String what)
            throws SurveyException {
        try {
            return analyzer.analyze(slot);
        } catch (Exception e) {
            throw new SurveyException("Analysis of " + what + " failed: " + e.getMessage(), e);
        }
    }

    private void notifyTileAcquired(SurveyTile tile, Frame frame) throws SurveyException {
        try {
            listener.onTileAcquired(tile, frame);
        } catch (Exception e) {
            throw new SurveyException("Recording tile " + tile.index() + " failed: " + e.getMessage(), e);
        }
    }

    private void notifyTile(SurveyTile tile, Frame frame, AnalysisResult result) throws SurveyException {
        try {
            listener.onTile(tile, frame, result);
        } catch (Exception e) {
            throw new SurveyException("Recording tile " + tile.index() + " failed: " + e.getMessage(), e);
        }
    }

    /** Builder of {@link GuidedSurvey}. */
    public static final class Builder {
        private final MicroscopeControl scope;
        private final SafetyEnvelope envelope;
        private final FrameAnalyzer tileAnalyzer;
        private final VisitSettings visit;
        private FrameAnalyzer lookAnalyzer;
        private SelectionRule rule = SelectionRule.any();
        private double mergeRadiusUm = 10;
        private int budget = 20;
        private AcquisitionRequest tileRequest = AcquisitionRequest.burst(1).withName("survey-tile");
        private SurveyListener listener = new SurveyListener() {
        };
        private FocusScan focusScan;
        private FocusMode focusMode = FocusMode.OFF;
        private HardwareAutofocus autofocus;
        private VisitOrder order = VisitOrder.SURVEY_FIRST;
        private int batch = 1;
        private SurveyClock clock = SurveyClock.system();
        private double timeBudgetMs = Double.POSITIVE_INFINITY;
        private double lightBudgetMs = Double.POSITIVE_INFINITY;
        private StageTiming timing = new StageTiming(1, 0, 0);

        private Builder(MicroscopeControl scope, SafetyEnvelope envelope, FrameAnalyzer tileAnalyzer,
                VisitSettings visit) {
            this.scope = Objects.requireNonNull(scope, "scope");
            this.envelope = Objects.requireNonNull(envelope, "envelope");
            this.tileAnalyzer = Objects.requireNonNull(tileAnalyzer, "tileAnalyzer");
            this.visit = Objects.requireNonNull(visit, "visit");
        }

        /** The analyzer of the re-centring look at the visit objective (required when re-centring). */
        public Builder optLookAnalyzer(FrameAnalyzer v) {
            this.lookAnalyzer = Objects.requireNonNull(v, "lookAnalyzer");
            return this;
        }

        /** Which detections are targets (default: all). */
        public Builder optRule(SelectionRule v) {
            this.rule = Objects.requireNonNull(v, "rule");
            return this;
        }

        /** Detections closer than this (µm) in overlapping tiles are one target (default 10). */
        public Builder optMergeRadiusUm(double v) {
            if (!(v >= 0)) {
                throw new IllegalArgumentException("Merge radius must be >= 0 µm, got " + v);
            }
            this.mergeRadiusUm = v;
            return this;
        }

        /** Most targets visited (default 20). */
        public Builder optBudget(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("Target budget must be >= 0, got " + v);
            }
            this.budget = v;
            return this;
        }

        /** What each survey tile acquires (default one snap named {@code survey-tile}). */
        public Builder optTileRequest(AcquisitionRequest v) {
            this.tileRequest = Objects.requireNonNull(v, "tileRequest");
            return this;
        }

        /**
         * Follow a focus map: before the survey, focus is found with {@code scan} (around the starting Z) at the
         * plan's tiles nearest its corners and centre, a plane is fitted through them ({@link FocusMap}), and every
         * tile and visit goes to the Z the plane predicts there (plus the visit objective's parfocal offset). Off
         * by default: the survey keeps the starting Z.
         */
        public Builder optFocusMap(FocusScan scan) {
            this.focusScan = Objects.requireNonNull(scan, "scan");
            this.focusMode = FocusMode.MAP;
            return this;
        }

        /**
         * Focus at every tile with {@code scan}, around the focus found at the tile before (the starting Z for the
         * first); a visit goes to the focus of the tile that found its target (plus the parfocal offset). A scan
         * the envelope refuses keeps the last focus at that tile (counted in {@link SurveyResult#focusFailures()}).
         */
        public Builder optFocusPerTile(FocusScan scan) {
            this.focusScan = Objects.requireNonNull(scan, "scan");
            this.focusMode = FocusMode.SCAN;
            return this;
        }

        /**
         * Focus at every tile with the microscope's autofocus device, started from the focus found at the tile
         * before; visits as with {@link #optFocusPerTile}. The device moves Z itself: a Z the envelope would have
         * refused sends Z back to where it was and keeps the last focus at that tile.
         */
        public Builder optAutofocusDevice(HardwareAutofocus device) {
            this.autofocus = Objects.requireNonNull(device, "device");
            this.focusMode = FocusMode.DEVICE;
            return this;
        }

        /**
         * When to visit ({@link VisitOrder}); with {@link VisitOrder#INTERLEAVED}, {@code batchSize} settled targets
         * are queued before the microscope switches to the visit objective (default: survey first).
         */
        public Builder optOrder(VisitOrder v, int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("Visit batch size must be >= 1, got " + batchSize);
            }
            this.order = Objects.requireNonNull(v, "order");
            this.batch = batchSize;
            return this;
        }

        /** The clock of the visits' time-lapse (default: the system clock, which really waits). */
        public Builder optClock(SurveyClock v) {
            this.clock = Objects.requireNonNull(v, "clock");
            return this;
        }

        /**
         * Stop visiting when the next visit would take the survey, tiles included, past {@code timeMs} of
         * instrument time priced with {@code timing} ({@link SurveyCost#timeMs}) or past {@code lightMs} of
         * exposure; the targets left are recorded as {@link Visit.Outcome#OVER_BUDGET}. Either may be
         * {@code Double.POSITIVE_INFINITY} (the default: no budget but the target count).
         */
        public Builder optBudgets(double timeMs, double lightMs, StageTiming timing) {
            if (!(timeMs > 0) || !(lightMs > 0)) {
                throw new IllegalArgumentException("Time and light budgets must be > 0 ms, got " + timeMs + " and "
                        + lightMs);
            }
            this.timeBudgetMs = timeMs;
            this.lightBudgetMs = lightMs;
            this.timing = Objects.requireNonNull(timing, "timing");
            return this;
        }

        public Builder optListener(SurveyListener v) {
            this.listener = Objects.requireNonNull(v, "listener");
            return this;
        }

        public GuidedSurvey build() {
            if (visit.recentre() && lookAnalyzer == null) {
                throw new IllegalStateException("Re-centring needs a look analyzer (optLookAnalyzer), or turn it "
                        + "off with VisitSettings.withRecentre(false, ...)");
            }
            return new GuidedSurvey(this);
        }
    }
}
