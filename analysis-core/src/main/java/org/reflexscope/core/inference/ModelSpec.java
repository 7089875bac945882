package org.reflexscope.core.inference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How to feed a model and read its output: an immutable value, built with {@link #builder()}.
 *
 * <p><b>Axes</b> name the input tensor's dimensions in order, from {@code b} (batch), {@code c} (channel),
 * {@code y}, {@code x}; {@code y} must come before {@code x}, and {@code b}/{@code c} have size 1. <b>Tiles</b>: a
 * model that takes any size has tile size 0; otherwise frames larger than the tile are cut into tiles overlapping by
 * {@code 2·halo} and the centres stitched. {@code tileMin}/{@code tileStep} describe sizes {@code min + k·step}
 * (bioimage.io parametrised shapes).
 */
public final class ModelSpec {
    private final OutputKind outputKind;
    private final String axes;
    private final int tileSize;
    private final int tileMin;
    private final int tileStep;
    private final int halo;
    private final List<Normalization> preprocessing;
    private final List<Normalization> postprocessing;
    private final double threshold;
    private final String scoreName;
    private final String label;

    private ModelSpec(Builder b) {
        this.outputKind = Objects.requireNonNull(b.outputKind, "A model spec needs an output kind (setOutputKind)");
        this.axes = b.axes;
        this.tileSize = b.tileSize;
        this.tileMin = b.tileMin;
        this.tileStep = b.tileStep;
        this.halo = b.halo;
        this.preprocessing = Collections.unmodifiableList(new ArrayList<>(b.preprocessing));
        this.postprocessing = Collections.unmodifiableList(new ArrayList<>(b.postprocessing));
        this.threshold = b.threshold;
        this.scoreName = b.scoreName;
        this.label = b.label;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().setOutputKind(outputKind).optAxes(axes).optTileSize(tileSize)
                .optTileShape(tileMin, tileStep).optHalo(halo).optThreshold(threshold).optScoreName(scoreName)
                .optLabel(label);
        b.preprocessing.addAll(preprocessing);
        b.postprocessing.addAll(postprocessing);
        return b;
    }

    public OutputKind outputKind() {
        return outputKind;
    }

    /** Input axes, e.g. {@code "bcyx"}. */
    public String axes() {
        return axes;
    }

    /** Fixed tile edge in pixels, or 0 when the model takes any size. */
    public int tileSize() {
        return tileSize;
    }

    /** Smallest accepted edge for parametrised shapes (0 if none). */
    public int tileMin() {
        return tileMin;
    }

    /** Step of accepted edges for parametrised shapes (0 if none). */
    public int tileStep() {
        return tileStep;
    }

    /** Pixels discarded at each tile edge when stitching. */
    public int halo() {
        return halo;
    }

    /** Transforms applied to the input, in order, after the chain's own normalisation. */
    public List<Normalization> preprocessing() {
        return preprocessing;
    }

    /** Transforms applied to the first output, in order. */
    public List<Normalization> postprocessing() {
        return postprocessing;
    }

    /** Detection threshold on the output (probability maps, blob responses). */
    public double threshold() {
        return threshold;
    }

    /** Name of the per-frame score for {@link OutputKind#FRAME_SCORE} models. */
    public String scoreName() {
        return scoreName;
    }

    /** Label given to detections from this model. */
    public String label() {
        return label;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ModelSpec)) {
            return false;
        }
        ModelSpec s = (ModelSpec) o;
        return outputKind == s.outputKind && axes.equals(s.axes) && tileSize == s.tileSize && tileMin == s.tileMin
                && tileStep == s.tileStep && halo == s.halo && preprocessing.equals(s.preprocessing)
                && postprocessing.equals(s.postprocessing) && Double.compare(threshold, s.threshold) == 0
                && scoreName.equals(s.scoreName) && label.equals(s.label);
    }

    @Override
    public int hashCode() {
        return Objects.hash(outputKind, axes, tileSize, tileMin, tileStep, halo, preprocessing, postprocessing,
                threshold, scoreName, label);
    }

    @Override
    public String toString() {
        return "ModelSpec{" + outputKind + ", axes=" + axes + ", tile=" + tileSize + " (min " + tileMin + ", step "
                + tileStep + "), halo=" + halo + ", pre=" + preprocessing + ", post=" + postprocessing
                + ", threshold=" + threshold + ", score=" + scoreName + ", label=" + label + '}';
    }

    /** Builder of {@link ModelSpec}: the output kind is required. */
    public static final class Builder {
        private OutputKind outputKind;
        private String axes = "bcyx";
        private int tileSize;
        private int tileMin;
        private int tileStep;
        private int halo;
        private final List<Normalization> preprocessing = new ArrayList<>();
        private final List<Normalization> postprocessing = new ArrayList<>();
        private double threshold = 0.5;
        private String scoreName = "event";
        private String label = "object";

        private Builder() {
        }

        public Builder setOutputKind(OutputKind v) {
            outputKind = Objects.requireNonNull(v, "outputKind");
            return this;
        }

        /**
         * Sets the input axes.
         *
         * @throws IllegalArgumentException for axes other than b, c, y, x, or x before y, naming the fix
         */
        public Builder optAxes(String v) {
            axes = checkAxes(v);
            return this;
        }

        public Builder optTileSize(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("Tile size must be >= 0 (0 = any size), got " + v);
            }
            tileSize = v;
            return this;
        }

        public Builder optTileShape(int min, int step) {
            if (min < 0 || step < 0) {
                throw new IllegalArgumentException("Tile min/step must be >= 0, got " + min + "/" + step);
            }
            tileMin = min;
            tileStep = step;
            return this;
        }

        public Builder optHalo(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("Halo must be >= 0, got " + v);
            }
            halo = v;
            return this;
        }

        public Builder addPreprocessing(Normalization n) {
            preprocessing.add(Objects.requireNonNull(n, "normalization"));
            return this;
        }

        public Builder addPostprocessing(Normalization n) {
            postprocessing.add(Objects.requireNonNull(n, "normalization"));
            return this;
        }

        public Builder optThreshold(double v) {
            threshold = v;
            return this;
        }

        public Builder optScoreName(String v) {
            scoreName = Objects.requireNonNull(v, "scoreName");
            return this;
        }

        public Builder optLabel(String v) {
            label = Objects.requireNonNull(v, "label");
            return this;
        }

        public ModelSpec build() {
            return new ModelSpec(this);
        }
    }

    static String checkAxes(String axes) {
        String a = Objects.requireNonNull(axes, "axes").toLowerCase(Locale.ROOT);
        for (char ch : a.toCharArray()) {
            if ("bcyx".indexOf(ch) < 0) {
                throw new IllegalArgumentException("Unsupported axis '" + ch + "' in axes '" + axes + "': Reflex "
                        + "feeds single 2-D images, axes from b, c, y, x (z and t are not supported). Export a 2-D "
                        + "model with axes 'bcyx'.");
            }
            if (a.indexOf(ch) != a.lastIndexOf(ch)) {
                throw new IllegalArgumentException("Axis '" + ch + "' appears twice in '" + axes + "'");
            }
        }
        if (a.indexOf('y') < 0 || a.indexOf('x') < 0) {
            throw new IllegalArgumentException("Axes '" + axes + "' lack y or x: an image model needs both");
        }
        if (a.indexOf('x') < a.indexOf('y')) {
            throw new IllegalArgumentException("Unsupported axis layout '" + axes + "': x before y (column-major) is"
                    + " not supported; Reflex feeds row-major images. Re-export the model with axes 'bcyx'.");
        }
        return a;
    }
}
