package org.reflexscope.policy.recipe;

import java.util.List;
import java.util.Objects;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.session.RunLimit;

/**
 * What a front-end knows about the microscope and sample when a run starts, from which {@link PreparedRun} derives
 * the values a {@link RunRecipe} leaves unset: the start position, the stages' travel where known, the field of
 * view, the objectives, the camera's frame interval, the objective a trigger switches to, the live objective's depth of field, whether the sample has a
 * target and events ({@code auto} policies), and the run length when the recipe gives none. Immutable.
 */
public final class RigFacts {
    private final double xUm;
    private final double yUm;
    private final double zUm;
    private final double fovUm;
    private final double frameIntervalMs;
    private final double[] zTravelUm;
    private final double[] xyTravelUm;
    private final List<String> objectives;
    private final String hiResObjective;
    private final boolean hasTarget;
    private final boolean hasEvents;
    private final double depthOfFieldUm;
    private final RunLimit defaultLimit;

    private RigFacts(Builder b) {
        xUm = b.xUm;
        yUm = b.yUm;
        zUm = b.zUm;
        fovUm = b.fovUm;
        frameIntervalMs = b.frameIntervalMs;
        zTravelUm = b.zTravelUm;
        xyTravelUm = b.xyTravelUm;
        objectives = b.objectives;
        hiResObjective = b.hiResObjective;
        hasTarget = b.hasTarget;
        hasEvents = b.hasEvents;
        depthOfFieldUm = b.depthOfFieldUm;
        defaultLimit = b.defaultLimit;
    }

    /**
     * @param xUm start X, µm
     * @param yUm start Y, µm
     * @param zUm start Z, µm
     * @param fovUm the field of view's width at the live objective, µm
     * @param frameIntervalMs the camera's frame interval, ms
     */
    public static Builder builder(double xUm, double yUm, double zUm, double fovUm, double frameIntervalMs) {
        return new Builder(xUm, yUm, zUm, fovUm, frameIntervalMs);
    }

    /**
     * Facts read from a real microscope's {@code state} at the start: its position, the field of view at the live
     * objective (the image width times the pixel size, 1 µm per pixel when uncalibrated), the frame interval (the
     * camera's, else its exposure, at least 1 ms), its {@code objectives} and the {@code hiResObjective} a
     * trigger switches to; the rest as the builder leaves it.
     */
    public static Builder forMicroscope(MicroscopeState state, List<String> objectives, String hiResObjective) {
        double fovUm = state.imageWidth() * (state.pixelSizeUm() > 0 ? state.pixelSizeUm() : 1.0);
        double interval = state.frameIntervalMs() > 0 ? state.frameIntervalMs() : Math.max(1, state.exposureMs());
        return builder(state.xUm(), state.yUm(), state.zUm(), fovUm, interval).objectives(objectives)
                .hiResObjective(hiResObjective);
    }

    double xUm() {
        return xUm;
    }

    double yUm() {
        return yUm;
    }

    double zUm() {
        return zUm;
    }

    double fovUm() {
        return fovUm;
    }

    /** Z travel {@code [min, max]}, or null when the drive does not say. */
    double[] zTravelUm() {
        return zTravelUm;
    }

    /** XY travel {@code [xMin, yMin, xMax, yMax]}, or null when the stage does not say. */
    double[] xyTravelUm() {
        return xyTravelUm;
    }

    List<String> objectives() {
        return objectives;
    }

    RunLimit defaultLimit() {
        return defaultLimit;
    }

    PolicySet.Defaults policyDefaults() {
        return new PolicySet.Defaults(frameIntervalMs, hiResObjective, depthOfFieldUm)
                .withSample(hasTarget, hasEvents);
    }

    /** Builder of {@link RigFacts}; the position, field and frame interval are required, the rest optional. */
    public static final class Builder {
        private final double xUm;
        private final double yUm;
        private final double zUm;
        private final double fovUm;
        private final double frameIntervalMs;
        private double[] zTravelUm;
        private double[] xyTravelUm;
        private List<String> objectives = List.of();
        private String hiResObjective = "";
        private boolean hasTarget;
        private boolean hasEvents;
        private double depthOfFieldUm = Double.NaN;
        private RunLimit defaultLimit = RunLimit.none();

        private Builder(double xUm, double yUm, double zUm, double fovUm, double frameIntervalMs) {
            this.xUm = xUm;
            this.yUm = yUm;
            this.zUm = zUm;
            this.fovUm = fovUm;
            this.frameIntervalMs = frameIntervalMs;
        }

        /** The focus drive's travel, µm; unset (or null) when it does not say. */
        public Builder zTravelUm(double[] v) {
            zTravelUm = v == null ? null : v.clone();
            return this;
        }

        /** The XY stage's travel {@code [xMin, yMin, xMax, yMax]}, µm. */
        public Builder xyTravelUm(double xMin, double yMin, double xMax, double yMax) {
            xyTravelUm = new double[] {xMin, yMin, xMax, yMax};
            return this;
        }

        /** The objective presets (of {@code MicroscopeControl.OBJECTIVE_GROUP}); none by default. */
        public Builder objectives(List<String> v) {
            objectives = List.copyOf(v);
            return this;
        }

        /** The objective the trigger switches to unless the recipe names one; {@code ""} (default): none. */
        public Builder hiResObjective(String v) {
            hiResObjective = Objects.requireNonNull(v, "hiResObjective");
            return this;
        }

        /** Whether the sample has a target to track and events to capture (what {@code auto} enables). */
        public Builder sample(boolean target, boolean events) {
            hasTarget = target;
            hasEvents = events;
            return this;
        }

        /**
         * The live objective's total depth of field, µm, from which refocus steps the recipe leaves unset are
         * derived; unset ({@code NaN}, default) when the optics are unknown.
         */
        public Builder depthOfFieldUm(double v) {
            depthOfFieldUm = v;
            return this;
        }

        /** The run's length when the recipe gives none (default: until stopped). */
        public Builder defaultLimit(RunLimit v) {
            defaultLimit = Objects.requireNonNull(v, "defaultLimit");
            return this;
        }

        public RigFacts build() {
            return new RigFacts(this);
        }
    }
}
