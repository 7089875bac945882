package org.reflexscope.core.analysis;

import java.util.Collections;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.frame.FrameMetadata;

/**
 * What the analyzer saw in one frame: detections, a focus score, optional per-frame scores and the timings of each
 * step. Immutable; built with {@link #builder(long, FrameMetadata)}.
 *
 * <p><b>Timestamps</b> ({@link System#nanoTime()} clock, contract 4 in docs/architecture.md): {@link #cameraNanos()}
 * when the frame left the camera, {@link #publishedNanos()} when the ring published it, {@link #analysedNanos()} when
 * this result was complete. Later hops (decided, actuated) are stamped by the policy engine on its decisions.
 */
public final class AnalysisResult {
    /** Conventional key of {@link #scores()} for an event probability in [0, 1] (adaptive rate, triggers). */
    public static final String EVENT_SCORE = "event";

    /**
     * Conventional key of {@link #scores()} for the fraction (0..1) of the frame's pixels at the camera's largest
     * value ({@link SaturationMeter}): light the camera clipped.
     */
    public static final String SATURATION_SCORE = "saturated";

    /**
     * Conventional key of {@link #scores()} for the frame's detection threshold in the units of
     * {@link Detection#score()}: a detection's score over it is its contrast, how far it stands out of the noise
     * (1 is barely detected). Absent where the detector has no such threshold.
     */
    public static final String DETECTION_THRESHOLD_SCORE = "detectionThreshold";

    /**
     * Conventional key of {@link #scores()} for the frame's structure: the standard deviation of its
     * variance-stabilised pixels over its pixel noise, about 1 for a frame of noise alone (a flat image: nothing to
     * detect or focus on) and more with anything in it. Absent where the chain does not measure it.
     */
    public static final String STRUCTURE_SCORE = "structure";

    private final long frameSequence;
    private final FrameMetadata frame;
    private final int frameWidth;
    private final int frameHeight;
    private final List<Detection> detections;
    private final double focusScore;
    private final String focusMeasure;
    private final Map<String, Double> scores;
    private final long cameraNanos;
    private final long publishedNanos;
    private final long analysedNanos;
    private final Map<String, Long> stepNanos;
    private final String notLiveReason;

    private AnalysisResult(Builder b) {
        this.frameSequence = b.frameSequence;
        this.frame = b.frame;
        this.frameWidth = b.frameWidth;
        this.frameHeight = b.frameHeight;
        this.detections = Collections.unmodifiableList(new ArrayList<>(b.detections));
        this.focusScore = b.focusScore;
        this.focusMeasure = b.focusMeasure;
        this.scores = Collections.unmodifiableMap(new LinkedHashMap<>(b.scores));
        this.cameraNanos = b.cameraNanos;
        this.publishedNanos = b.publishedNanos;
        this.analysedNanos = b.analysedNanos;
        this.stepNanos = Collections.unmodifiableMap(new LinkedHashMap<>(b.stepNanos));
        this.notLiveReason = b.notLiveReason;
    }

    /** A builder for the result of the frame published as {@code frameSequence}, with that frame's metadata. */
    public static Builder builder(long frameSequence, FrameMetadata frame) {
        return new Builder(frameSequence, frame);
    }

    /** The pipeline's publish sequence of the analysed frame. */
    public long frameSequence() {
        return frameSequence;
    }

    /** Metadata of the analysed frame (image number, stage position and pixel size at exposure, presets). */
    public FrameMetadata frame() {
        return frame;
    }

    public int frameWidth() {
        return frameWidth;
    }

    public int frameHeight() {
        return frameHeight;
    }

    /** Detections, in decreasing score order where the detector ranks them. */
    public List<Detection> detections() {
        return detections;
    }

    /** Focus score of the frame (larger is sharper); {@code NaN} if focus was not measured. */
    public double focusScore() {
        return focusScore;
    }

    /** Name of the focus measure behind {@link #focusScore()} (e.g. {@code "normalized-variance"}). */
    public String focusMeasure() {
        return focusMeasure;
    }

    /** Per-frame scalar scores by name, e.g. {@link #EVENT_SCORE}. */
    public Map<String, Double> scores() {
        return scores;
    }

