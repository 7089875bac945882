package org.reflexscope.policy.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.plan.Acquire;
import org.reflexscope.policy.plan.ActionVisitor;
import org.reflexscope.policy.plan.HardwareAction;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.plan.SetExposure;
import org.reflexscope.policy.plan.SetFrameInterval;
import org.reflexscope.policy.plan.SetPreset;

/**
 * JSON form of actions and plans in the decision log: {@code {"type":"MoveZ","zUm":101.5}}; a plan is
 * {@code {"name":"refocus","steps":[...]}}. {@code NaN} is written as {@code null}. Stateless; any thread.
 */
public final class ActionJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ActionJson() {
    }

    /** The JSON of one plan. */
    public static ObjectNode toJson(HardwarePlan plan) {
        ObjectNode n = F.objectNode();
        n.put("name", plan.name());
        ArrayNode steps = n.putArray("steps");
        plan.steps().forEach(s -> steps.add(toJson(s)));
        return n;
    }

    /** The JSON of one action. */
    public static ObjectNode toJson(HardwareAction a) {
        return a.accept(new ActionVisitor<ObjectNode, RuntimeException>() {
            @Override
            public ObjectNode moveZ(MoveZ z) {
                return typed("MoveZ").put("zUm", z.zUm());
            }

            @Override
            public ObjectNode moveXY(MoveXY xy) {
                return typed("MoveXY").put("xUm", xy.xUm()).put("yUm", xy.yUm());
            }

            @Override
            public ObjectNode setPreset(SetPreset p) {
                return typed("SetPreset").put("group", p.group()).put("preset", p.preset());
            }

            @Override
            public ObjectNode setExposure(SetExposure e) {
                return typed("SetExposure").put("exposureMs", e.exposureMs());
            }

            @Override
            public ObjectNode setFrameInterval(SetFrameInterval f) {
                return typed("SetFrameInterval").put("intervalMs", f.intervalMs());
            }

            @Override
            public ObjectNode acquire(Acquire acquire) {
                AcquisitionRequest r = acquire.request();
                ObjectNode n = typed("Acquire");
                n.put("kind", r.kind().name());
                n.put("frames", r.frames());
                n.put("zStartOffsetUm", r.zStartOffsetUm());
                n.put("zEndOffsetUm", r.zEndOffsetUm());
                n.put("zStepUm", r.zStepUm());
                n.put("channel", r.channel());
                putNumber(n, "exposureMs", r.exposureMs());
                n.put("name", r.name());
                return n;
            }
        });
    }

    private static ObjectNode typed(String type) {
        ObjectNode n = F.objectNode();
        n.put("type", type);
        return n;
    }

    /** Reads a plan written by {@link #toJson(HardwarePlan)}. */
    public static HardwarePlan planFromJson(JsonNode n) {
        List<HardwareAction> steps = new ArrayList<>();
        for (JsonNode s : n.path("steps")) {
            steps.add(actionFromJson(s));
        }
        return HardwarePlan.of(n.path("name").asText(), steps);
    }

    /** Reads an action written by {@link #toJson(HardwareAction)}. */
    public static HardwareAction actionFromJson(JsonNode n) {
        String type = n.path("type").asText();
        switch (type) {
            case "MoveZ":
                return MoveZ.to(n.path("zUm").asDouble());
            case "MoveXY":
                return MoveXY.to(n.path("xUm").asDouble(), n.path("yUm").asDouble());
            case "SetPreset":
                return SetPreset.of(n.path("group").asText(), n.path("preset").asText());
            case "SetExposure":
                return SetExposure.ms(n.path("exposureMs").asDouble());
            case "SetFrameInterval":
                return SetFrameInterval.ms(n.path("intervalMs").asDouble());
            case "Acquire": {
                AcquisitionRequest r = "Z_STACK".equals(n.path("kind").asText())
                        ? AcquisitionRequest.zStack(n.path("zStartOffsetUm").asDouble(),
                                n.path("zEndOffsetUm").asDouble(), n.path("zStepUm").asDouble())
                        : AcquisitionRequest.burst(n.path("frames").asInt());
                r = r.withChannel(n.path("channel").asText("")).withExposureMs(number(n, "exposureMs"))
                        .withName(n.path("name").asText(r.name()));
                return Acquire.of(r);
            }
            default:
                throw new IllegalArgumentException("Unknown action type '" + type + "' in decision log; known: "
                        + "MoveZ, MoveXY, SetPreset, SetExposure, SetFrameInterval, Acquire");
        }
    }

    static void putNumber(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    static double number(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }
}
