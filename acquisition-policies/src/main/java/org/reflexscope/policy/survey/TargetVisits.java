package org.reflexscope.policy.survey;

import java.util.ArrayList;
import java.util.List;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.analysis.FrameAnalyzer;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;

/**
 * A {@link GuidedSurvey}'s visits to a batch of targets: switch to the visit objective, visit nearest next, at each
 * target move (through the calibrated offset), go to the visit's focus, re-centre with a look, acquire every channel
 * at every time point, hand it to the listener; stop at the first visit that would exceed the time or light budget.
 * One thread, the survey's.
 */
final class TargetVisits {
    private final VisitSettings visit;
    private final FrameAnalyzer lookAnalyzer;
    private final SurveyListener listener;
    private final SurveyClock clock;
    private final StageTiming timing;
    private final double timeBudgetMs;
    private final double lightBudgetMs;
    private final AcquisitionRequest tileRequest;

    TargetVisits(VisitSettings visit, FrameAnalyzer lookAnalyzer, SurveyListener listener, SurveyClock clock,
            StageTiming timing, double timeBudgetMs, double lightBudgetMs, AcquisitionRequest tileRequest) {
        this.visit = visit;
        this.lookAnalyzer = lookAnalyzer;
        this.listener = listener;
        this.clock = clock;
        this.timing = timing;
        this.timeBudgetMs = timeBudgetMs;
        this.lightBudgetMs = lightBudgetMs;
        this.tileRequest = tileRequest;
    }

    /**
     * Switches to the visit objective (if not there) and visits {@code targets} nearest next from the stage's
     * position; once a visit would exceed the time or light budget, it and every later one are recorded over budget.
     */
    void visitAll(GuardedStage stage, SurveyCost cost, List<SurveyTarget> targets, TileFocus focus,
            List<Visit> visits, int tilesLeft) throws SurveyException, HardwareException {
        if (targets.isEmpty()) {
            return;
        }
        if (visits.stream().anyMatch(v -> v.outcome() == Visit.Outcome.OVER_BUDGET)) {
            targets.forEach(t -> visits.add(overBudget(t)));
            return;
        }
        if (!visit.visitObjective().equals(stage.state().preset(MicroscopeControl.OBJECTIVE_GROUP))) {
            stage.setPreset(MicroscopeControl.OBJECTIVE_GROUP, visit.visitObjective());
        }
        MicroscopeState at = stage.state();
        boolean over = false;
        for (SurveyTarget target : nearestNeighbourTour(targets, at.xUm() + visit.offsetXUm(),
                at.yUm() + visit.offsetYUm())) {
            over = over || wouldExceedBudget(stage, cost, target, tilesLeft);
            visits.add(over ? overBudget(target) : visitOne(stage, target, focus));
        }
    }

    private static Visit overBudget(SurveyTarget target) {
        return new Visit(target, Visit.Outcome.OVER_BUDGET, Double.NaN, Double.NaN, 0, 0,
                "the time or light budget would be exceeded");
    }

    /**
     * Whether visiting {@code target} next would take what the survey spent past its time or light budget: the
     * visit's frames (the look, if re-centring, and the acquisition) at the current exposure, its move from here
     * (travel and settle), when re-centring the longest correction the look may make (travel and settle), and the
     * switch back to the starting objective that follows the last visit; when interleaved, the frames and settling
     * of the {@code tilesLeft} tiles still to survey. So a survey ends within its budgets (up to the remaining tiles'
     * travel and focus, when interleaved).
     */
    private boolean wouldExceedBudget(GuardedStage stage, SurveyCost spent, SurveyTarget target, int tilesLeft)
            throws HardwareException {
        if (Double.isInfinite(timeBudgetMs) && Double.isInfinite(lightBudgetMs)) {
            return false;
        }
        MicroscopeState s = stage.state();
        AcquisitionRequest a = visit.acquisition();
        double exposure = Double.isNaN(a.exposureMs()) ? s.exposureMs() : a.exposureMs();
        int frames = visit.framesPerVisit() + (visit.recentre() ? 1 : 0);
        double tileExposure = Double.isNaN(tileRequest.exposureMs()) ? s.exposureMs() : tileRequest.exposureMs();
        // interleaved: the tiles still to survey are reserved (their frames and settling; not their travel or focus)
        double reservedLightMs = tilesLeft * tileRequest.frames() * tileExposure;
        double reservedSettleMs = tilesLeft * timing.settleMs();
        double lightMs = frames * exposure + reservedLightMs;
        if (spent.lightMs() + lightMs > lightBudgetMs) {
            return true;
        }
        double travel = Math.hypot(target.xUm() - visit.offsetXUm() - s.xUm(), target.yUm() - visit.offsetYUm()
                - s.yUm());
        if (visit.recentre()) {
            // the correction is known only after the look: count the longest one it may make
            travel += visit.recentreRadiusFraction() * s.imageWidth() * (s.pixelSizeUm() > 0 ? s.pixelSizeUm() : 0);
        }
        double timeMs = lightMs + travel / timing.xySpeedUmPerMs() + (visit.recentre() ? 2 : 1) * timing.settleMs()
                + timing.objectiveSwitchMs() + (visit.timePoints() - 1) * visit.intervalMs() + reservedSettleMs;
        return spent.timeMs(timing) + timeMs > timeBudgetMs;
    }

