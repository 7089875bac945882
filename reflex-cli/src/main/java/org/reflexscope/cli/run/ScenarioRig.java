package org.reflexscope.cli.run;

import org.reflexscope.policy.recipe.RigFacts;
import org.reflexscope.policy.session.RunLimit;
import org.reflexscope.sim.scenario.ObjectiveSettings;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.scenario.StageSettings;

/**
 * What a scenario tells of the virtual microscope that plays it, for the values a run recipe leaves unset: the
 * stage's start and travel, the field of view and frame interval at the live objective, the objectives and the
 * finest one a trigger switches to, whether the sample has a target and divisions, and the scenario's length.
 */
public final class ScenarioRig {
    private ScenarioRig() {
    }

    /** The facts of {@code scenario}. */
    public static RigFacts of(Scenario scenario) {
        return builder(scenario).build();
    }

    /** The facts of {@code scenario}, for a caller to add what only the built microscope knows. */
    public static RigFacts.Builder builder(Scenario scenario) {
        StageSettings st = scenario.stage();
        return RigFacts.builder(st.startXUm(), st.startYUm(), st.startZUm(), fovUm(scenario),
                frameIntervalMs(scenario)).zTravelUm(new double[] {st.zMinUm(), st.zMaxUm()})
                .xyTravelUm(st.xMinUm(), st.yMinUm(), st.xMaxUm(), st.yMaxUm())
                .objectives(scenario.optics().names()).hiResObjective(hiResObjective(scenario))
                .sample(scenario.specimen().cells().count() > 0 && scenario.specimen().cells().firstIsTarget(),
                        scenario.specimen().divisions().count() > 0)
                .defaultLimit(RunLimit.duration(scenario.durationS()));
    }

    /** The camera's frame interval, ms: at least its exposure. */
    public static double frameIntervalMs(Scenario scenario) {
        return Math.max(scenario.camera().frameIntervalMs(), scenario.camera().exposureMs());
    }

    /** The field of view's width at the live objective, µm. */
    public static double fovUm(Scenario scenario) {
        return scenario.camera().width() * pixelUm(scenario);
    }

    /** µm per camera pixel at the live objective, with the camera's binning. */
    public static double pixelUm(Scenario scenario) {
        String live = scenario.optics().objective();
        for (ObjectiveSettings o : scenario.optics().objectives()) {
            if (o.name().equals(live)) {
                return o.pixelSizeUm() * scenario.camera().binning();
            }
        }
        throw new IllegalArgumentException("Scenario " + scenario.name() + " has no objective " + live);
    }

    /** The high-magnification objective a trigger switches to: the finest-pixel one other than the live one. */
    public static String hiResObjective(Scenario scenario) {
        String live = scenario.optics().objective();
        String best = "";
        double bestPx = Double.POSITIVE_INFINITY;
        double livePx = Double.POSITIVE_INFINITY;
        for (ObjectiveSettings o : scenario.optics().objectives()) {
            if (o.name().equals(live)) {
                livePx = o.pixelSizeUm();
            }
        }
        for (ObjectiveSettings o : scenario.optics().objectives()) {
            if (!o.name().equals(live) && o.pixelSizeUm() < bestPx && o.pixelSizeUm() < livePx) {
                best = o.name();
                bestPx = o.pixelSizeUm();
            }
        }
        return best;
    }
}