    /** The named score, if present. */
    public OptionalDouble score(String name) {
        Double v = scores.get(name);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    public long cameraNanos() {
        return cameraNanos;
    }

    public long publishedNanos() {
        return publishedNanos;
    }

    public long analysedNanos() {
        return analysedNanos;
    }

    /** Duration of each analysis step in ns, by step name, in execution order. */
    public Map<String, Long> stepNanos() {
        return stepNanos;
    }

    /**
     * Whether this is a live frame's analysis. A frame exposed while the hardware carried out a plan (an objective
     * switch, Z or XY moves, a high-resolution acquisition) is not a live view of the sample: it is not analysed,
     * its result has no detections and no focus, and no policy, tracker or history may use it.
     */
    public boolean isLive() {
        return notLiveReason.isEmpty();
    }

    /** Why the frame was not analysed as a live frame (e.g. {@code "objective switch"}); {@code ""} if it was. */
    public String notLiveReason() {
        return notLiveReason;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AnalysisResult)) {
            return false;
        }
        AnalysisResult r = (AnalysisResult) o;
        return frameSequence == r.frameSequence && frame.equals(r.frame) && frameWidth == r.frameWidth
                && frameHeight == r.frameHeight && detections.equals(r.detections)
                && Double.compare(focusScore, r.focusScore) == 0 && focusMeasure.equals(r.focusMeasure)
                && scores.equals(r.scores) && cameraNanos == r.cameraNanos && publishedNanos == r.publishedNanos
                && analysedNanos == r.analysedNanos && stepNanos.equals(r.stepNanos)
                && notLiveReason.equals(r.notLiveReason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(frameSequence, frame, frameWidth, frameHeight, detections, focusScore, focusMeasure,
                scores, cameraNanos, publishedNanos, analysedNanos, stepNanos, notLiveReason);
    }

    @Override
    public String toString() {
        return "AnalysisResult{frame=" + frameSequence + " (image " + frame.imageNumber() + "), " + frameWidth + "x"
                + frameHeight + ", detections=" + detections.size() + ", focus=" + focusScore + " ("
                + focusMeasure + "), scores=" + scores + ", steps(ns)=" + stepNanos
                + (isLive() ? "" : ", not live: " + notLiveReason) + '}';
    }

    /** Builder of {@link AnalysisResult}. */
    public static final class Builder {
        private final long frameSequence;
        private final FrameMetadata frame;
        private int frameWidth;
        private int frameHeight;
        private final List<Detection> detections = new ArrayList<>();
        private double focusScore = Double.NaN;
        private String focusMeasure = "";
        private final Map<String, Double> scores = new LinkedHashMap<>();
        private long cameraNanos;
        private long publishedNanos;
        private long analysedNanos;
        private final Map<String, Long> stepNanos = new LinkedHashMap<>();
        private String notLiveReason = "";

        private Builder(long frameSequence, FrameMetadata frame) {
            this.frameSequence = frameSequence;
            this.frame = Objects.requireNonNull(frame, "frame");
        }

        public Builder optFrameSize(int width, int height) {
            frameWidth = width;
            frameHeight = height;
            return this;
        }

        public Builder addDetection(Detection d) {
            detections.add(Objects.requireNonNull(d, "detection"));
            return this;
        }

        public Builder addDetections(List<Detection> ds) {
            ds.forEach(this::addDetection);
            return this;
        }

        public Builder optFocus(double score, String measure) {
            focusScore = score;
            focusMeasure = Objects.requireNonNull(measure, "measure");
            return this;
        }

        public Builder optScore(String name, double value) {
            scores.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        public Builder optTimestamps(long camera, long published, long analysed) {
            cameraNanos = camera;
            publishedNanos = published;
            analysedNanos = analysed;
            return this;
        }

        public Builder optStepNanos(String step, long nanos) {
            stepNanos.put(Objects.requireNonNull(step, "step"), nanos);
            return this;
        }

        /**
         * Marks the frame as not live (see {@link AnalysisResult#isLive()}), for {@code reason}.
         *
         * @throws IllegalArgumentException if {@code reason} is blank
         */
        public Builder optNotLive(String reason) {
            if (reason == null || reason.trim().isEmpty()) {
                throw new IllegalArgumentException("A frame that is not live needs a reason");
            }
            notLiveReason = reason;
            return this;
        }

        public AnalysisResult build() {
            return new AnalysisResult(this);
        }
    }
}
