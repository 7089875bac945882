package org.reflexscope.policy.survey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.MicroscopeControl;

/**
 * A survey plan as pycro-manager acquisition events, the dicts {@code Acquisition.acquire} takes (and AcqEngJ's
 * {@code AcquisitionEvent.eventFromJSON} reads): one event per tile, in plan order, with {@code axes}
 * ({@code position}, and {@code row} and {@code column} for grid tiles, as the tiles are recorded),
 * {@code x}, {@code y} (µm, the core XY stage), {@code z} (µm, the core focus drive) and {@code config_group}
 * ({@code [group, preset]}, the survey objective). {@link #ofVisits} adds the visits that acquired, one event
 * per frame of each visit's acquisition. Serialise the list as JSON to hand it to pycro-manager.
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

    /**
     * The events of the visits that acquired (centred or uncorrected; a refused or over-budget visit has none), in
     * visit order: for each, one event per frame of {@code settings.acquisition()} at the stage position where the
     * visit acquired, with the visit objective ({@code config_group}), the acquisition's channel if it names one
     * ({@code channel}: group {@code Channel}), and axes {@code target} (the target's id) and {@code z} (plane
     * index, z-stacks) or {@code time} (frame index, bursts). Z is the visit's focal plane, {@code zUm} or the
     * {@code focusMap}'s Z at the visit, plus the visit objective's parfocal offset, plus each plane's offset.
     *
     * @param objectiveGroup the configuration group of the objectives
     * @param focusMap the focus map to take Z from, or null for {@code zUm} everywhere
     */
    public static List<Map<String, Object>> ofVisits(List<Visit> visits, VisitSettings settings,
            String objectiveGroup, double zUm, FocusMap focusMap) {
        Objects.requireNonNull(visits, "visits");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(objectiveGroup, "objectiveGroup");
        AcquisitionRequest a = settings.acquisition();
        boolean stack = a.kind() == AcquisitionRequest.Kind.Z_STACK;
        List<Map<String, Object>> events = new ArrayList<>();
        for (Visit v : visits) {
            if (!v.outcome().acquired()) {
                continue;
            }
            double focus = (focusMap == null ? zUm : focusMap.zAt(v.stageXUm(), v.stageYUm()))
                    + settings.parfocalOffsetUm();
            for (int k = 0; k < a.frames(); k++) {
                Map<String, Object> axes = new LinkedHashMap<>();
                axes.put("target", v.target().id());
                axes.put(stack ? "z" : "time", k);
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("axes", axes);
                e.put("x", v.stageXUm());
                e.put("y", v.stageYUm());
                e.put("z", stack ? focus + a.zStartOffsetUm() + k * a.zStepUm() : focus);
                e.put("config_group", List.of(objectiveGroup, settings.visitObjective()));
                if (!a.channel().isEmpty()) {
                    Map<String, Object> channel = new LinkedHashMap<>();
                    channel.put("group", MicroscopeControl.CHANNEL_GROUP);
                    channel.put("config", a.channel());
                    e.put("channel", channel);
                }
                if (!Double.isNaN(a.exposureMs())) {
                    e.put("exposure", a.exposureMs());
                }
                events.add(e);
            }
        }
        return events;
    }
}
