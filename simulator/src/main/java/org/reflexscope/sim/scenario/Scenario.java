package org.reflexscope.sim.scenario;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Everything a simulated run needs, with its seed: camera, optics, stage, drift, specimen, bleaching, faults and
 * clock. Immutable; every field has a default, so a scenario file lists only what it changes.
 *
 * <p>Made with {@link #builtIn(String)} (see {@link #builtInNames()}), {@link #load(Path)} (YAML, or JSON when the
 * file ends in {@code .json}), {@link #fromYaml(String)} or {@link #defaults()}; adjusted with {@link #with(String,
 * Object)}; printed as an editable file with {@link #toYaml()}. Units: µm, ms (drift rates per minute, times of
 * events in seconds as named).
 *
 * <p><b>Errors.</b> Every factory throws {@link ScenarioException} naming the field (dotted path) and the allowed
 * keys, values or range: unknown keys are rejected with the list of valid keys of that section.
 *
 * <pre>{@code
 * Scenario s = Scenario.builtIn("drifting-focus-beads").with("seed", 7).with("drift.focusRateUmPerMin", 1.0);
 * try (VirtualMicroscope scope = VirtualMicroscope.of(s)) { ... }
 * }</pre>
 */
@JsonPropertyOrder({"name", "description", "seed", "durationS", "clock", "camera", "optics", "stage", "drift",
        "specimen", "bleaching", "faults"})
public final class Scenario {
    /** Names of the built-in scenarios, in the order they are documented. */
    private static final List<String> BUILT_IN = List.of("drifting-focus-beads", "moving-cell", "rare-divisions",
            "frequent-divisions", "mixed");

