package org.reflexscope.mm.panel;

import java.util.List;
import org.reflexscope.policy.hardware.MicroscopeControl;

/** Which objective preset the panel's trigger switches to, from the settings and the microscope. Stateless. */
final class TriggerObjective {
    private TriggerObjective() {
    }

    /**
     * The objective preset the trigger switches to: {@link RunSettings#hiResPreset()} when set, else as
     * {@code reflex acquire} chooses the highest magnification ({@code highestMagnification}, the preset with the
     * smallest pixel size) when it is one of {@code objectives} other than {@code currentObjective}, else the last
     * of {@code objectives} other than {@code currentObjective}.
     *
     * @throws IllegalArgumentException if the preset set is not one of {@code objectives}, or there is no other
     *     objective to switch to
     */
    static String choose(RunSettings s, List<String> objectives, String currentObjective,
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
}
