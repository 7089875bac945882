package org.reflexscope.policy.survey.recipe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reflexscope.policy.survey.SelectionRule;

/**
 * Everything one guided survey needs, as one value that round-trips through {@code survey-recipe.json}
 * ({@link SurveyRecipeJson}): where it runs (simulated slide or a Micro-Manager installation), what to survey
 * (region, polygon, wells of a plate, or a position list, with overlap, survey objective and focus map), the
 * {@link SelectionRule}, the budget (count, time, light), how tiles are focused, how to visit (objective, offsets,
 * re-centring, z-stack, channels, time points, order), the tile model and the safety envelope. Every entry is optional: {@code null} (or an absent entry in the file) means the front
 * end's default. Immutable; made with {@link #builder()}. Values are checked when set: a malformed or out-of-range
 * one throws {@link IllegalArgumentException} whose message starts with the entry's path, e.g.
 * {@code "budget.count must be >= 0, got -1"}.
 */
public final class SurveyRecipe {
    /** Where the survey runs. */
    public enum SourceKind {
        /** The simulated slide, scored against its ground truth. */
        SIMULATED("simulated"),
        /** A real microscope through a Micro-Manager installation. */
        MICRO_MANAGER("micro-manager");

        private final String jsonName;

        SourceKind(String jsonName) {
            this.jsonName = jsonName;
        }

        /** The kind's name in the recipe's {@code source.kind}. */
        public String jsonName() {
            return jsonName;
        }

