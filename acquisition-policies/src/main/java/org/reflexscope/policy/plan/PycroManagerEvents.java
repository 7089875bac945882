package org.reflexscope.policy.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;

/**
 * Exports acquisition plans as pycro-manager acquisition events (the JSON accepted by
 * {@code Acquisition.acquire(...)} and AcqEngJ's {@code AcquisitionEvent.fromJSON}): keys {@code axes},
 * {@code config_group}, {@code exposure}, {@code x}, {@code y}, {@code z}, {@code min_start_time} (seconds).
 *
 * <p>Mapping: stage moves become hardware-only events (no {@code axes}, so they take no image); each frame of an
 * acquisition becomes one event with {@code axes} ({@code {"burst": i}} or {@code {"z": i}} with the absolute
 * {@code z}), the request's exposure (or the last {@link SetExposure}) and one config group. Pycro-manager events
 * carry a single {@code config_group}: it is the request's channel when it names one, otherwise the last preset
 * applied before the acquisition; every preset in force is also listed under {@code tags} for provenance. Preset
 * changes alone emit no event (in pycro-manager a config group makes an image). A rate change is exported with
 * {@link #timelapse}. Stateless; any thread.
 */
public final class PycroManagerEvents {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private PycroManagerEvents() {
    }

    /**
     * The events of {@code plan} executed from {@code start}; the first event gets {@code min_start_time =
     * startSeconds} when it is finite.
     */
    public static ArrayNode fromPlan(HardwarePlan plan, MicroscopeState start, double startSeconds) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(start, "start");
        ArrayNode events = F.arrayNode();
        double z = start.zUm();
        double exposure = Double.NaN;
        Map<String, String> presets = new LinkedHashMap<>(start.presets());
        String[] lastPreset = null;
        for (HardwareAction step : plan.steps()) {
            switch (step.kind()) {
                case MOVE_Z:
                    z = ((MoveZ) step).zUm();
                    events.addObject().put("z", z);
                    break;
                case MOVE_XY:
                    events.addObject().put("x", ((MoveXY) step).xUm()).put("y", ((MoveXY) step).yUm());
                    break;
                case SET_PRESET:
                    presets.put(((SetPreset) step).group(), ((SetPreset) step).preset());
                    lastPreset = new String[] {((SetPreset) step).group(), ((SetPreset) step).preset()};
                    break;
                case SET_EXPOSURE:
                    exposure = ((SetExposure) step).exposureMs();
                    break;
                case ACQUIRE:
                    addAcquisition(events, ((Acquire) step).request(), z, exposure, presets, lastPreset);
                    break;
                default:
                    break;
            }
        }
        if (events.size() > 0 && Double.isFinite(startSeconds)) {
            ((ObjectNode) events.get(0)).put("min_start_time", startSeconds);
        }
        return events;
    }

    private static void addAcquisition(ArrayNode events, AcquisitionRequest r, double z, double exposure,
            Map<String, String> presets, String[] lastPreset) {
        double exp = Double.isFinite(r.exposureMs()) ? r.exposureMs() : exposure;
        String[] group = !r.channel().isEmpty() ? new String[] {MicroscopeControl.CHANNEL_GROUP, r.channel()}
                : lastPreset;
        for (int i = 0; i < r.frames(); i++) {
            ObjectNode e = events.addObject();
            ObjectNode axes = e.putObject("axes");
            if (r.kind() == AcquisitionRequest.Kind.Z_STACK) {
                axes.put("z", i);
                e.put("z", z + r.zStartOffsetUm() + i * r.zStepUm());
            } else {
                axes.put("burst", i);
            }
            if (group != null) {
                e.putArray("config_group").add(group[0]).add(group[1]);
            }
            if (Double.isFinite(exp)) {
                e.put("exposure", exp);
            }
            ObjectNode tags = e.putObject("tags");
            presets.forEach(tags::put);
            tags.put("request", r.name());
        }
        if (r.kind() == AcquisitionRequest.Kind.Z_STACK) {
            events.addObject().put("z", z);
        }
    }

    /**
     * A rate change as a timelapse: {@code frames} events {@code {"axes": {"time": i}, "min_start_time": start +
     * i·interval}} (seconds).
     */
    public static ArrayNode timelapse(double intervalMs, int frames, double startSeconds) {
        if (!(intervalMs >= 0) || frames < 1 || !Double.isFinite(startSeconds)) {
            throw new IllegalArgumentException("A timelapse needs interval >= 0 ms, frames >= 1 and a finite start, "
                    + "got interval=" + intervalMs + " frames=" + frames + " start=" + startSeconds);
        }
        ArrayNode events = F.arrayNode();
        for (int i = 0; i < frames; i++) {
            ObjectNode e = events.addObject();
            e.putObject("axes").put("time", i);
            e.put("min_start_time", startSeconds + i * intervalMs / 1000.0);
        }
        return events;
    }
}
