package org.reflexscope.policy.survey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A survey plan as pycro-manager acquisition events, the dicts {@code Acquisition.acquire} takes (and AcqEngJ's
 * {@code AcquisitionEvent.eventFromJSON} reads): one event per tile, in plan order, with {@code axes}
 * ({@code position}, and {@code row} and {@code column} for grid tiles, as the tiles are recorded),
 * {@code x}, {@code y} (µm, the core XY stage), {@code z} (µm, the core focus drive) and {@code config_group}
 * ({@code [group, preset]}, the survey objective). Serialise the list as JSON to hand it to pycro-manager.
 */
public final class PycroManagerEvents {
    private PycroManagerEvents() {
    }

    /**
     * The events of {@code plan}, every tile at {@code zUm} or, with a {@code focusMap}, at the Z it predicts.
     *
     * @param objectiveGroup the configuration group of the objectives, e.g. {@code "Objective"}
     * @param objective the survey objective's preset in that group
     * @param focusMap the focus map to take Z from, or null for {@code zUm} everywhere
     */
    public static List<Map<String, Object>> ofPlan(SurveyPlan plan, String objectiveGroup, String objective,
            double zUm, FocusMap focusMap) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(objectiveGroup, "objectiveGroup");
        Objects.requireNonNull(objective, "objective");
        List<Map<String, Object>> events = new ArrayList<>(plan.tiles().size());
        for (SurveyTile t : plan.tiles()) {
            Map<String, Object> axes = new LinkedHashMap<>();
            axes.put("position", t.index());
            if (t.row() >= 0) {
                axes.put("row", t.row());
                axes.put("column", t.column());
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("axes", axes);
            e.put("x", t.xUm());
            e.put("y", t.yUm());
            e.put("z", focusMap == null ? zUm : focusMap.zAt(t.xUm(), t.yUm()));
            e.put("config_group", List.of(objectiveGroup, objective));
            events.add(e);
        }
        return events;
    }
}
