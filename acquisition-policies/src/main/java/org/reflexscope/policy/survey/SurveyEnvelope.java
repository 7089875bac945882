package org.reflexscope.policy.survey;

import java.util.List;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.safety.SafetyEnvelope;

/** The safety envelope a survey runs in, as the command line and the panel make it. */
public final class SurveyEnvelope {
    private SurveyEnvelope() {
    }

    /**
     * An envelope of the XY {@code box} ({@code xMin, yMin, xMax, yMax}, µm), the Z limits {@code z} ({@code min,
     * max}, µm), the {@code objectives} allowed in {@link MicroscopeControl#OBJECTIVE_GROUP} and, unless empty, the
     * {@code channels} allowed in {@link MicroscopeControl#CHANNEL_GROUP}; the longest XY step is the box's
     * diagonal, so any move inside the box is allowed.
     *
     * @throws IllegalArgumentException if the box or limits are empty or not finite (the message says which)
     */
    public static SafetyEnvelope of(double[] box, double[] z, List<String> objectives, List<String> channels) {
        double diagonal = Math.hypot(box[2] - box[0], box[3] - box[1]);
        SafetyEnvelope.Builder b = SafetyEnvelope.builder().optZLimitsUm(z[0], z[1])
                .optXYBoundsUm(box[0], box[1], box[2], box[3]).optMaxXYStepUm(Math.ceil(diagonal))
                .optAllowedPresets(MicroscopeControl.OBJECTIVE_GROUP, objectives.toArray(new String[0]));
        if (!channels.isEmpty()) {
            b.optAllowedPresets(MicroscopeControl.CHANNEL_GROUP, channels.toArray(new String[0]));
        }
        return b.build();
    }
}
