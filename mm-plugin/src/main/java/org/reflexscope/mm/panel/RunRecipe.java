package org.reflexscope.mm.panel;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.reflexscope.policy.engine.AcquisitionPolicy;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.rate.AdaptiveRatePolicy;
import org.reflexscope.policy.refocus.RefocusPolicy;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.track.TrackPolicy;
import org.reflexscope.policy.trigger.HighResTriggerPolicy;
import org.reflexscope.policy.trigger.TriggerCriterion;

/**
 * What the panel's {@link RunSettings} mean for a run, the same recipe as {@code reflex acquire}: the safety
 * envelope, the policies with their parameters, and the {@code settings.properties} file that makes a run folder
 * reproducible. Stateless; any thread.
 */
final class RunRecipe {
    /** Half the side of the XY box around the start position, µm ({@code reflex acquire}'s default). */
    static final double XY_BOX_HALF_UM = 2000;
    /** Least time between two triggered acquisitions, s ({@code reflex acquire}'s {@code hires.cooldownS}). */
    static final int TRIGGER_COOLDOWN_S = 2;
    /** Most triggered acquisitions per run ({@code reflex acquire}'s {@code hires.budget}). */
    static final int TRIGGER_BUDGET = 20;

    private RunRecipe() {
    }

    /**
     * The envelope, as {@code reflex acquire} builds it: step and interval bounds, the XY stage kept within
     * {@value #XY_BOX_HALF_UM} µm of where it is at the start ({@code state}), Z soft limits when both are set,
     * and the objective presets the trigger may switch between ({@code objectives}: every preset of the objective
     * group). An unset maximum XY step is 1.5 fields of view at the current objective, at least 10 µm.
     */
    static SafetyEnvelope envelope(RunSettings s, List<String> objectives, MicroscopeState state) {
        double maxXy = s.maxXyStepUm();
        if (Double.isNaN(maxXy)) {
            double fovUm = state.imageWidth() * (state.pixelSizeUm() > 0 ? state.pixelSizeUm() : 1.0);
            maxXy = Math.max(10, Math.ceil(1.5 * fovUm));
        }
        SafetyEnvelope.Builder b = SafetyEnvelope.builder().optMaxZStepUm(s.maxZStepUm())
                .optMaxXYStepUm(maxXy)
                .optXYBoundsUm(state.xUm() - XY_BOX_HALF_UM, state.yUm() - XY_BOX_HALF_UM,
                        state.xUm() + XY_BOX_HALF_UM, state.yUm() + XY_BOX_HALF_UM)
                .optMinMoveInterval(Duration.ofMillis(Math.round(s.minMoveIntervalMs())));
        if (Double.isFinite(s.zMinUm()) && Double.isFinite(s.zMaxUm())) {
            b.optZLimitsUm(s.zMinUm(), s.zMaxUm());
        }
        if (!objectives.isEmpty()) {
            b.optAllowedPresets(MicroscopeControl.OBJECTIVE_GROUP, objectives.toArray(new String[0]));
        }
        return b.build();
    }

    /**
     * The policies the settings enable, with the parameters {@code reflex acquire} uses by default. The trigger
     * switches to {@link RunSettings#hiResPreset()}, or (when that is empty) as {@code reflex acquire} does to the
     * highest magnification ({@code highestMagnification}, the preset with the smallest pixel size) when it is one
     * of {@code objectives} other than {@code currentObjective}, else to the last of {@code objectives} other than
     * {@code currentObjective}; it fires on detections labelled
     * {@link RunSettings#triggerLabel()} (the analysis chain's division scorer labels them "dividing") for
     * {@link RunSettings#triggerMinDetections()} consecutive analysed frames, at most every
     * {@value #TRIGGER_COOLDOWN_S} s and {@value #TRIGGER_BUDGET} times a run, centring the target first.
     *
     * @throws IllegalArgumentException if the trigger is on and there is no other objective to switch to, or the
     *     preset set is not one of {@code objectives}
     */
    static List<AcquisitionPolicy> policies(RunSettings s, List<String> objectives, String currentObjective,
            String highestMagnification) {
        List<AcquisitionPolicy> out = new ArrayList<>();
        if (s.refocus()) {
            out.add(RefocusPolicy.builder().optStepUm(s.refocusMaxStepUm()).build());
        }
        if (s.track()) {
            out.add(TrackPolicy.builder().optMaxStepUm(s.trackMaxStepUm()).build());
        }
        if (s.trigger()) {
            String hiRes = hiResPreset(s, objectives, currentObjective, highestMagnification);
            TriggerCriterion c = TriggerCriterion.any().withLabel(s.triggerLabel()).withMinScore(0)
                    .withMinElongation(1.0);
            out.add(HighResTriggerPolicy.builder(hiRes, AcquisitionRequest.burst(s.triggerBurstFrames()))
                    .optCriterion(c).optConsecutiveFrames(s.triggerMinDetections())
                    .optCooldown(Duration.ofSeconds(TRIGGER_COOLDOWN_S)).optBudget(TRIGGER_BUDGET).optCentre(true)
                    .build());
        }
        if (s.adaptiveRate()) {
            out.add(AdaptiveRatePolicy.builder(s.maxIntervalMs(), s.minIntervalMs(), 0.3, 0.5).build());
        }
        return out;
    }

    /** The objective preset the trigger switches to (see {@link #policies}). */
    static String hiResPreset(RunSettings s, List<String> objectives, String currentObjective,
            String highestMagnification) {
        if (!s.hiResPreset().isEmpty()) {
            if (!objectives.contains(s.hiResPreset())) {
                throw new IllegalArgumentException("The high-resolution preset \"" + s.hiResPreset()
                        + "\" is not a preset of the " + MicroscopeControl.OBJECTIVE_GROUP + " group " + objectives
                        + ": choose one of them, or leave the field empty.");
            }
            return s.hiResPreset();
        }
        if (objectives.contains(highestMagnification) && !highestMagnification.equals(currentObjective)) {
            return highestMagnification;
        }
        String best = "";
        for (String o : objectives) {
            if (!o.equals(currentObjective)) {
                best = o;
            }
        }
        if (best.isEmpty()) {
            throw new IllegalArgumentException("The trigger needs a second objective preset in the "
                    + MicroscopeControl.OBJECTIVE_GROUP + " group and the microscope has " + objectives
                    + ": turn the trigger off.");
        }
        return best;
    }

    /** Writes {@code settings} as Java properties (the keys the panel persists) to {@code file}. */
    static void saveSettings(RunSettings settings, Path file) throws IOException {
        PropertiesSettingsStore store = new PropertiesSettingsStore();
        settings.saveTo(store);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.properties().store(out, "Reflex run settings");
        }
    }
}
