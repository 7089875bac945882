package org.reflexscope.policy.recipe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.reflexscope.core.pipeline.ConsumerWait;
import org.reflexscope.core.pipeline.FramePipeline;

/**
 * Everything one run is, and the one place its defaults live: the source, the analysis (model, binning, object
 * size), the policies with the parameters that differ from {@link PolicySet#PARAMETERS}' defaults, the safety
 * envelope, the recording (ring, consumer wait, warm-up, dry run) and the limits (frames or duration, pacing).
 * Every front-end — {@code reflex run}, {@code replay}, {@code acquire}, the Micro-Manager panel, the closed-loop
 * tests and the end-to-end benchmark — builds one, and {@link PreparedRun} turns it into a session. A run folder
 * keeps it as {@code recipe.json} ({@link #write}), which {@link #read} takes back.
 *
 * <p>Values left unset ({@code null} or empty) are derived from the microscope when the run is prepared: Z limits
 * around the start position, the XY box, the longest XY step from the field of view, the run length from the
 * scenario. Immutable; equal when their JSON is equal ({@link RecipeJson}).
 *
 * <p>It is long because a run has some twenty values, each with a field, an accessor and a builder method, and the
 * builder checks them; the JSON form lives in {@link RecipeJson}.
 */
public final class RunRecipe {
    /** Default longest single Z move, µm. */
    public static final double DEFAULT_MAX_Z_STEP_UM = 25;
    /** Unset Z limits are the start Z ± this, µm (cut to the focus drive's travel where known). */
    public static final double DEFAULT_Z_HALF_RANGE_UM = 50;
    /** An unset XY box is the start position ± this, µm (cut to the stage's travel where known). */
    public static final double DEFAULT_XY_HALF_BOX_UM = 2000;
    /** Default least time between two moves, ms. */
    public static final double DEFAULT_MIN_MOVE_INTERVAL_MS = 0;
    /** Default synthetic frames the analysis warms up on before the first real frame. */
    public static final int DEFAULT_WARM_UP_FRAMES = 200;
    /** Default ring slots. */
    public static final int DEFAULT_RING_SLOTS = FramePipeline.DEFAULT_RING_SIZE;
    /** The model name that stands for the embedded default models. */
    public static final String DEFAULT_MODEL = "default";
    /** The default inference device. */
    public static final String DEFAULT_DEVICE = "auto";
    /** The policy selection that lets the source decide ({@link PolicySet#expandAuto}). */
    public static final String AUTO_POLICIES = "auto";
    /** Run length of {@code reflex acquire} when the recipe gives none, s. */
    public static final double DEFAULT_ACQUIRE_DURATION_S = 10;

    /** How frames are paced. */
    public enum Pacing {
        /** As fast as the pipeline takes them, on the camera's (simulated) clock, in lockstep. */
        VIRTUAL,
        /** In wall time. */
        REALTIME
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final RunSource source;
    private final String model;
    private final Map<String, String> modelOptions;
    private final String device;
    private final Integer binning;
    private final double objectSizeUm;
    private final List<String> policies;
    private final Map<String, String> parameters;
    private final double[] zLimitsUm;
    private final double maxZStepUm;
    private final double[] xyBoxUm;
    private final Double maxXyStepUm;
    private final double minMoveIntervalMs;
    private final List<String> allowedObjectives;
    private final int ringSlots;
    private final ConsumerWait consumerWait;
    private final int warmUpFrames;
    private final boolean dryRun;
    private final Long frames;
    private final Double durationS;
    private final Pacing pacing;

    private RunRecipe(Builder b) {
        source = b.source;
        model = b.model;
        modelOptions = Collections.unmodifiableMap(new TreeMap<>(b.modelOptions));
        device = b.device;
        binning = b.binning;
        objectSizeUm = b.objectSizeUm;
        policies = List.copyOf(b.policies);
        parameters = Collections.unmodifiableMap(PolicySet.withoutDefaults(b.parameters));
        zLimitsUm = b.zLimitsUm == null ? null : b.zLimitsUm.clone();
        maxZStepUm = b.maxZStepUm;
        xyBoxUm = b.xyBoxUm == null ? null : b.xyBoxUm.clone();
        maxXyStepUm = b.maxXyStepUm;
        minMoveIntervalMs = b.minMoveIntervalMs;
        allowedObjectives = b.allowedObjectives == null ? null : List.copyOf(b.allowedObjectives);
        ringSlots = b.ringSlots;
        consumerWait = b.consumerWait;
        warmUpFrames = b.warmUpFrames;
        dryRun = b.dryRun;
        frames = b.frames;
        durationS = b.durationS;
        pacing = b.pacing;
    }

