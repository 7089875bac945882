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
     * A survey's events: the plan's ({@link #ofPlan}) at {@code zUm} and, once the survey is done ({@code result} not
     * null), at its focus map's Z if it made one, followed by the events of its visits ({@link #ofVisits}).
     */
    public static List<Map<String, Object>> ofSurvey(SurveyPlan plan, String objectiveGroup, String surveyObjective,
            double zUm, SurveyResult result, VisitSettings visit) {
        FocusMap map = result == null ? null : result.focusMap().orElse(null);
        List<Map<String, Object>> events = new ArrayList<>(ofPlan(plan, objectiveGroup, surveyObjective, zUm, map));
        if (result != null) {
            events.addAll(ofVisits(result.visits(), visit, objectiveGroup, zUm, map));
        }
        return events;
    }

    /**
     * The events of the visits that acquired (centred or uncorrected; a refused or over-budget visit has none), in
     * visit order and, within a visit, in acquisition order (time point, then channel, then frame): one event per
     * frame of {@code settings.acquisition()} in each of {@code settings.channels()} (or the acquisition's own
     * channel when none are set) at each of {@code settings.timePoints()}, at the stage position where the visit
     * acquired, with the visit objective ({@code config_group}), the channel if one is named ({@code channel}: group
     * {@code Channel}) and axes {@code target} (the target's id), {@code channel} (the preset, with visit channels),
     * {@code z} (plane index, z-stacks) and {@code time} (time point with a time-lapse; for bursts the frame index
     * across time points). Time points after the first carry {@code min_start_time} (s after the visit's first).
     * Z is the visit's focal plane, {@code zUm} or the {@code focusMap}'s Z at the visit, plus the visit
     * objective's parfocal offset, plus each plane's offset.
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
        List<String> channels = settings.channels().isEmpty() ? List.of(a.channel()) : settings.channels();
        boolean channelAxis = !settings.channels().isEmpty();
        boolean lapse = settings.timePoints() > 1;
        List<Map<String, Object>> events = new ArrayList<>();
        for (Visit v : visits) {
            if (!v.outcome().acquired()) {
                continue;
            }
            double focus = (focusMap == null ? zUm : focusMap.zAt(v.stageXUm(), v.stageYUm()))
                    + settings.parfocalOffsetUm();
            for (int t = 0; t < settings.timePoints(); t++) {
                for (String channel : channels) {
                    for (int k = 0; k < a.frames(); k++) {
                        Map<String, Object> axes = new LinkedHashMap<>();
                        axes.put("target", v.target().id());
                        if (channelAxis) {
                            axes.put("channel", channel);
                        }
                        if (stack) {
                            axes.put("z", k);
                            if (lapse) {
                                axes.put("time", t);
                            }
                        } else {
                            axes.put("time", t * a.frames() + k);
                        }
                        events.add(event(axes, v, stack ? focus + a.zStartOffsetUm() + k * a.zStepUm() : focus,
                                objectiveGroup, settings.visitObjective(), channel, a.exposureMs(),
                                t * settings.intervalMs() / 1000));
                    }
                }
            }
        }
        return events;
    }

    private static Map<String, Object> event(Map<String, Object> axes, Visit v, double zUm, String objectiveGroup,
            String objective, String channel, double exposureMs, double startS) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("axes", axes);
        e.put("x", v.stageXUm());
        e.put("y", v.stageYUm());
        e.put("z", zUm);
        e.put("config_group", List.of(objectiveGroup, objective));
        if (!channel.isEmpty()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("group", MicroscopeControl.CHANNEL_GROUP);
            c.put("config", channel);
            e.put("channel", c);
        }
        if (!Double.isNaN(exposureMs)) {
            e.put("exposure", exposureMs);
        }
        if (startS > 0) {
            e.put("min_start_time", startS);
        }
        return e;
    }
}
