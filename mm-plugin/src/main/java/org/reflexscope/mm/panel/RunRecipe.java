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
import org.reflexscope.policy.hardware.HardwareException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.rate.AdaptiveRatePolicy;
import org.reflexscope.policy.refocus.RefocusPolicy;
import org.reflexscope.policy.safety.SafetyEnvelope;
import org.reflexscope.policy.track.TrackPolicy;
import org.reflexscope.policy.trigger.HighResTriggerPolicy;
import org.reflexscope.policy.trigger.TriggerCriterion;

/**
 * What the panel's {@link RunSettings} mean for a run: the safety envelope, the policies, and the
 * {@code settings.properties} file that makes a run folder reproducible. Stateless; any thread.
 */
final class RunRecipe {
    private RunRecipe() {
    }

    /** The envelope: step and interval bounds always, Z soft limits when both are set. */
    static SafetyEnvelope envelope(RunSettings s) {
        SafetyEnvelope.Builder b = SafetyEnvelope.builder().optMaxZStepUm(s.maxZStepUm())
                .optMaxXYStepUm(s.maxXyStepUm())
                .optMinMoveInterval(Duration.ofMillis(Math.round(s.minMoveIntervalMs())));
        if (Double.isFinite(s.zMinUm()) && Double.isFinite(s.zMaxUm())) {
            b.optZLimitsUm(s.zMinUm(), s.zMaxUm());
        }
        return b.build();
    }

    /**
     * The policies the settings enable; the trigger switches to the last (highest) objective preset of {@code scope}.
     *
     * @throws HardwareException if the objective presets cannot be read
     */
    static List<AcquisitionPolicy> policies(RunSettings s, MicroscopeControl scope) throws HardwareException {
        List<AcquisitionPolicy> out = new ArrayList<>();
        if (s.refocus()) {
            out.add(RefocusPolicy.builder().optStepUm(s.refocusMaxStepUm()).build());
        }
        if (s.track()) {
            out.add(TrackPolicy.builder().optMaxStepUm(s.trackMaxStepUm()).build());
        }
        if (s.trigger()) {
            List<String> objectives = scope.presets(MicroscopeControl.OBJECTIVE_GROUP);
            String hiRes = objectives.isEmpty() ? "" : objectives.get(objectives.size() - 1);
            out.add(HighResTriggerPolicy.builder(hiRes, AcquisitionRequest.burst(s.triggerBurstFrames()))
                    .optCriterion(TriggerCriterion.any()).optConsecutiveFrames(s.triggerMinDetections()).build());
        }
        if (s.adaptiveRate()) {
            out.add(AdaptiveRatePolicy.builder(s.maxIntervalMs(), s.minIntervalMs(), 0.3, 0.6).build());
        }
        return out;
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