    /** The defaults: the built-in scenario {@value RunSource#DEFAULT_SCENARIO}, every default below. */
    public static RunRecipe defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this recipe's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.source = source;
        b.model = model;
        b.modelOptions.putAll(modelOptions);
        b.device = device;
        b.binning = binning;
        b.objectSizeUm = objectSizeUm;
        b.policies = new ArrayList<>(policies);
        b.parameters.putAll(parameters);
        b.zLimitsUm = zLimitsUm;
        b.maxZStepUm = maxZStepUm;
        b.xyBoxUm = xyBoxUm;
        b.maxXyStepUm = maxXyStepUm;
        b.minMoveIntervalMs = minMoveIntervalMs;
        b.allowedObjectives = allowedObjectives;
        b.ringSlots = ringSlots;
        b.consumerWait = consumerWait;
        b.warmUpFrames = warmUpFrames;
        b.dryRun = dryRun;
        b.frames = frames;
        b.durationS = durationS;
        b.pacing = pacing;
        return b;
    }

    public RunSource source() {
        return source;
    }

    /** {@value #DEFAULT_MODEL} (the embedded models), or a model file, folder or BioImage.io package. */
    public String model() {
        return model;
    }

    /** How to read a user model ({@code output}, {@code axes}, {@code tile}, {@code threshold}, {@code label}). */
    public Map<String, String> modelOptions() {
        return modelOptions;
    }

    /** {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}. */
    public String device() {
        return device;
    }

    /** The analysis binning factor, empty for auto (chosen from the frame and the objects' size). */
    public OptionalInt binning() {
        return binning == null ? OptionalInt.empty() : OptionalInt.of(binning);
    }

    /** The diameter of the objects to analyse for, µm; NaN when not given. */
    public double objectSizeUm() {
        return objectSizeUm;
    }

    /** Policy names of {@link PolicySet#NAMES}, or {@value #AUTO_POLICIES}, {@code all}, {@code none}. */
    public List<String> policies() {
        return policies;
    }

    /** {@code policy.parameter → value} that differ from the defaults of {@link PolicySet#PARAMETERS}. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** Z soft limits {@code [min, max]} µm, or null for the start Z ± {@value #DEFAULT_Z_HALF_RANGE_UM}. */
    public double[] zLimitsUm() {
        return zLimitsUm == null ? null : zLimitsUm.clone();
    }

    public double maxZStepUm() {
        return maxZStepUm;
    }

    /** XY box {@code [xMin, yMin, xMax, yMax]} µm, or null for the start ± {@value #DEFAULT_XY_HALF_BOX_UM}. */
    public double[] xyBoxUm() {
        return xyBoxUm == null ? null : xyBoxUm.clone();
    }

    /** Longest XY move, µm, or null for 1.5 fields of view (at least 10 µm). */
    public Double maxXyStepUm() {
        return maxXyStepUm;
    }

    public double minMoveIntervalMs() {
        return minMoveIntervalMs;
    }

    /** Objective presets policies may switch to, or null for every objective of the microscope. */
    public List<String> allowedObjectives() {
        return allowedObjectives;
    }

    public int ringSlots() {
        return ringSlots;
    }

    public ConsumerWait consumerWait() {
        return consumerWait;
    }

