package org.reflexscope.cli.closedloop;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.reflexscope.cli.run.ScenarioRig;
import org.reflexscope.cli.run.SimulatedCells;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.detect.EventScorer;
import org.reflexscope.core.events.DivisionTrendEventScorer;
import org.reflexscope.core.inference.Device;
import org.reflexscope.policy.recipe.AnalysisBinning;
import org.reflexscope.policy.recipe.PreparedRun;
import org.reflexscope.policy.recipe.RunRecipe;
import org.reflexscope.policy.recipe.RunSource;
import org.reflexscope.policy.session.SessionStatus;
import org.reflexscope.policy.session.SmartAcquisition;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.optics.Objective;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.score.RunTrace;
import org.reflexscope.sim.score.Score;
import org.reflexscope.sim.score.Scorer;
import org.reflexscope.sim.truth.GroundTruth;
import org.reflexscope.sim.truth.TrueEvent;

/**
 * Test support: one closed-loop run of real parts (virtual microscope, default analysis chain on CPU, policy engine
 * via {@link SmartAcquisition}, set up from a {@link RunRecipe} as every run is) on the virtual clock, in lockstep,
 * scored against ground truth. The division
 * scorer is {@code reflex run}'s ({@link SimulatedCells#divisionScorer}).
 */
final class ClosedLoop {
    final RunTrace trace;
    final Score score;
    final SessionStatus status;
    final Objective objective;
    final double fovUm;
    final double lightDoseMs;
    /** The run's ground truth (true objects at any time), for diagnostics. */
    final GroundTruth truth;

    private ClosedLoop(RunTrace trace, Score score, SessionStatus status, Objective objective, double fovUm,
            double lightDoseMs, GroundTruth truth) {
        this.truth = truth;
        this.trace = trace;
        this.score = score;
        this.status = status;
        this.objective = objective;
        this.fovUm = fovUm;
        this.lightDoseMs = lightDoseMs;
    }

    /**
     * The recipe of the closed loops: {@code policies} with the run recipe's defaults, but analysed unbinned on
     * the CPU without warm-up, as these loops were measured (docs/closed-loop.md).
     */
    static RunRecipe.Builder recipe(String... policies) {
        return RunRecipe.builder().policies(List.of(policies)).binning(1).device("cpu").warmUpFrames(0);
    }

    /**
     * The division scorer of the closed loops: {@code reflex run}'s ({@link SimulatedCells#divisionScorer}). The
     * sweep's harness can change it: {@code -Dsweep.edge=F} or {@code off} (the image-edge margin), {@code
     * -Dsweep.light=MIN,MAX} or {@code off} (one cell's light), {@code -Dsweep.lightSplits=false}.
     */
    static DivisionTrendEventScorer scorer(Scenario s) {
        DivisionTrendEventScorer.Builder b = SimulatedCells.divisionScorer(s);
        String edge = System.getProperty("sweep.edge");
        if (edge != null) {
            b.optImageEdge(s.camera().width(), s.camera().height(), "off".equals(edge) ? 0 : Double.parseDouble(edge));
        }
        String light = System.getProperty("sweep.light");
        if ("off".equals(light)) {
            b.optLight(0, Double.POSITIVE_INFINITY);
        } else if (light != null) {
            String[] r = light.split(",");
            b.optLight(Double.parseDouble(r[0]), r.length > 1 ? Double.parseDouble(r[1]) : Double.POSITIVE_INFINITY);
        }
        if (System.getProperty("sweep.lightSplits") != null) {
            b.optLightSplits(Boolean.getBoolean("sweep.lightSplits"));
        }
        return b.build();
    }

    /** Runs {@code recipe} (its source, limit and pacing aside) on {@code s} for {@code seconds} of camera time. */
    static ClosedLoop run(Scenario s, RunRecipe.Builder recipe, double seconds) throws Exception {
        RunRecipe r = recipe.source(RunSource.simulated(s.name(), s.seed())).durationS(seconds).pacing(null).build();
        PreparedRun prepared = PreparedRun.of(r, ScenarioRig.of(s));
        VirtualMicroscope microscope = VirtualMicroscope.of(s);
        EventScorer scorer = scorer(s);
        String traced = System.getProperty("sweep.trace");
        for (TrueEvent e : microscope.groundTruth().events()) {
            if (e.id().equals(traced) || "all".equals(traced)) {
                scorer = new TracingScorer(scorer, e);
            }
        }
        try (VirtualMicroscope scope = microscope;
                AnalysisChain chain = AnalysisChain.builder().optDevice(Device.parse(r.device()))
                        .optBinning(AnalysisBinning.forSample(r.binning(), ScenarioRig.pixelUm(s), r.objectSizeUm(),
                                s.specimen().cells().count() > 0 ? s.specimen().cells().radiusUm() : Double.NaN))
                        .optCameraNoise(s.camera().gainAduPerE(), s.camera().offsetAdu(), s.camera().readNoiseE())
                        .optEventScorer(scorer).build()) {
            Objective objective = scope.objectives().get(s.optics().objective());
            double fov = s.camera().width() * objective.pixelSizeUm() * s.camera().binning();
            SmartAcquisition.Builder b = prepared.session(scope, scope).setAnalyzer(chain);
            SessionStatus status;
            try (SmartAcquisition run = b.build()) {
                if (!run.analyzerReadsInPlace()) {
                    throw new AssertionError("The closed loop's analyzer would get a copy of each frame: the run"
                            + " must keep the AnalysisChain's in-place read of the ring slot");
                }
                run.start();
                if (!run.awaitEnd(10, TimeUnit.MINUTES)) {
                    throw new AssertionError("The closed loop did not end within 10 minutes: " + run.status());
                }
                status = run.status();
            }
            RunTrace trace = scope.trace();
            Score score = Scorer.builder().optDepthOfFieldUm(objective.depthOfFieldUm()).build().score(trace);
            return new ClosedLoop(trace, score, status, objective, fov, scope.lightDoseMs(), scope.groundTruth());
        }
    }
}
