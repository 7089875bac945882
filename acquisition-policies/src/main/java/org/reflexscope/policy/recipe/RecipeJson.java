package org.reflexscope.policy.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link RunRecipe} as the JSON of {@code recipe.json} and back: one object per part (source, analysis, policies,
 * envelope, recording, limits), unset values as {@code null}; absent entries read back as their defaults.
 */
final class RecipeJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecipeJson() {
    }

    /** {@code r} as a JSON tree. */
    static ObjectNode tree(RunRecipe r) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode src = root.putObject("source");
        src.put("kind", r.source().kind().jsonName());
        src.put("location", r.source().location());
        if (r.source().seed() != null) {
            src.put("seed", r.source().seed());
        }
        if (!r.source().config().isEmpty()) {
            src.put("config", r.source().config());
        }
        if (!r.source().objectiveGroup().isEmpty()) {
            src.put("objectiveGroup", r.source().objectiveGroup());
        }
        ObjectNode an = root.putObject("analysis");
        an.put("model", r.model());
        if (!r.modelOptions().isEmpty()) {
            ObjectNode mo = an.putObject("modelOptions");
            r.modelOptions().forEach(mo::put);
        }
        an.put("device", r.device());
        if (r.binning().isPresent()) {
            an.put("binning", r.binning().getAsInt());
        } else {
            an.put("binning", "auto");
        }
        number(an, "objectSizeUm", Double.isNaN(r.objectSizeUm()) ? null : r.objectSizeUm());
        ObjectNode po = root.putObject("policies");
        ArrayNode en = po.putArray("enabled");
        r.policies().forEach(en::add);
        ObjectNode pa = po.putObject("parameters");
        r.parameters().forEach(pa::put);
        ObjectNode env = root.putObject("envelope");
        numbers(env, "zLimitsUm", r.zLimitsUm());
        env.put("maxZStepUm", r.maxZStepUm());
        numbers(env, "xyBoxUm", r.xyBoxUm());
        number(env, "maxXyStepUm", r.maxXyStepUm());
        env.put("minMoveIntervalMs", r.minMoveIntervalMs());
        if (r.allowedObjectives() == null) {
            env.putNull("allowedObjectives");
        } else {
            ArrayNode ao = env.putArray("allowedObjectives");
            r.allowedObjectives().forEach(ao::add);
        }
        ObjectNode rec = root.putObject("recording");
        rec.put("ringSlots", r.ringSlots());
        rec.put("consumerWait", RunRecipe.consumerWaitName(r.consumerWait()));
        rec.put("warmUpFrames", r.warmUpFrames());
        rec.put("dryRun", r.dryRun());
        ObjectNode lim = root.putObject("limits");
        if (r.frames() == null) {
            lim.putNull("frames");
        } else {
            lim.put("frames", r.frames());
        }
        number(lim, "durationS", r.durationS());
        if (r.pacing() == null) {
            lim.putNull("pacing");
        } else {
            lim.put("pacing", r.pacing().name().toLowerCase(Locale.ROOT));
        }
        return root;
    }

    private static void number(ObjectNode n, String key, Double v) {
        if (v == null) {
            n.putNull(key);
        } else {
            n.put(key, v.doubleValue());
        }
    }

    private static void numbers(ObjectNode n, String key, double[] v) {
        if (v == null) {
            n.putNull(key);
        } else {
            ArrayNode a = n.putArray(key);
            for (double x : v) {
                a.add(x);
            }
        }
    }

    /**
     * The recipe {@code root} describes.
     *
     * @throws IllegalArgumentException naming the entry that is malformed or out of range
     */
    static RunRecipe recipe(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        RunRecipe.Builder b = RunRecipe.builder();
        JsonNode src = root.path("source");
        if (src.isObject()) {
            RunSource.Kind kind = RunSource.Kind.fromJsonName(src.path("kind").asText("simulated"));
            String location = src.path("location").asText("");
            switch (kind) {
                case SIMULATED:
                    b.source(RunSource.simulated(location, src.hasNonNull("seed") ? src.get("seed").asLong()
                            : null));
                    break;
                case REPLAY:
                    b.source(RunSource.replay(location));
                    break;
                default:
                    b.source(RunSource.microManager(location, src.path("config").asText(""),
                            src.path("objectiveGroup").asText("")));
                    break;
            }
        }
        JsonNode an = root.path("analysis");
        b.model(an.path("model").asText(RunRecipe.DEFAULT_MODEL))
                .device(an.path("device").asText(RunRecipe.DEFAULT_DEVICE));
        for (Iterator<Map.Entry<String, JsonNode>> it = an.path("modelOptions").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            b.modelOption(e.getKey(), e.getValue().asText());
        }
        JsonNode bin = an.path("binning");
        b.binning(bin.isNumber() ? Integer.valueOf(bin.asInt()) : null);
        if (bin.isTextual() && !bin.asText().equalsIgnoreCase("auto")) {
            throw new IllegalArgumentException("analysis.binning must be \"auto\" or a number, got " + bin);
        }
        b.objectSizeUm(an.hasNonNull("objectSizeUm") ? an.get("objectSizeUm").asDouble() : Double.NaN);
        JsonNode po = root.path("policies");
        if (po.has("enabled")) {
            List<String> names = new ArrayList<>();
            po.get("enabled").forEach(n -> names.add(n.asText()));
            b.policies(names);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = po.path("parameters").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            b.parameter(e.getKey(), e.getValue().asText());
        }
        JsonNode env = root.path("envelope");
        b.zLimitsUm(doubles(env.get("zLimitsUm")));
        b.maxZStepUm(env.path("maxZStepUm").asDouble(RunRecipe.DEFAULT_MAX_Z_STEP_UM));
        b.xyBoxUm(doubles(env.get("xyBoxUm")));
        b.maxXyStepUm(env.hasNonNull("maxXyStepUm") ? env.get("maxXyStepUm").asDouble() : null);
        b.minMoveIntervalMs(env.path("minMoveIntervalMs").asDouble(RunRecipe.DEFAULT_MIN_MOVE_INTERVAL_MS));
        if (env.hasNonNull("allowedObjectives")) {
            List<String> ao = new ArrayList<>();
            env.get("allowedObjectives").forEach(n -> ao.add(n.asText()));
            b.allowedObjectives(ao);
        }
        JsonNode rec = root.path("recording");
        b.ringSlots(rec.path("ringSlots").asInt(RunRecipe.DEFAULT_RING_SLOTS))
                .consumerWait(RunRecipe.parseConsumerWait(rec.path("consumerWait").asText("blocking")))
                .warmUpFrames(rec.path("warmUpFrames").asInt(RunRecipe.DEFAULT_WARM_UP_FRAMES))
                .dryRun(rec.path("dryRun").asBoolean(false));
        JsonNode lim = root.path("limits");
        b.frames(lim.hasNonNull("frames") ? Long.valueOf(lim.get("frames").asLong()) : null);
        b.durationS(lim.hasNonNull("durationS") ? Double.valueOf(lim.get("durationS").asDouble()) : null);
        b.pacing(lim.hasNonNull("pacing") ? RunRecipe.parsePacing(lim.get("pacing").asText()) : null);
        return b.build();
    }

    private static double[] doubles(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asDouble();
        }
        return out;
    }
}