    private Visit visitOne(GuardedStage stage, SurveyTarget target, TileFocus focus)
            throws SurveyException, HardwareException {
        try {
            stage.moveXY(target.xUm() - visit.offsetXUm(), target.yUm() - visit.offsetYUm(),
                    "visit target " + target.id());
            double z = focus.visitZ(target) + visit.parfocalOffsetUm();
            if (stage.state().zUm() != z) {
                stage.moveZ(z, "focus at target " + target.id());
            }
            double correction = 0;
            String reason = visit.recentre() ? "" : "re-centring off";
            if (visit.recentre()) {
                AcquiredStack look = stage.acquire(AcquisitionRequest.burst(1).withName("survey-look"));
                Frame frame = look.frames().get(0);
                AnalysisResult r = GuidedSurvey.analyze(lookAnalyzer, GuidedSurvey.toSlot(frame, null),
                        "the look at target " + target.id());
                Detection d = nearestToCentre(r, frame, visit.recentreRadiusFraction());
                if (d == null) {
                    reason = "the look found no object near the centre";
                } else {
                    MicroscopeState s = stage.state();
                    correction = Math.hypot(d.xUm() - s.xUm(), d.yUm() - s.yUm());
                    stage.moveXY(d.xUm(), d.yUm(), "re-centre target " + target.id());
                }
            }
            MicroscopeState s = stage.state();
            VisitAcquisition acquired = acquireVisit(stage, s);
            Visit v = new Visit(target, reason.isEmpty() ? Visit.Outcome.CENTRED : Visit.Outcome.UNCORRECTED,
                    s.xUm(), s.yUm(), correction, acquired.images().size(), reason);
            notifyVisit(v, acquired);
            return v;
        } catch (SurveyException refused) {
            return new Visit(target, Visit.Outcome.REFUSED, Double.NaN, Double.NaN, 0, 0, refused.getMessage());
        }
    }

    /**
     * The visit's acquisition in each channel at each time point, time points {@code intervalMs} apart by the
     * survey's clock (waits counted in the cost); each acquisition goes through the envelope and restores the
     * channel.
     */
    private VisitAcquisition acquireVisit(GuardedStage stage, MicroscopeState s)
            throws SurveyException, HardwareException {
        List<String> channels = visit.channels().isEmpty() ? List.of("") : visit.channels();
        List<VisitAcquisition.Image> images = new ArrayList<>(visit.framesPerVisit());
        double t0 = clock.nowMs();
        for (int t = 0; t < visit.timePoints(); t++) {
            double wait = t0 + t * visit.intervalMs() - clock.nowMs();
            if (t > 0 && wait > 0) {
                try {
                    clock.waitMs(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SurveyException("Survey interrupted during a visit's time-lapse", e);
                }
                stage.addWait(wait);
            }
            for (int c = 0; c < channels.size(); c++) {
                AcquiredStack stack = stage.acquire(visit.acquisition().withChannel(channels.get(c)));
                for (int z = 0; z < stack.frames().size(); z++) {
                    images.add(new VisitAcquisition.Image(stack.frames().get(z), c, z, t));
                }
            }
        }
        return new VisitAcquisition(visit.acquisition().withChannel(channels.get(0)), s, channels, images);
    }

    /** {@code targets} ordered greedily: from {@code (x, y)} always to the nearest one not yet visited. */
    static List<SurveyTarget> nearestNeighbourTour(List<SurveyTarget> targets, double xUm, double yUm) {
        List<SurveyTarget> left = new ArrayList<>(targets);
        List<SurveyTarget> out = new ArrayList<>(targets.size());
        double x = xUm;
        double y = yUm;
        while (!left.isEmpty()) {
            int best = 0;
            for (int i = 1; i < left.size(); i++) {
                if (Math.hypot(left.get(i).xUm() - x, left.get(i).yUm() - y)
                        < Math.hypot(left.get(best).xUm() - x, left.get(best).yUm() - y)) {
                    best = i;
                }
            }
            SurveyTarget t = left.remove(best);
            out.add(t);
            x = t.xUm();
            y = t.yUm();
        }
        return out;
    }

    /** The detection nearest the image centre within {@code fraction} of the frame width, or null. */
    private static Detection nearestToCentre(AnalysisResult r, Frame frame, double fraction) {
        double cx = (frame.width() - 1) / 2.0;
        double cy = (frame.height() - 1) / 2.0;
        double limit = fraction * frame.width();
        Detection best = null;
        for (Detection d : r.detections()) {
            double dist = Math.hypot(d.xPx() - cx, d.yPx() - cy);
            if (dist <= limit && Double.isFinite(d.xUm())) {
                limit = dist;
                best = d;
            }
        }
        return best;
    }

    private void notifyVisit(Visit v, VisitAcquisition acquired) throws SurveyException {
        try {
            listener.onVisitAcquired(v, acquired);
        } catch (Exception e) {
            throw new SurveyException("Recording the visit to target " + v.target().id() + " failed: "
                    + e.getMessage(), e);
        }
    }
}