        static SourceKind fromJsonName(String name) {
            for (SourceKind k : values()) {
                if (k.jsonName.equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("source.kind must be \"simulated\" or \"micro-manager\", got \"" + name
                    + "\"");
        }
    }

    private final SourceKind kind;
    private final Long seed;
    private final Double rareFraction;
    private final double[] tiltUmPerMm;
    private final String home;
    private final String config;
    private final String objectiveGroup;
    private final Map<String, String> cameraProperties;
    private final double[] region;
    private final double[] polygon;
    private final double[] plate;
    private final List<String> wells;
    private final String positions;
    private final Double overlap;
    private final String surveyObjective;
    private final double[] focusMap;
    private final SelectionRule selection;
    private final Integer count;
    private final Double timeS;
    private final Double lightMs;
    private final String visitObjective;
    private final double[] visitOffsetUm;
    private final Double parfocalUm;
    private final Boolean recentre;
    private final double[] zStackUm;
    private final double[] xyBoxUm;
    private final double[] zLimitsUm;
    private final List<String> visitChannels;
    private final Integer visitFrames;
    private final Double visitIntervalMs;
    private final String autofocus;
    private final double[] focusScan;
    private final String autofocusDevice;
    private final String order;
    private final Integer batch;
    private final String model;
    private final String modelOutput;
    private final String modelAxes;
    private final Integer modelTile;
    private final Double modelThreshold;
    private final String modelLabel;
    private final String modelDevice;

    private SurveyRecipe(Builder b) {
        this.kind = b.kind;
        this.seed = b.seed;
        this.rareFraction = b.rareFraction;
        this.tiltUmPerMm = b.tiltUmPerMm;
        this.home = b.home;
        this.config = b.config;
        this.objectiveGroup = b.objectiveGroup;
        this.cameraProperties = b.cameraProperties;
        this.region = b.region;
        this.polygon = b.polygon;
        this.plate = b.plate;
        this.wells = b.wells;
        this.positions = b.positions;
        this.overlap = b.overlap;
        this.surveyObjective = b.surveyObjective;
        this.focusMap = b.focusMap;
        this.selection = b.selection;
        this.count = b.count;
        this.timeS = b.timeS;
        this.lightMs = b.lightMs;
        this.visitObjective = b.visitObjective;
        this.visitOffsetUm = b.visitOffsetUm;
        this.parfocalUm = b.parfocalUm;
        this.recentre = b.recentre;
        this.zStackUm = b.zStackUm;
        this.xyBoxUm = b.xyBoxUm;
        this.zLimitsUm = b.zLimitsUm;
        this.visitChannels = b.visitChannels;
        this.visitFrames = b.visitFrames;
        this.visitIntervalMs = b.visitIntervalMs;
        this.autofocus = b.autofocus;
        this.focusScan = b.focusScan;
        this.autofocusDevice = b.autofocusDevice;
        this.order = b.order;
        this.batch = b.batch;
        this.model = b.model;
        this.modelOutput = b.modelOutput;
        this.modelAxes = b.modelAxes;
        this.modelTile = b.modelTile;
        this.modelThreshold = b.modelThreshold;
        this.modelLabel = b.modelLabel;
        this.modelDevice = b.modelDevice;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code source.kind}: simulated unless a Micro-Manager installation is named. */
    public SourceKind kind() {
        return kind;
    }

    /** {@code source.seed}: the simulated slide's seed, or null. */
    public Long seed() {
        return seed;
    }

    /** {@code source.rareFraction}: the simulated slide's fraction of rare cells, or null. */
    public Double rareFraction() {
        return rareFraction;
    }

    /** {@code source.tiltUmPerMm}: the simulated slide's tilt [x, y] in µm per mm, or null (flat). */
    public double[] tiltUmPerMm() {
        return copy(tiltUmPerMm);
    }

    /** {@code source.home}: the Micro-Manager installation, or null. */
    public String home() {
        return home;
    }

    /** {@code source.config}: the hardware configuration, or null. */
    public String config() {
        return config;
    }

    /** {@code source.objectiveGroup}, or null. */
    public String objectiveGroup() {
        return objectiveGroup;
    }

    /**
     * {@code source.cameraProperties}: camera properties (name to value, in order) set for the survey and put back
     * at the end, or null.
     */
    public Map<String, String> cameraProperties() {
        return cameraProperties;
    }

    /** {@code survey.region}: [xMin, yMin, xMax, yMax] µm, or null. */
    public double[] region() {
        return copy(region);
    }

    /** {@code survey.polygon}: [x1, y1, x2, y2, ...] µm, or null. */
    public double[] polygon() {
        return copy(polygon);
    }

    /** {@code survey.plate}: [rows, columns, pitch, diameter, a1X, a1Y] (µm), or null. */
    public double[] plate() {
        return copy(plate);
    }

    /** {@code survey.wells}, or null. */
    public List<String> wells() {
        return wells;
    }

    /** {@code survey.positions}: a Micro-Manager position list file, or null. */
    public String positions() {
        return positions;
    }

    /** {@code survey.overlap}: a fraction of the field, or null. */
    public Double overlap() {
        return overlap;
    }

    /** {@code survey.objective}, or null. */
    public String surveyObjective() {
        return surveyObjective;
    }

    /** {@code survey.focusMap}: [rangeUm, stepUm], or null (no map). */
    public double[] focusMap() {
        return copy(focusMap);
    }

    /** {@code selection}: the rule targets must pass, or null. */
    public SelectionRule selection() {
        return selection;
    }

    /** {@code budget.count}: most targets visited, or null. */
    public Integer count() {
        return count;
    }

    /** {@code budget.timeS}: instrument time in s, or null (unbounded). */
    public Double timeS() {
        return timeS;
    }

    /** {@code budget.lightMs}: exposure in ms, or null (unbounded). */
    public Double lightMs() {
        return lightMs;
    }

    /** {@code visit.objective}, or null. */
    public String visitObjective() {
        return visitObjective;
    }

    /** {@code visit.offsetUm}: the visit objective's calibrated [x, y] offset, or null. */
    public double[] visitOffsetUm() {
        return copy(visitOffsetUm);
    }

    /** {@code visit.parfocalUm}, or null. */
    public Double parfocalUm() {
        return parfocalUm;
    }

    /** {@code visit.recentre}, or null. */
    public Boolean recentre() {
        return recentre;
    }

    /** {@code visit.zStackUm}: [fromUm, toUm, stepUm] around the focal plane, or null. */
    public double[] zStackUm() {
        return copy(zStackUm);
    }

    /** {@code visit.channels}: the channel-group presets each visit acquires, in order, or null (the current one). */
    public List<String> visitChannels() {
        return visitChannels;
    }

    /** {@code visit.frames}: time points per visit, or null (1). */
    public Integer visitFrames() {
        return visitFrames;
    }

    /** {@code visit.intervalMs}: ms between the starts of a visit's time points, or null (0). */
    public Double visitIntervalMs() {
        return visitIntervalMs;
    }

    /** {@code visit.order}: {@code "survey-first"} or {@code "interleaved"}, or null (survey-first). */
    public String order() {
        return order;
    }

    /** {@code visit.batch}: targets queued per interleaved batch, or null (the default). */
    public Integer batch() {
        return batch;
    }

    /** {@code survey.autofocus}: {@code "off"}, {@code "scan"}, {@code "map"} or {@code "device"}, or null. */
    public String autofocus() {
        return autofocus;
    }

    /** {@code survey.focusScan}: the autofocus Z scan [rangeUm, stepUm], or null (the default). */
    public double[] focusScan() {
        return copy(focusScan);
    }

    /** {@code survey.autofocusDevice}: the autofocus device of {@code "device"} mode, or null (the config's). */
    public String autofocusDevice() {
        return autofocusDevice;
    }

    /** {@code model.path}: the tile model (ONNX file or BioImage Model Zoo package), or null (the embedded one). */
    public String model() {
        return model;
    }

    /** {@code model.output}: what a bare ONNX model outputs, or null. */
    public String modelOutput() {
        return modelOutput;
    }

    /** {@code model.axes}: a bare ONNX model's input axes, or null. */
    public String modelAxes() {
        return modelAxes;
    }

    /** {@code model.tile}: a bare ONNX model's fixed input edge in pixels (0: any), or null. */
    public Integer modelTile() {
        return modelTile;
    }

    /** {@code model.threshold}: detection threshold on a probability map, or null. */
    public Double modelThreshold() {
        return modelThreshold;
    }

    /** {@code model.label}: the label of a bare ONNX detector's detections, or null. */
    public String modelLabel() {
        return modelLabel;
    }

    /** {@code model.device}: {@code "auto"}, {@code "cpu"} or {@code "gpu"}, or null (auto). */
    public String modelDevice() {
        return modelDevice;
    }

    /** {@code envelope.xyBoxUm}: [xMin, yMin, xMax, yMax], or null. */
    public double[] xyBoxUm() {
        return copy(xyBoxUm);
    }

    /** {@code envelope.zLimitsUm}: [min, max], or null. */
    public double[] zLimitsUm() {
        return copy(zLimitsUm);
    }

    /** A builder holding this recipe's values, to change some. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.kind = kind;
        b.seed = seed;
        b.rareFraction = rareFraction;
        b.tiltUmPerMm = tiltUmPerMm;
        b.home = home;
        b.config = config;
        b.objectiveGroup = objectiveGroup;
        b.cameraProperties = cameraProperties;
        b.region = region;
        b.polygon = polygon;
        b.plate = plate;
        b.wells = wells;
        b.positions = positions;
        b.overlap = overlap;
        b.surveyObjective = surveyObjective;
        b.focusMap = focusMap;
        b.selection = selection;
        b.count = count;
        b.timeS = timeS;
        b.lightMs = lightMs;
        b.visitObjective = visitObjective;
        b.visitOffsetUm = visitOffsetUm;
        b.parfocalUm = parfocalUm;
        b.recentre = recentre;
        b.zStackUm = zStackUm;
        b.xyBoxUm = xyBoxUm;
        b.zLimitsUm = zLimitsUm;
        b.visitChannels = visitChannels;
        b.visitFrames = visitFrames;
        b.visitIntervalMs = visitIntervalMs;
        b.autofocus = autofocus;
        b.focusScan = focusScan;
        b.autofocusDevice = autofocusDevice;
        b.order = order;
        b.batch = batch;
        b.model = model;
        b.modelOutput = modelOutput;
        b.modelAxes = modelAxes;
        b.modelTile = modelTile;
        b.modelThreshold = modelThreshold;
        b.modelLabel = modelLabel;
        b.modelDevice = modelDevice;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SurveyRecipe && SurveyRecipeJson.tree(this).equals(SurveyRecipeJson.tree((SurveyRecipe) o));
    }

    @Override
    public int hashCode() {
        return SurveyRecipeJson.tree(this).hashCode();
    }

    @Override
    public String toString() {
        return SurveyRecipeJson.tree(this).toString();
    }

    private static double[] copy(double[] a) {
        return a == null ? null : a.clone();
    }

    /** Sets a survey recipe's entries; each setter checks its value (null: the default). */
    public static final class Builder {
        private SourceKind kind = SourceKind.SIMULATED;
        private Long seed;
        private Double rareFraction;
        private double[] tiltUmPerMm;
        private String home;
        private String config;
        private String objectiveGroup;
        private Map<String, String> cameraProperties;
        private double[] region;
        private double[] polygon;
        private double[] plate;
        private List<String> wells;
        private String positions;
        private Double overlap;
        private String surveyObjective;
        private double[] focusMap;
        private SelectionRule selection;
        private Integer count;
        private Double timeS;
        private Double lightMs;
        private String visitObjective;
        private double[] visitOffsetUm;
        private Double parfocalUm;
        private Boolean recentre;
        private double[] zStackUm;
        private double[] xyBoxUm;
        private double[] zLimitsUm;
        private List<String> visitChannels;
        private Integer visitFrames;
        private Double visitIntervalMs;
        private String autofocus;
        private double[] focusScan;
        private String autofocusDevice;
        private String order;
        private Integer batch;
        private String model;
        private String modelOutput;
        private String modelAxes;
        private Integer modelTile;
        private Double modelThreshold;
        private String modelLabel;
        private String modelDevice;

        private Builder() {
        }

        public Builder simulated(Long seed, Double rareFraction, double[] tiltUmPerMm) {
            if (rareFraction != null && !(rareFraction >= 0 && rareFraction <= 1)) {
                throw new IllegalArgumentException("source.rareFraction must be in [0, 1], got " + rareFraction);
            }
            this.kind = SourceKind.SIMULATED;
            this.seed = seed;
            this.rareFraction = rareFraction;
            this.tiltUmPerMm = finite(tiltUmPerMm, 2, "source.tiltUmPerMm", "[X, Y] in µm per mm");
            this.home = null;
            this.config = null;
            this.objectiveGroup = null;
            this.cameraProperties = null;
            return this;
        }

        public Builder microManager(String home, String config, String objectiveGroup) {
            if (home == null || home.isEmpty()) {
                throw new IllegalArgumentException("source.home must name the Micro-Manager installation folder");
            }
            this.kind = SourceKind.MICRO_MANAGER;
            this.home = home;
            this.config = config;
            this.objectiveGroup = objectiveGroup;
            this.seed = null;
            this.rareFraction = null;
            this.tiltUmPerMm = null;
            return this;
        }

        /**
         * {@code source.cameraProperties} of a Micro-Manager source (null or empty: none); names must not be empty.
         */
        public Builder cameraProperties(Map<String, String> v) {
            if (v != null && !v.isEmpty() && kind != SourceKind.MICRO_MANAGER) {
                throw new IllegalArgumentException("source.cameraProperties applies to a real microscope; set "
                        + "source.kind to \"micro-manager\" or remove it");
            }
            if (v != null) {
                for (Map.Entry<String, String> e : v.entrySet()) {
                    if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
                        throw new IllegalArgumentException("source.cameraProperties must map property names to "
                                + "values, got " + v);
                    }
                }
            }
            this.cameraProperties = v == null || v.isEmpty() ? null
                    : Collections.unmodifiableMap(new LinkedHashMap<>(v));
            return this;
        }

        public Builder region(double[] v) {
            double[] r = finite(v, 4, "survey.region", "[XMIN, YMIN, XMAX, YMAX] in µm");
            if (r != null && !(r[0] < r[2] && r[1] < r[3])) {
                throw new IllegalArgumentException("survey.region must be [XMIN, YMIN, XMAX, YMAX] with MIN < MAX, "
                        + "got " + java.util.Arrays.toString(r));
            }
            region = r;
            return this;
        }

        public Builder polygon(double[] v) {
            if (v != null && (v.length < 6 || v.length % 2 != 0)) {
                throw new IllegalArgumentException("survey.polygon must hold at least 3 corners as [X1, Y1, X2, Y2, "
                        + "X3, Y3, ...] in µm, got " + v.length + " numbers");
            }
            polygon = finite(v, v == null ? 0 : v.length, "survey.polygon", "corners in µm");
            return this;
        }

        public Builder plate(double[] v, List<String> wellNames) {
            if ((v == null) != (wellNames == null)) {
                throw new IllegalArgumentException("survey.plate and survey.wells go together: name the wells and "
                        + "describe their plate");
            }
            double[] p = finite(v, 6, "survey.plate", "{rows, columns, pitchUm, diameterUm, a1XUm, a1YUm}");
            if (p != null && (p[0] != Math.rint(p[0]) || p[1] != Math.rint(p[1]) || p[0] < 1 || p[1] < 1)) {
                throw new IllegalArgumentException("survey.plate.rows and columns must be whole numbers >= 1, got "
                        + p[0] + " and " + p[1]);
            }
            plate = p;
            wells = wellNames == null ? null : Collections.unmodifiableList(new ArrayList<>(wellNames));
            return this;
        }

        public Builder positions(String file) {
            positions = file;
            return this;
        }

        public Builder overlap(Double v) {
            if (v != null && !(v >= 0 && v <= 0.9)) {
                throw new IllegalArgumentException("survey.overlap must be a fraction in [0, 0.9], got " + v);
            }
            overlap = v;
            return this;
        }

        public Builder surveyObjective(String v) {
            surveyObjective = v;
            return this;
        }

        public Builder focusMap(double[] v) {
            double[] f = finite(v, 2, "survey.focusMap", "{rangeUm, stepUm}");
            if (f != null && !(f[1] > 0 && f[0] >= f[1])) {
                throw new IllegalArgumentException("survey.focusMap must have 0 < stepUm <= rangeUm, got rangeUm "
                        + f[0] + ", stepUm " + f[1]);
            }
            focusMap = f;
            return this;
        }

        public Builder selection(SelectionRule v) {
            selection = v;
            return this;
        }

        public Builder count(Integer v) {
            if (v != null && v < 0) {
                throw new IllegalArgumentException("budget.count must be >= 0, got " + v);
            }
            count = v;
            return this;
        }

        public Builder timeS(Double v) {
            if (v != null && !(v > 0 && v < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("budget.timeS must be > 0 s (or null: no time budget), got " + v);
            }
            timeS = v;
            return this;
        }

        public Builder lightMs(Double v) {
            if (v != null && !(v > 0 && v < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("budget.lightMs must be > 0 ms (or null: no light budget), got "
                        + v);
            }
            lightMs = v;
            return this;
        }

        public Builder visitObjective(String v) {
            visitObjective = v;
            return this;
        }

        public Builder visitOffsetUm(double[] v) {
            visitOffsetUm = finite(v, 2, "visit.offsetUm", "[X, Y] in µm");
            return this;
        }

        public Builder parfocalUm(Double v) {
            if (v != null && !Double.isFinite(v)) {
                throw new IllegalArgumentException("visit.parfocalUm must be a number of µm, got " + v);
            }
            parfocalUm = v;
            return this;
        }

        public Builder recentre(Boolean v) {
            recentre = v;
            return this;
        }

        public Builder zStackUm(double[] v) {
            double[] z = finite(v, 3, "visit.zStack", "{fromUm, toUm, stepUm}");
            if (z != null && !(z[0] <= z[1] && z[2] > 0)) {
                throw new IllegalArgumentException("visit.zStack must have fromUm <= toUm and stepUm > 0, got fromUm "
                        + z[0] + ", toUm " + z[1] + ", stepUm " + z[2]);
            }
            zStackUm = z;
            return this;
        }

        /** {@code visit.channels}: distinct, non-blank preset names (null or empty: the current channel). */
        public Builder visitChannels(List<String> v) {
            if (v != null && (v.stream().anyMatch(c -> c == null || c.isBlank())
                    || v.stream().distinct().count() != v.size())) {
                throw new IllegalArgumentException("visit.channels must be distinct preset names, got " + v);
            }
            visitChannels = v == null || v.isEmpty() ? null : Collections.unmodifiableList(new ArrayList<>(v));
            return this;
        }

        public Builder visitFrames(Integer v) {
            if (v != null && v < 1) {
                throw new IllegalArgumentException("visit.frames must be >= 1, got " + v);
            }
            visitFrames = v;
            return this;
        }

        public Builder visitIntervalMs(Double v) {
            if (v != null && !(v >= 0 && v < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("visit.intervalMs must be >= 0 ms, got " + v);
            }
            visitIntervalMs = v;
            return this;
        }

        public Builder order(String v) {
            if (v != null && !v.equals("survey-first") && !v.equals("interleaved")) {
                throw new IllegalArgumentException("visit.order must be \"survey-first\" or \"interleaved\", got \""
                        + v + "\"");
            }
            order = v;
            return this;
        }

        public Builder batch(Integer v) {
            if (v != null && v < 1) {
                throw new IllegalArgumentException("visit.batch must be >= 1, got " + v);
            }
            batch = v;
            return this;
        }

        public Builder autofocus(String v) {
            if (v != null && !List.of("off", "scan", "map", "device").contains(v)) {
                throw new IllegalArgumentException("survey.autofocus must be \"off\", \"scan\", \"map\" or "
                        + "\"device\", got \"" + v + "\"");
            }
            autofocus = v;
            return this;
        }

        public Builder focusScan(double[] v) {
            double[] f = finite(v, 2, "survey.focusScan", "{rangeUm, stepUm}");
            if (f != null && !(f[1] > 0 && f[0] >= f[1])) {
                throw new IllegalArgumentException("survey.focusScan must have 0 < stepUm <= rangeUm, got rangeUm "
                        + f[0] + ", stepUm " + f[1]);
            }
            focusScan = f;
            return this;
        }

        public Builder autofocusDevice(String v) {
            autofocusDevice = v;
            return this;
        }

        /**
         * {@code model.*}: the tile model's path (null: the embedded models) and, for a bare ONNX file, its spec;
         * each spec entry may be null (the default).
         */
        public Builder model(String path, String output, String axes, Integer tile, Double threshold, String label) {
            if (path != null && path.isBlank()) {
                throw new IllegalArgumentException("model.path must name an ONNX file or a BioImage Model Zoo "
                        + "package, got \"\"");
            }
            if (output != null && !List.of("denoised", "probability", "labels", "score", "blobs").contains(output)) {
                throw new IllegalArgumentException("model.output must be one of denoised, probability, labels, "
                        + "score, blobs, got \"" + output + "\"");
            }
            if (axes != null && axes.isBlank()) {
                throw new IllegalArgumentException("model.axes must be input axes from b, c, y, x such as \"bcyx\", "
                        + "got \"" + axes + "\"");
            }
            if (tile != null && tile < 0) {
                throw new IllegalArgumentException("model.tile must be >= 0 px (0: any size), got " + tile);
            }
            if (threshold != null && !Double.isFinite(threshold)) {
                throw new IllegalArgumentException("model.threshold must be a number, got " + threshold);
            }
            model = path;
            modelOutput = output;
            modelAxes = axes;
            modelTile = tile;
            modelThreshold = threshold;
            modelLabel = label;
            return this;
        }

        public Builder modelDevice(String v) {
            if (v != null && !List.of("auto", "cpu", "gpu").contains(v)) {
                throw new IllegalArgumentException("model.device must be \"auto\", \"cpu\" or \"gpu\", got \"" + v
                        + "\"");
            }
            modelDevice = v;
            return this;
        }

        public Builder xyBoxUm(double[] v) {
            double[] b = finite(v, 4, "envelope.xyBoxUm", "[XMIN, YMIN, XMAX, YMAX] in µm");
            if (b != null && !(b[0] < b[2] && b[1] < b[3])) {
                throw new IllegalArgumentException("envelope.xyBoxUm must be [XMIN, YMIN, XMAX, YMAX] with MIN < MAX, "
                        + "got " + java.util.Arrays.toString(b));
            }
            xyBoxUm = b;
            return this;
        }

        public Builder zLimitsUm(double[] v) {
            double[] z = finite(v, 2, "envelope.zLimitsUm", "[MIN, MAX] in µm");
            if (z != null && !(z[0] < z[1])) {
                throw new IllegalArgumentException("envelope.zLimitsUm must be [MIN, MAX] with MIN < MAX, got "
                        + java.util.Arrays.toString(z));
            }
            zLimitsUm = z;
            return this;
        }

        /**
         * The recipe.
         *
         * @throws IllegalArgumentException if it says two ways what to survey, or has an entry that applies only
         *     with another one it lacks (an interval without frames, a batch without interleaved order, a focus scan
         *     or device without their autofocus mode)
         */
        public SurveyRecipe build() {
            int ways = (region != null ? 1 : 0) + (polygon != null ? 1 : 0) + (plate != null ? 1 : 0)
                    + (positions != null ? 1 : 0);
            if (ways > 1) {
                throw new IllegalArgumentException("survey holds more than one of region, polygon, plate/wells and "
                        + "positions; keep the one that says what to survey");
            }
            if (visitIntervalMs != null && (visitFrames == null || visitFrames < 2)) {
                throw new IllegalArgumentException("visit.intervalMs needs visit.frames of 2 or more; add frames or "
                        + "remove intervalMs");
            }
            if (batch != null && !"interleaved".equals(order)) {
                throw new IllegalArgumentException("visit.batch applies to visit.order \"interleaved\"; set it or "
                        + "remove batch");
            }
            String mode = autofocus != null ? autofocus : focusMap != null ? "map" : "off";
            if (focusMap != null && !mode.equals("map")) {
                throw new IllegalArgumentException("survey.focusMap asks for survey.autofocus \"map\", not \"" + mode
                        + "\"; keep one of them");
            }
            if (focusScan != null && (focusMap != null || !(mode.equals("scan") || mode.equals("map")))) {
                throw new IllegalArgumentException("survey.focusScan applies to survey.autofocus \"scan\" or \"map\" "
                        + "without a focusMap; remove it or set autofocus");
            }
            if (autofocusDevice != null && !mode.equals("device")) {
                throw new IllegalArgumentException("survey.autofocusDevice applies to survey.autofocus \"device\"; "
                        + "set it or remove autofocusDevice");
            }
            return new SurveyRecipe(this);
        }

        private static double[] finite(double[] v, int n, String path, String shape) {
            if (v == null) {
                return null;
            }
            if (v.length != n) {
                throw new IllegalArgumentException(path + " must be " + shape + ", got " + v.length + " numbers");
            }
            for (double x : v) {
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException(path + " must be " + shape + " (finite numbers), got " + x);
                }
            }
            return v.clone();
        }
    }
}