    private static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)));
    private static final ObjectMapper JSON = configure(new ObjectMapper());

    private final String name;
    private final String description;
    private final long seed;
    private final double durationS;
    private final ClockMode clock;
    private final CameraSettings camera;
    private final OpticsSettings optics;
    private final StageSettings stage;
    private final DriftSettings drift;
    private final SpecimenSettings specimen;
    private final BleachingSettings bleaching;
    private final FaultSettings faults;

    private Scenario() {
        name = "custom";
        description = "";
        seed = 1L;
        durationS = 30.0;
        clock = ClockMode.VIRTUAL;
        camera = new CameraSettings();
        optics = new OpticsSettings();
        stage = new StageSettings();
        drift = new DriftSettings();
        specimen = new SpecimenSettings();
        bleaching = new BleachingSettings();
        faults = new FaultSettings();
    }

    private static ObjectMapper configure(ObjectMapper m) {
        m.setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE);
        m.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        m.setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        m.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        m.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        m.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        m.setSerializationInclusion(JsonInclude.Include.ALWAYS);
        return m;
    }

    /** A scenario with every default: 256² camera, 10X objective, a few beads, 2 µm/min focal drift. */
    public static Scenario defaults() {
        return new Scenario().validated();
    }

    /** The names {@link #builtIn(String)} accepts. */
    public static List<String> builtInNames() {
        return BUILT_IN;
    }

    /**
     * A built-in scenario: {@code drifting-focus-beads}, {@code moving-cell}, {@code rare-divisions},
     * {@code frequent-divisions} or {@code mixed}.
     *
     * @throws ScenarioException if {@code name} is not one of them (the message lists them)
     */
    public static Scenario builtIn(String name) {
        Objects.requireNonNull(name, "name");
        if (!BUILT_IN.contains(name)) {
            throw new ScenarioException("Unknown built-in scenario '" + name + "'. Available: " + BUILT_IN
                    + " (or load a scenario file with Scenario.load(path)).");
        }
        String resource = name + ".yaml";
        try (InputStream in = Scenario.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Built-in scenario resource " + resource
                        + " is missing from the simulator jar: the build is broken");
            }
            return parse(YAML, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                    "built-in scenario '" + name + "'");
        } catch (IOException e) {
            throw new ScenarioException("Cannot read built-in scenario '" + name + "': " + e.getMessage(), e);
        }
    }

    /**
     * Loads a scenario file: JSON if the name ends in {@code .json}, YAML otherwise.
     *
     * @throws ScenarioException if the file is missing, unreadable, malformed or invalid (the message names the
     *     file, the field and the allowed values)
     */
    public static Scenario load(Path path) {
        Objects.requireNonNull(path, "path");
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new ScenarioException("Scenario file " + path.toAbsolutePath() + " does not exist. Use a built-in "
                    + "scenario " + BUILT_IN + " or write one with Scenario.builtIn(name).toYaml().", e);
        } catch (IOException e) {
            throw new ScenarioException("Cannot read scenario file " + path.toAbsolutePath() + ": " + e, e);
        }
        boolean json = path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        return parse(json ? JSON : YAML, text, "scenario file " + path);
    }

    /** Parses a scenario from YAML text (JSON is valid YAML). @throws ScenarioException as {@link #load} */
    public static Scenario fromYaml(String yaml) {
        return parse(YAML, Objects.requireNonNull(yaml, "yaml"), "scenario text");
    }

    private static Scenario parse(ObjectMapper mapper, String text, String where) {
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ScenarioException("The " + where + " is not well-formed " + (mapper == JSON ? "JSON" : "YAML")
                    + ": " + e.getOriginalMessage() + location(e), e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            tree = mapper.createObjectNode();
        }
        if (!tree.isObject()) {
            throw new ScenarioException("The " + where + " must be a mapping of keys (name, seed, camera, ...), got "
                    + tree.getNodeType());
        }
        return fromTree(mapper, tree, where);
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    private static Scenario fromTree(ObjectMapper mapper, JsonNode tree, String where) {
        try {
            return mapper.treeToValue(tree, Scenario.class).validated();
        } catch (UnrecognizedPropertyException e) {
            List<String> valid = e.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.toList());
            throw new ScenarioException("Unknown key '" + path(e) + "' in the " + where + ". Valid keys here: "
                    + valid, e);
        } catch (InvalidFormatException e) {
            String allowed = e.getTargetType() != null && e.getTargetType().isEnum()
                    ? " Allowed values: " + Arrays.toString(e.getTargetType().getEnumConstants()) + "."
                    : " Expected " + (e.getTargetType() == null ? "another value" : describe(e.getTargetType())) + ".";
            throw new ScenarioException("Invalid value '" + e.getValue() + "' for '" + path(e) + "' in the " + where
                    + "." + allowed, e);
        } catch (MismatchedInputException e) {
            throw new ScenarioException("Wrong kind of value for '" + path(e) + "' in the " + where + ": expected "
                    + (e.getTargetType() == null ? "another type" : describe(e.getTargetType())) + ".", e);
        } catch (JsonMappingException e) {
            throw new ScenarioException("Invalid '" + path(e) + "' in the " + where + ": " + e.getOriginalMessage(), e);
        } catch (ScenarioException e) {
            throw new ScenarioException("Invalid " + where + ": " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ScenarioException("Cannot read the " + where + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type.getName().startsWith("org.reflexscope")) {
            return "a mapping of keys";
        }
        return "a " + type.getSimpleName();
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "(top level)" : sb.toString();
    }

    /**
     * This scenario with one field replaced, e.g. {@code with("camera.width", 128)} or {@code with("seed", 7)};
     * lists and sections may be given as {@link List}/{@link java.util.Map}.
     *
     * @throws ScenarioException if the path does not exist (the message lists the valid keys) or the value is out
     *     of range
     */
    public Scenario with(String dottedPath, Object value) {
        Objects.requireNonNull(dottedPath, "dottedPath");
        ObjectNode root = JSON.valueToTree(this);
        String[] parts = dottedPath.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || !child.isObject()) {
                throw new ScenarioException("No section '" + String.join(".", Arrays.copyOf(parts, i + 1))
                        + "' in a scenario. Valid keys here: " + fieldNames(node));
            }
            node = (ObjectNode) child;
        }
        String last = parts[parts.length - 1];
        if (!node.has(last)) {
            throw new ScenarioException("Unknown key '" + dottedPath + "'. Valid keys here: " + fieldNames(node));
        }
        node.set(last, JSON.valueToTree(value));
        return fromTree(JSON, root, "scenario (after setting " + dottedPath + ")");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        Collections.sort(names);
        return names;
    }

    /** This scenario as a complete, editable YAML file (every parameter and the seed). */
    public String toYaml() {
        try {
            return YAML.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A validated scenario must always serialise", e);
        }
    }

    /** This scenario as JSON (one object, every parameter). */
    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A validated scenario must always serialise", e);
        }
    }

    private Scenario validated() {
        Check.notBlank("name", name);
        Check.notNull("description", description);
        Check.range("durationS", durationS, 0.001, 1e7);
        Check.notNull("clock", clock);
        Check.notNull("camera", camera).validate();
        Check.notNull("optics", optics).validate();
        Check.notNull("stage", stage).validate();
        Check.notNull("drift", drift).validate();
        Check.notNull("specimen", specimen).validate();
        Check.notNull("bleaching", bleaching).validate();
        Check.notNull("faults", faults).validate();
        return this;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** Seed of every random process (specimen, drift wander, noise): same seed, same frames. */
    public long seed() {
        return seed;
    }

    /** Suggested run length in simulated seconds (the CLI's default). */
    public double durationS() {
        return durationS;
    }

    public ClockMode clock() {
        return clock;
    }

    public CameraSettings camera() {
        return camera;
    }

    public OpticsSettings optics() {
        return optics;
    }

    public StageSettings stage() {
        return stage;
    }

    public DriftSettings drift() {
        return drift;
    }

    public SpecimenSettings specimen() {
        return specimen;
    }

    public BleachingSettings bleaching() {
        return bleaching;
    }

    public FaultSettings faults() {
        return faults;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scenario && toJson().equals(((Scenario) o).toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return "Scenario{" + name + ", seed=" + seed + ", camera=" + camera.width() + "x" + camera.height() + ", "
                + optics.objective() + '}';
    }
}
