package org.reflexscope.policy.survey.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reflexscope.policy.survey.SelectionRule;
import org.reflexscope.policy.survey.SelectionRule.Criterion;

/**
 * A {@link SurveyRecipe} as the JSON tree of {@code survey-recipe.json} and back (a YAML file read into a tree reads
 * the same): one object per part ({@code source}, {@code survey}, {@code selection}, {@code budget}, {@code visit},
 * {@code model}, {@code envelope}); an absent or {@code null} entry is the default. Reading is strict: an entry
 * the format does not know, or a value of the wrong type or range, throws {@link IllegalArgumentException} with one line naming the
 * entry's path, what it must be, and the entries it may be, so that a typo is not silently ignored.
 */
public final class SurveyRecipeJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, List<String>> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("", List.of("source", "survey", "selection", "budget", "visit", "model", "envelope"));
        FIELDS.put("source", List.of("kind", "seed", "rareFraction", "tiltUmPerMm", "home", "config", "objectiveGroup",
                "cameraProperties"));
        FIELDS.put("survey", List.of("region", "polygon", "plate", "wells", "positions", "overlap", "objective",
                "focusMap", "autofocus", "focusScan", "autofocusDevice"));
        FIELDS.put("survey.plate", List.of("rows", "columns", "pitchUm", "diameterUm", "a1XUm", "a1YUm"));
        FIELDS.put("survey.focusMap", List.of("rangeUm", "stepUm"));
        FIELDS.put("survey.focusScan", List.of("rangeUm", "stepUm"));
        List<String> sel = new ArrayList<>(List.of("label"));
        for (Criterion c : Criterion.values()) {
            sel.add(c.jsonName());
            FIELDS.put("selection." + c.jsonName(), List.of("min", "max"));
        }
        FIELDS.put("selection", sel);
        FIELDS.put("budget", List.of("count", "timeS", "lightMs"));
        FIELDS.put("visit", List.of("objective", "offsetUm", "parfocalUm", "recentre", "zStack", "channels", "frames",
                "intervalMs", "order", "batch"));
        FIELDS.put("visit.zStack", List.of("fromUm", "toUm", "stepUm"));
        FIELDS.put("model", List.of("path", "output", "axes", "tile", "threshold", "label", "device"));
        FIELDS.put("envelope", List.of("xyBoxUm", "zLimitsUm"));
    }

    private SurveyRecipeJson() {
    }

    /** {@code r} as a JSON tree; entries left at their default are omitted. */
    public static ObjectNode tree(SurveyRecipe r) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode src = root.putObject("source");
        src.put("kind", r.kind().jsonName());
        if (r.seed() != null) {
            src.put("seed", r.seed());
        }
        number(src, "rareFraction", r.rareFraction());
        numbers(src, "tiltUmPerMm", r.tiltUmPerMm());
        text(src, "home", r.home());
        text(src, "config", r.config());
        text(src, "objectiveGroup", r.objectiveGroup());
        if (r.cameraProperties() != null) {
            ObjectNode cp = src.putObject("cameraProperties");
            r.cameraProperties().forEach(cp::put);
        }
        ObjectNode sv = root.putObject("survey");
        numbers(sv, "region", r.region());
        numbers(sv, "polygon", r.polygon());
        if (r.plate() != null) {
            ObjectNode p = sv.putObject("plate");
            double[] v = r.plate();
            p.put("rows", (int) v[0]);
            p.put("columns", (int) v[1]);
            p.put("pitchUm", v[2]);
            p.put("diameterUm", v[3]);
            p.put("a1XUm", v[4]);
            p.put("a1YUm", v[5]);
            ArrayNode w = sv.putArray("wells");
            r.wells().forEach(w::add);
        }
        text(sv, "positions", r.positions());
        number(sv, "overlap", r.overlap());
        text(sv, "objective", r.surveyObjective());
        if (r.focusMap() != null) {
            ObjectNode f = sv.putObject("focusMap");
            f.put("rangeUm", r.focusMap()[0]);
            f.put("stepUm", r.focusMap()[1]);
        }
        text(sv, "autofocus", r.autofocus());
        if (r.focusScan() != null) {
            ObjectNode f = sv.putObject("focusScan");
            f.put("rangeUm", r.focusScan()[0]);
            f.put("stepUm", r.focusScan()[1]);
        }
        text(sv, "autofocusDevice", r.autofocusDevice());
        if (r.selection() != null) {
            ObjectNode sel = root.putObject("selection");
            SelectionRule rule = r.selection();
            if (!rule.label().isEmpty()) {
                sel.put("label", rule.label());
            }
            for (Criterion c : Criterion.values()) {
                if (rule.isSet(c)) {
                    ObjectNode range = sel.putObject(c.jsonName());
                    if (rule.min(c) > Double.NEGATIVE_INFINITY) {
                        range.put("min", rule.min(c));
                    }
                    if (rule.max(c) < Double.POSITIVE_INFINITY) {
                        range.put("max", rule.max(c));
                    }
                }
            }
        }
        ObjectNode bu = root.putObject("budget");
        if (r.count() != null) {
            bu.put("count", r.count());
        }
        number(bu, "timeS", r.timeS());
        number(bu, "lightMs", r.lightMs());
        ObjectNode vi = root.putObject("visit");
        text(vi, "objective", r.visitObjective());
        numbers(vi, "offsetUm", r.visitOffsetUm());
        number(vi, "parfocalUm", r.parfocalUm());
        if (r.recentre() != null) {
            vi.put("recentre", r.recentre());
        }
        if (r.zStackUm() != null) {
            ObjectNode z = vi.putObject("zStack");
            z.put("fromUm", r.zStackUm()[0]);
            z.put("toUm", r.zStackUm()[1]);
            z.put("stepUm", r.zStackUm()[2]);
        }
        if (r.visitChannels() != null) {
            ArrayNode ch = vi.putArray("channels");
            r.visitChannels().forEach(ch::add);
        }
        if (r.visitFrames() != null) {
            vi.put("frames", r.visitFrames());
        }
        number(vi, "intervalMs", r.visitIntervalMs());
        text(vi, "order", r.order());
        if (r.batch() != null) {
            vi.put("batch", r.batch());
        }
        if (r.model() != null || r.modelDevice() != null) {
            ObjectNode mo = root.putObject("model");
            text(mo, "path", r.model());
            text(mo, "output", r.modelOutput());
            text(mo, "axes", r.modelAxes());
            if (r.modelTile() != null) {
                mo.put("tile", r.modelTile());
            }
            number(mo, "threshold", r.modelThreshold());
            text(mo, "label", r.modelLabel());
            text(mo, "device", r.modelDevice());
        }
        ObjectNode en = root.putObject("envelope");
        numbers(en, "xyBoxUm", r.xyBoxUm());
        numbers(en, "zLimitsUm", r.zLimitsUm());
        return root;
    }

    /**
     * The recipe {@code root} describes.
     *
     * @throws IllegalArgumentException one line naming the entry that is unknown, malformed or out of range
     */
    public static SurveyRecipe recipe(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a survey recipe must be an object with the entries "
                    + FIELDS.get(""));
        }
        checkKnown(root, "");
        SurveyRecipe.Builder b = SurveyRecipe.builder();
        JsonNode src = part(root, "source");
        String kind = text(src, "source", "kind");
        if (kind == null || SurveyRecipe.SourceKind.fromJsonName(kind) == SurveyRecipe.SourceKind.SIMULATED) {
            for (String mmOnly : List.of("home", "config", "objectiveGroup", "cameraProperties")) {
                if (present(src, mmOnly)) {
                    throw new IllegalArgumentException("source." + mmOnly + " applies to a real microscope; set "
                            + "source.kind to \"micro-manager\" or remove it");
                }
            }
            JsonNode seed = src.get("seed");
            if (present(src, "seed") && !seed.canConvertToLong()) {
                throw new IllegalArgumentException("source.seed must be a whole number, got " + seed);
            }
            b.simulated(present(src, "seed") ? seed.asLong() : null, number(src, "source", "rareFraction"),
                    numbers(src, "source", "tiltUmPerMm"));
        } else {
            for (String simOnly : List.of("seed", "rareFraction", "tiltUmPerMm")) {
                if (present(src, simOnly)) {
                    throw new IllegalArgumentException("source." + simOnly + " applies to the simulator; remove it "
                            + "for source.kind \"micro-manager\"");
                }
            }
            b.microManager(text(src, "source", "home"), text(src, "source", "config"),
                    text(src, "source", "objectiveGroup"));
            b.cameraProperties(cameraProperties(src));
        }
        JsonNode sv = part(root, "survey");
        b.region(numbers(sv, "survey", "region")).polygon(numbers(sv, "survey", "polygon"));
        JsonNode plate = part(sv, "survey.plate");
        List<String> wells = null;
        if (present(sv, "wells")) {
            JsonNode w = sv.get("wells");
            if (!w.isArray() || w.isEmpty()) {
                throw new IllegalArgumentException("survey.wells must be a list of well names such as [\"A1\", "
                        + "\"B3\"], got " + w);
            }
            wells = new ArrayList<>();
            for (JsonNode n : w) {
                wells.add(n.asText());
            }
        }
        double[] plateValues = null;
        if (present(sv, "plate")) {
            plateValues = new double[6];
            List<String> keys = FIELDS.get("survey.plate");
            for (int i = 0; i < keys.size(); i++) {
                Double v = number(plate, "survey.plate", keys.get(i));
                if (v == null) {
                    throw new IllegalArgumentException("survey.plate." + keys.get(i) + " is missing; a plate needs "
                            + keys);
                }
                plateValues[i] = v;
            }
        }
        b.plate(plateValues, wells).positions(text(sv, "survey", "positions"))
                .overlap(number(sv, "survey", "overlap")).surveyObjective(text(sv, "survey", "objective"));
        if (present(sv, "focusMap")) {
            JsonNode f = part(sv, "survey.focusMap");
            b.focusMap(new double[] {required(f, "survey.focusMap", "rangeUm"),
                required(f, "survey.focusMap", "stepUm")});
        }
        b.autofocus(text(sv, "survey", "autofocus")).autofocusDevice(text(sv, "survey", "autofocusDevice"));
        if (present(sv, "focusScan")) {
            JsonNode f = part(sv, "survey.focusScan");
            b.focusScan(new double[] {required(f, "survey.focusScan", "rangeUm"),
                required(f, "survey.focusScan", "stepUm")});
        }
        if (present(root, "selection")) {
            b.selection(selection(part(root, "selection")));
        }
        JsonNode bu = part(root, "budget");
        Double count = number(bu, "budget", "count");
        if (count != null && (count != Math.rint(count) || count > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("budget.count must be a whole number of targets, got " + count);
        }
        b.count(count == null ? null : count.intValue()).timeS(number(bu, "budget", "timeS"))
                .lightMs(number(bu, "budget", "lightMs"));
        JsonNode vi = part(root, "visit");
        b.visitObjective(text(vi, "visit", "objective")).visitOffsetUm(numbers(vi, "visit", "offsetUm"))
                .parfocalUm(number(vi, "visit", "parfocalUm"));
        if (present(vi, "recentre")) {
            if (!vi.get("recentre").isBoolean()) {
                throw new IllegalArgumentException("visit.recentre must be true or false, got " + vi.get("recentre"));
            }
            b.recentre(vi.get("recentre").asBoolean());
        }
        if (present(vi, "zStack")) {
            JsonNode z = part(vi, "visit.zStack");
            b.zStackUm(new double[] {required(z, "visit.zStack", "fromUm"), required(z, "visit.zStack", "toUm"),
                required(z, "visit.zStack", "stepUm")});
        }
        b.visitChannels(texts(vi, "visit", "channels")).visitFrames(whole(vi, "visit", "frames"))
                .visitIntervalMs(number(vi, "visit", "intervalMs")).order(text(vi, "visit", "order"))
                .batch(whole(vi, "visit", "batch"));
        JsonNode mo = part(root, "model");
        String path = text(mo, "model", "path");
        String output = text(mo, "model", "output");
        String axes = text(mo, "model", "axes");
        Integer tile = whole(mo, "model", "tile");
        Double threshold = number(mo, "model", "threshold");
        String label = text(mo, "model", "label");
        if (path == null && (output != null || axes != null || tile != null || threshold != null || label != null)) {
            throw new IllegalArgumentException("model.path is missing; the model's output, axes, tile, threshold and "
                    + "label describe the ONNX file it names");
        }
        b.model(path, output, axes, tile, threshold, label).modelDevice(text(mo, "model", "device"));
        JsonNode en = part(root, "envelope");
        b.xyBoxUm(numbers(en, "envelope", "xyBoxUm")).zLimitsUm(numbers(en, "envelope", "zLimitsUm"));
        return b.build();
    }

    private static SelectionRule selection(JsonNode sel) {
        SelectionRule rule = SelectionRule.any();
        String label = text(sel, "selection", "label");
        if (label != null) {
            rule = rule.withLabel(label);
        }
        for (Criterion c : Criterion.values()) {
            String path = "selection." + c.jsonName();
            if (!present(sel, c.jsonName())) {
                continue;
            }
            JsonNode range = part(sel, path);
            Double min = number(range, path, "min");
            Double max = number(range, path, "max");
            if (min == null && max == null) {
                throw new IllegalArgumentException(path + " must give min, max or both, e.g. {\"min\": 650}");
            }
            double lo = min == null ? Double.NEGATIVE_INFINITY : min;
            double hi = max == null ? Double.POSITIVE_INFINITY : max;
            if (lo > hi) {
                throw new IllegalArgumentException(path + " must have min <= max, got min " + lo + ", max " + hi);
            }
            rule = rule.with(c, lo, hi);
        }
        return rule;
    }

    /** {@code parent.name} as an object (an empty one if absent), its entries checked against the format. */
    /** {@code source.cameraProperties}: an object whose values are text or numbers, kept in order. */
    private static Map<String, String> cameraProperties(JsonNode src) {
        JsonNode n = src.get("cameraProperties");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException("source.cameraProperties must be an object of property names and "
                    + "values, e.g. {\"Mode\": \"Fluorescent Beads\"}, got " + n);
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new IllegalArgumentException("source.cameraProperties." + e.getKey() + " must be text or a "
                        + "number, got " + e.getValue());
            }
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }

    private static JsonNode part(JsonNode parent, String path) {
        String name = path.substring(path.lastIndexOf('.') + 1);
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return JSON.createObjectNode();
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException(path + " must be an object with the entries " + FIELDS.get(path)
                    + ", got " + n);
        }
        checkKnown(n, path);
        return n;
    }

    private static void checkKnown(JsonNode n, String path) {
        List<String> known = FIELDS.get(path);
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new IllegalArgumentException((path.isEmpty() ? "" : path + ".") + f + " is not an entry of a "
                        + "survey recipe; " + (path.isEmpty() ? "the recipe's" : path + "'s") + " entries are "
                        + known);
            }
        }
    }

    private static boolean present(JsonNode n, String name) {
        return n.hasNonNull(name);
    }

    private static Double number(JsonNode n, String path, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException(path + "." + name + " must be a number, got " + v);
        }
        return v.asDouble();
    }

    private static double required(JsonNode n, String path, String name) {
        Double v = number(n, path, name);
        if (v == null) {
            throw new IllegalArgumentException(path + "." + name + " is missing; " + path + " needs "
                    + FIELDS.get(path));
        }
        return v;
    }

    private static Integer whole(JsonNode n, String path, String name) {
        Double v = number(n, path, name);
        if (v != null && (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException(path + "." + name + " must be a whole number, got " + v);
        }
        return v == null ? null : v.intValue();
    }

    private static List<String> texts(JsonNode n, String path, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException(path + "." + name + " must be a list of names such as [\"DAPI\", "
                    + "\"FITC\"], got " + v);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new IllegalArgumentException(path + "." + name + " must be a list of names such as [\"DAPI\", "
                        + "\"FITC\"], got " + v);
            }
            out.add(e.asText());
        }
        return out;
    }

    private static String text(JsonNode n, String path, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(path + "." + name + " must be text, got " + v);
        }
        return v.asText();
    }

    private static double[] numbers(JsonNode n, String path, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException(path + "." + name + " must be a list of numbers, got " + v);
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isNumber()) {
                throw new IllegalArgumentException(path + "." + name + " must be a list of numbers, got " + v);
            }
            out[i] = v.get(i).asDouble();
        }
        return out;
    }

    private static void number(ObjectNode n, String key, Double v) {
        if (v != null) {
            n.put(key, v.doubleValue());
        }
    }

    private static void text(ObjectNode n, String key, String v) {
        if (v != null) {
            n.put(key, v);
        }
    }

    private static void numbers(ObjectNode n, String key, double[] v) {
        if (v != null) {
            ArrayNode a = n.putArray(key);
            Arrays.stream(v).forEach(a::add);
        }
    }
}
