package org.reflexscope.sim.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Objectives (like Micro-Manager's demo configuration), the initial one, emission wavelength and immersion index. */
public final class OpticsSettings {
    private final List<ObjectiveSettings> objectives;
    private final String objective;
    private final double emissionWavelengthNm;
    private final double immersionIndex;

    OpticsSettings() {
        objectives = new ArrayList<>(List.of(new ObjectiveSettings("10X", 1.0, 0.3, 0.0),
                new ObjectiveSettings("20X", 0.5, 0.5, 1.5), new ObjectiveSettings("40X", 0.25, 0.75, -2.0)));
        objective = "10X";
        emissionWavelengthNm = 520;
        immersionIndex = 1.0;
    }

    void validate() {
        Check.notNull("optics.objectives", objectives);
        if (objectives.isEmpty()) {
            throw new ScenarioException("'optics.objectives' must list at least one objective");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < objectives.size(); i++) {
            Check.notNull("optics.objectives[" + i + "]", objectives.get(i)).validate("optics.objectives[" + i + "]");
            if (!seen.add(objectives.get(i).name())) {
                throw new ScenarioException("'optics.objectives' names '" + objectives.get(i).name() + "' twice");
            }
        }
        Check.range("optics.immersionIndex", immersionIndex, 1.0, 1.6);
        for (ObjectiveSettings o : objectives) {
            if (o.na() >= immersionIndex) {
                throw new ScenarioException("'optics.objectives' " + o.name() + " has NA " + o.na()
                        + ", which must be below optics.immersionIndex " + immersionIndex);
            }
        }
        if (!seen.contains(objective)) {
            throw new ScenarioException("'optics.objective' is '" + objective + "', allowed values are " + names());
        }
        Check.range("optics.emissionWavelengthNm", emissionWavelengthNm, 200, 2000);
    }

    public List<ObjectiveSettings> objectives() {
        return Collections.unmodifiableList(objectives);
    }

    /** Names of the objectives, in order. */
    public List<String> names() {
        return objectives.stream().map(ObjectiveSettings::name).collect(Collectors.toList());
    }

    /** The initial objective's name. */
    public String objective() {
        return objective;
    }

    public double emissionWavelengthNm() {
        return emissionWavelengthNm;
    }

    /** Refractive index of the immersion medium (1.0 air, 1.33 water, 1.515 oil). */
    public double immersionIndex() {
        return immersionIndex;
    }
}
