package org.reflexscope.policy.recipe;

import java.time.Duration;
import java.util.List;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.session.PolicyClock;
import org.reflexscope.policy.session.RunLimit;
import org.reflexscope.policy.session.SmartAcquisition;

/**
 * A {@link RunRecipe} resolved for one microscope ({@link RigFacts}): its safety envelope, its policies, its limit
 * and clock, and the {@link SmartAcquisition} they make ({@link #session}) — the one place a recipe becomes a run,
 * for every front-end. Immutable.
 *
 * <p>What the recipe leaves unset: Z limits are the start Z ± {@value RunRecipe#DEFAULT_Z_HALF_RANGE_UM} µm and the
 * XY box the start ± {@value RunRecipe#DEFAULT_XY_HALF_BOX_UM} µm, both cut to the stage's travel where the rig
 * knows it; the longest XY step is 1.5 fields of view (at least 10 µm), so any point in view can be centred; the
 * allowed objectives are all of the rig's; the run length is the rig's default. A virtual pacing (the default for
 * simulated and replayed sources) runs in lockstep on the camera's clock; real-time pacing and Micro-Manager
 * sources run on the wall clock.
 */
public final class PreparedRun {
    /** The watchdog of a lockstep run on the camera's clock, where a frame may take long to analyse. */
    static final Duration VIRTUAL_WATCHDOG = Duration.ofSeconds(30);
    /** The watchdog of a run on the wall clock: older analysis than this stops motion. */
    static final Duration WALL_WATCHDOG = Duration.ofSeconds(1);

    private final RunRecipe recipe;
    private final SafetyEnvelope envelope;
    private final PolicySet policies;
    private final RunLimit limit;
    private final boolean virtualClock;

    private PreparedRun(RunRecipe recipe, SafetyEnvelope envelope, PolicySet policies, RunLimit limit,
            boolean virtualClock) {
        this.recipe = recipe;
        this.envelope = envelope;
        this.policies = policies;
        this.limit = limit;
        this.virtualClock = virtualClock;
    }

    /**
     * Resolves {@code recipe} for {@code rig}.
     *
     * @throws RecipeException for a policy or parameter that does not parse or does not fit the rig, or an
     *     envelope that does not hold together (the message names the value)
     */
    public static PreparedRun of(RunRecipe recipe, RigFacts rig) throws RecipeException {
        SafetyEnvelope envelope = envelope(recipe, rig);
        PolicySet policies = PolicySet.build(recipe, rig.policyDefaults());
        policies.checkObjectives(rig.objectives(), envelope.allowedPresets().getOrDefault(
                MicroscopeControl.OBJECTIVE_GROUP, java.util.Set.of()));
        RunLimit limit = recipe.frames() != null ? RunLimit.frames(recipe.frames())
                : recipe.durationS() != null ? RunLimit.duration(recipe.durationS()) : rig.defaultLimit();
        boolean virtual = recipe.source().kind() != RunSource.Kind.MICRO_MANAGER
                && recipe.pacing() != RunRecipe.Pacing.REALTIME;
        return new PreparedRun(recipe, envelope, policies, limit, virtual);
    }

    private static SafetyEnvelope envelope(RunRecipe r, RigFacts rig) throws RecipeException {
        double[] z = r.zLimitsUm();
        if (z == null) {
            z = new double[] {rig.zUm() - RunRecipe.DEFAULT_Z_HALF_RANGE_UM,
                rig.zUm() + RunRecipe.DEFAULT_Z_HALF_RANGE_UM};
            double[] travel = rig.zTravelUm();
            if (travel != null) {
                z[0] = Math.max(z[0], travel[0]);
                z[1] = Math.min(z[1], travel[1]);
            }
        }
        double[] box = r.xyBoxUm();
        if (box == null) {
            double h = RunRecipe.DEFAULT_XY_HALF_BOX_UM;
            box = new double[] {rig.xUm() - h, rig.yUm() - h, rig.xUm() + h, rig.yUm() + h};
            double[] travel = rig.xyTravelUm();
            if (travel != null) {
                box[0] = Math.max(box[0], travel[0]);
                box[1] = Math.max(box[1], travel[1]);
                box[2] = Math.min(box[2], travel[2]);
                box[3] = Math.min(box[3], travel[3]);
            }
        }
        double maxXy = r.maxXyStepUm() != null ? r.maxXyStepUm() : Math.max(10, Math.ceil(1.5 * rig.fovUm()));
        List<String> allowed = r.allowedObjectives() != null ? r.allowedObjectives() : rig.objectives();
        try {
            SafetyEnvelope.Builder b = SafetyEnvelope.builder().optZLimitsUm(z[0], z[1])
                    .optMaxZStepUm(r.maxZStepUm()).optXYBoundsUm(box[0], box[1], box[2], box[3])
                    .optMaxXYStepUm(maxXy)
                    .optMinMoveInterval(Duration.ofNanos(Math.round(r.minMoveIntervalMs() * 1e6)));
            if (!allowed.isEmpty()) {
                b.optAllowedPresets(MicroscopeControl.OBJECTIVE_GROUP, allowed.toArray(new String[0]));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw RecipeException.input("Safety envelope: " + e.getMessage(), e);
        }
    }

    /**
     * The session this run is, on {@code source} and {@code microscope}: envelope, policies, dry run, ring, consumer
     * wait, warm-up, limit and clock set; the caller adds the analyzer, recorders, listeners and decision log.
     */
    public SmartAcquisition.Builder session(FrameSource source, MicroscopeControl microscope) {
        SmartAcquisition.Builder b = SmartAcquisition.builder(source, microscope, envelope)
                .optDryRun(recipe.dryRun()).optRingSize(recipe.ringSlots())
                .optConsumerWait(recipe.consumerWait()).optWarmUpFrames(recipe.warmUpFrames()).optLimit(limit)
                .optLockstep(virtualClock).optPolicyClock(virtualClock ? PolicyClock.CAMERA : PolicyClock.WALL)
                .optWatchdog(virtualClock ? VIRTUAL_WATCHDOG : WALL_WATCHDOG);
        policies.policies().forEach(b::addPolicy);
        return b;
    }

    public RunRecipe recipe() {
        return recipe;
    }

    public SafetyEnvelope envelope() {
        return envelope;
    }

    public PolicySet policies() {
        return policies;
    }

    public RunLimit limit() {
        return limit;
    }

    /** Whether the run is paced on the camera's (simulated) clock, in lockstep. */
    public boolean virtualClock() {
        return virtualClock;
    }
}