    public int warmUpFrames() {
        return warmUpFrames;
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** Stop after this many frames, or null. */
    public Long frames() {
        return frames;
    }

    /** Stop after this much camera time, s, or null for the source's own length. */
    public Double durationS() {
        return durationS;
    }

    /** How frames are paced, or null for the source's own (virtual, or a real camera's). */
    public Pacing pacing() {
        return pacing;
    }

    /** This recipe as the JSON of {@code recipe.json}. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(RecipeJson.tree(this));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@link #toJson()} to {@code file}. */
    public void write(Path file) throws IOException {
        Files.write(file, (toJson() + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a recipe written by {@link #write}; absent entries take their defaults.
     *
     * @throws RecipeException naming the file and the entry that is malformed
     */
    public static RunRecipe read(Path file) throws IOException, RecipeException {
        try {
            return RecipeJson.recipe(JSON.readTree(file.toFile()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw RecipeException.usage(file + " is not a readable run recipe: " + e.getMessage()
                    + "; give the recipe.json a run wrote");
        }
    }

    /** A recipe from {@link #toJson()}'s text. */
    public static RunRecipe fromJson(String json) throws RecipeException {
        try {
            return RecipeJson.recipe(JSON.readTree(json));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw RecipeException.usage("Not a readable run recipe: " + e.getMessage());
        }
    }

    /** {@code blocking}, {@code lite-blocking}, {@code sleeping} or {@code yielding}, as recipes name them. */
    public static String consumerWaitName(ConsumerWait w) {
        return w.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The consumer wait {@link #consumerWaitName} names.
     *
     * @throws IllegalArgumentException naming the choices
     */
    public static ConsumerWait parseConsumerWait(String s) {
        for (ConsumerWait w : ConsumerWait.values()) {
            if (consumerWaitName(w).equals(s.trim().toLowerCase(Locale.ROOT))) {
                return w;
            }
        }
        throw new IllegalArgumentException("consumer wait '" + s + "': choose blocking, lite-blocking, sleeping or "
                + "yielding");
    }

    /**
     * {@code virtual} or {@code realtime} (also {@code real-time}).
     *
     * @throws IllegalArgumentException naming the choices
     */
    public static Pacing parsePacing(String s) {
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "virtual":
                return Pacing.VIRTUAL;
            case "realtime":
            case "real-time":
                return Pacing.REALTIME;
            default:
                throw new IllegalArgumentException("pacing '" + s + "': choose virtual or realtime");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunRecipe && RecipeJson.tree(this).equals(RecipeJson.tree((RunRecipe) o));
    }

    @Override
    public int hashCode() {
        return RecipeJson.tree(this).hashCode();
    }

    @Override
    public String toString() {
        return "RunRecipe" + RecipeJson.tree(this);
    }

    /**
     * Builder of {@link RunRecipe}: every value optional, starting from the defaults; each method is named after
     * the value it sets. {@link #build()} checks the values.
     */
    public static final class Builder {
        private RunSource source = RunSource.simulated(RunSource.DEFAULT_SCENARIO, null);
        private String model = DEFAULT_MODEL;
        private final Map<String, String> modelOptions = new TreeMap<>();
        private String device = DEFAULT_DEVICE;
        private Integer binning;
        private double objectSizeUm = Double.NaN;
        private List<String> policies = List.of(AUTO_POLICIES);
        private final Map<String, String> parameters = new TreeMap<>();
        private double[] zLimitsUm;
        private double maxZStepUm = DEFAULT_MAX_Z_STEP_UM;
        private double[] xyBoxUm;
        private Double maxXyStepUm;
        private double minMoveIntervalMs = DEFAULT_MIN_MOVE_INTERVAL_MS;
        private List<String> allowedObjectives;
        private int ringSlots = DEFAULT_RING_SLOTS;
        private ConsumerWait consumerWait = ConsumerWait.BLOCKING;
        private int warmUpFrames = DEFAULT_WARM_UP_FRAMES;
        private boolean dryRun;
        private Long frames;
        private Double durationS;
        private Pacing pacing;

        private Builder() {
        }

        public Builder source(RunSource v) {
            source = Objects.requireNonNull(v, "source");
            return this;
        }

        public Builder model(String v) {
            model = Objects.requireNonNull(v, "model").trim().isEmpty() ? DEFAULT_MODEL : v.trim();
            return this;
        }

        /** One of {@link RunRecipe#modelOptions()}. */
        public Builder modelOption(String name, String value) {
            modelOptions.put(name, value);
            return this;
        }

        public Builder device(String v) {
            device = Objects.requireNonNull(v, "device");
            return this;
        }

        /** The binning factor 1–64, or null for auto. */
        public Builder binning(Integer v) {
            binning = v;
            return this;
        }

        /** The objects' diameter, µm, or NaN when not known. */
        public Builder objectSizeUm(double v) {
            objectSizeUm = v;
            return this;
        }

        public Builder policies(List<String> v) {
            policies = List.copyOf(v);
            return this;
        }

        /** A {@code policy.parameter} value; a value equal to the default is dropped. */
        public Builder parameter(String key, String value) {
            parameters.put(key, value);
            return this;
        }

        /** The {@code policy.parameter} values, replacing those set before. */
        public Builder parameters(Map<String, String> v) {
            parameters.clear();
            parameters.putAll(v);
            return this;
        }

        /** {@code [min, max]} µm, or null for the default. */
        public Builder zLimitsUm(double[] v) {
            zLimitsUm = v == null ? null : v.clone();
            return this;
        }

        public Builder maxZStepUm(double v) {
            maxZStepUm = v;
            return this;
        }

        /** {@code [xMin, yMin, xMax, yMax]} µm, or null for the default. */
        public Builder xyBoxUm(double[] v) {
            xyBoxUm = v == null ? null : v.clone();
            return this;
        }

        /** µm, or null for the default. */
        public Builder maxXyStepUm(Double v) {
            maxXyStepUm = v;
            return this;
        }

        public Builder minMoveIntervalMs(double v) {
            minMoveIntervalMs = v;
            return this;
        }

        /** Presets, or null for every objective. */
        public Builder allowedObjectives(List<String> v) {
            allowedObjectives = v == null ? null : List.copyOf(v);
            return this;
        }

        public Builder ringSlots(int v) {
            ringSlots = v;
            return this;
        }

        public Builder consumerWait(ConsumerWait v) {
            consumerWait = Objects.requireNonNull(v, "consumerWait");
            return this;
        }

        public Builder warmUpFrames(int v) {
            warmUpFrames = v;
            return this;
        }

        public Builder dryRun(boolean v) {
            dryRun = v;
            return this;
        }

        /** Frames, or null; setting it clears the duration. */
        public Builder frames(Long v) {
            frames = v;
            if (v != null) {
                durationS = null;
            }
            return this;
        }

        /** Seconds, or null for the source's length; setting it clears the frame count. */
        public Builder durationS(Double v) {
            durationS = v;
            if (v != null) {
                frames = null;
            }
            return this;
        }

        /** The pacing, or null for the source's own (virtual for simulated and replayed sources). */
        public Builder pacing(Pacing v) {
            pacing = v;
            return this;
        }

        /**
         * The recipe.
         *
         * @throws IllegalArgumentException naming the first value out of range
         */
        public RunRecipe build() {
            if (binning != null && (binning < 1 || binning > 64)) {
                throw new IllegalArgumentException("analysis binning must be auto or 1 to 64, got " + binning);
            }
            if (!FramePipeline.isValidRingSize(ringSlots)) {
                throw new IllegalArgumentException("the ring needs a power of two of at least 4 slots, got "
                        + ringSlots);
            }
            if (warmUpFrames < 0) {
                throw new IllegalArgumentException("warm-up frames must be 0 or more, got " + warmUpFrames);
            }
            if (zLimitsUm != null && (zLimitsUm.length != 2 || !(zLimitsUm[0] < zLimitsUm[1]))) {
                throw new IllegalArgumentException("Z limits are [min, max] with min < max");
            }
            if (xyBoxUm != null && (xyBoxUm.length != 4 || !(xyBoxUm[0] < xyBoxUm[2])
                    || !(xyBoxUm[1] < xyBoxUm[3]))) {
                throw new IllegalArgumentException("the XY box is [xMin, yMin, xMax, yMax] with min < max");
            }
            if (!(maxZStepUm > 0) || (maxXyStepUm != null && !(maxXyStepUm > 0)) || !(minMoveIntervalMs >= 0)) {
                throw new IllegalArgumentException("the largest Z and XY steps must be > 0 and the least interval "
                        + "between moves >= 0");
            }
            if (frames != null && frames < 1) {
                throw new IllegalArgumentException("frames must be at least 1, got " + frames);
            }
            if (durationS != null && !(durationS > 0 && durationS < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("the duration must be a positive time, got " + durationS + " s");
            }
            return new RunRecipe(this);
        }
    }
}
