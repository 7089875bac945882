package org.reflexscope.policy.signal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.analysis.AnalysisListener;

/**
 * Checks every analysed frame for what the policies need and raises one {@link SignalAlarm} per episode:
 *
 * <ul>
 *   <li><b>Saturation</b>: the frame's {@link AnalysisResult#SATURATION_SCORE} (fraction of pixels at the camera's
 *       largest value) is at least {@code saturatedFraction}. Intensities, shapes and the focus score of clipped
 *       objects are wrong; the alarm asks for a shorter exposure or less light.</li>
 *   <li><b>No detections</b>: {@code emptyFrames} analysed frames in a row without a detection. Tracking,
 *       triggers and the adaptive rate then see nothing (the alarm names the policies that need detections) and the
 *       detections table stays empty; the alarm names light and contrast, the usual causes.</li>
 *   <li><b>Too little signal</b> ({@link SignalChecks}): {@code emptyFrames} analysed frames in a row either of
 *       noise alone (structure below {@code minStructure}, where a refocus policy runs: it holds still on them) or
 *       whose best object is too faint to track (contrast below {@code minTrackContrast}, where a tracking policy
 *       runs: it holds still rather than chase noise). One alarm per episode, naming the policies held and asking
 *       for more light, a longer exposure or camera binning. While it is on, a no-detections episode that
 *       starts is not alarmed again (noise alone has no detections).</li>
 * </ul>
 *
 * <p>An episode ends after {@code clearFrames} analysed frames in a row without the problem; a later one alarms
 * again. Alarms go to the sink on the analyzer thread (keep it quick) and are kept for {@link #alarms()}.
 * Thread-safe.
 */
public final class SignalMonitor implements AnalysisListener {
    /** Default least fraction of saturated pixels that counts as saturation (1 pixel in 2,000). */
    public static final double DEFAULT_SATURATED_FRACTION = 5e-4;
    /** Default analysed frames in a row without a detection before the alarm. */
    public static final int DEFAULT_EMPTY_FRAMES = 5;
    /** Default analysed frames in a row without the problem that end an episode. */
    public static final int DEFAULT_CLEAR_FRAMES = 10;

    private final double saturatedFraction;
    private final int emptyFrames;
    private final int clearFrames;
    private final String detectionUsers;
    private final double minStructure;
    private final double minTrackContrast;
    private final String focusUser;
    private final String trackUser;
    private final Episode weak = new Episode();
    private final Consumer<SignalAlarm> sink;
    private final Episode saturation = new Episode();
    private final Episode empty = new Episode();
    private final List<SignalAlarm> alarms = new ArrayList<>();
    private long saturatedFrames;

    private SignalMonitor(Builder b) {
        this.saturatedFraction = b.saturatedFraction;
        this.emptyFrames = b.emptyFrames;
        this.clearFrames = b.clearFrames;
        this.detectionUsers = String.join(", ", b.detectionUsers);
        this.minStructure = b.minStructure;
        this.minTrackContrast = b.minTrackContrast;
        this.focusUser = b.focusUser;
        this.trackUser = b.trackUser;
        this.sink = b.sink;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public synchronized void onResult(AnalysisResult r) {
        double sat = r.score(AnalysisResult.SATURATION_SCORE).orElse(0);
        boolean saturated = sat >= saturatedFraction;
        if (saturated) {
            saturatedFrames++;
        }
        if (saturation.update(saturated, 1, clearFrames)) {
            raise(new SignalAlarm(SignalAlarm.Kind.SATURATION, r.frameSequence(), r.frame().cameraTimeMs(),
                    String.format(Locale.ROOT, "The camera saturates: %.2f%% of the pixels of frame %d are at its "
                            + "largest value, so intensities, shapes and the focus score of bright objects are "
                            + "wrong. Shorten the exposure or reduce the light (or the camera gain).", 100 * sat,
                            r.frameSequence())));
        }
        checkSignal(r);
        // a frame of noise alone has no detections either: the too-little-signal alarm already says why
        if (empty.update(r.detections().isEmpty(), emptyFrames, clearFrames) && !weak.on) {
            raise(new SignalAlarm(SignalAlarm.Kind.NO_DETECTIONS, r.frameSequence(), r.frame().cameraTimeMs(),
                    "No object detected in " + emptyFrames + " frames in a row (up to frame " + r.frameSequence()
                            + "): too little light or contrast for detection" + (detectionUsers.isEmpty() ? ""
                            : ", and " + detectionUsers + " need detections") + ". Raise the exposure or the "
                            + "light, check the focus and the camera offset, or set the expected object size."));
        }
    }

    private void checkSignal(AnalysisResult r) {
        boolean flat = !focusUser.isEmpty() && SignalChecks.flat(r, minStructure);
        double contrast = trackUser.isEmpty() ? Double.POSITIVE_INFINITY : SignalChecks.bestContrast(r);
        boolean faint = contrast < minTrackContrast;
        if (!weak.update(flat || faint, emptyFrames, clearFrames)) {
            return;
        }
        String what;
        if (flat) {
            String held = trackUser.isEmpty() ? focusUser : focusUser + " and " + trackUser;
            what = String.format(Locale.ROOT, "Frame %d holds nothing but noise (structure %.2f, %s needs %.2f; "
                    + "noise alone is 1): %s %s still", r.frameSequence(), SignalChecks.structure(r), focusUser,
                    minStructure, held, trackUser.isEmpty() ? "holds" : "hold");
        } else {
            what = String.format(Locale.ROOT, "The brightest object of frame %d stands %.1fx above the detection "
                    + "threshold, %s needs %.1fx to tell it from noise: %s holds still", r.frameSequence(),
                    contrast, trackUser, minTrackContrast, trackUser);
        }
        raise(new SignalAlarm(SignalAlarm.Kind.TOO_LITTLE_SIGNAL, r.frameSequence(), r.frame().cameraTimeMs(),
                what + " (" + emptyFrames + " frames in a row). Raise the light or the exposure, or bin the camera "
                        + "(2x2) for more signal per pixel."));
    }

    private void raise(SignalAlarm a) {
        alarms.add(a);
        sink.accept(a);
    }

    /** Every alarm raised so far, in order. */
    public synchronized List<SignalAlarm> alarms() {
        return Collections.unmodifiableList(new ArrayList<>(alarms));
    }

    /** Analysed frames that counted as saturated so far. */
    public synchronized long saturatedFrames() {
        return saturatedFrames;
    }

    /** One kind of problem: on after {@code onAfter} bad frames in a row, off after {@code offAfter} good ones. */
    private static final class Episode {
        private boolean on;
        private int badRun;
        private int goodRun;

        /** Whether this frame starts an episode. */
        boolean update(boolean bad, int onAfter, int offAfter) {
            if (bad) {
                badRun++;
                goodRun = 0;
                if (!on && badRun >= onAfter) {
                    on = true;
                    return true;
                }
            } else {
                badRun = 0;
                if (on && ++goodRun >= offAfter) {
                    on = false;
                }
            }
            return false;
        }
    }

    /** Builder of {@link SignalMonitor}. */
    public static final class Builder {
        private double saturatedFraction = DEFAULT_SATURATED_FRACTION;
        private int emptyFrames = DEFAULT_EMPTY_FRAMES;
        private int clearFrames = DEFAULT_CLEAR_FRAMES;
        private final List<String> detectionUsers = new ArrayList<>();
        private Consumer<SignalAlarm> sink = a -> { };
        private double minStructure = SignalChecks.DEFAULT_MIN_STRUCTURE;
        private double minTrackContrast;
        private String focusUser = "";
        private String trackUser = "";

        private Builder() {
        }

        /** Least fraction (0..1] of pixels at the camera's largest value that counts as saturation. */
        public Builder optSaturatedFraction(double v) {
            if (!(v > 0 && v <= 1)) {
                throw new IllegalArgumentException("Saturated fraction must be in (0, 1], got " + v);
            }
            saturatedFraction = v;
            return this;
        }

        /** Analysed frames in a row without a detection before the no-detection alarm (default 5). */
        public Builder optEmptyFrames(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("Empty frames must be >= 1, got " + v);
            }
            emptyFrames = v;
            return this;
        }

        /** Analysed frames in a row without the problem that end an episode (default 10). */
        public Builder optClearFrames(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("Clear frames must be >= 1, got " + v);
            }
            clearFrames = v;
            return this;
        }

        /** Names a policy that needs detections (tracking, triggers, an adaptive rate), for the alarm's message. */
        public Builder addDetectionUser(String policy) {
            detectionUsers.add(Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /**
         * Names the policy that needs focus signal ({@code refocus}) and the least structure it uses a frame with
         * ({@link SignalChecks#flat}): frames below it count towards the too-little-signal alarm.
         */
        public Builder optFocusUser(String policy, double minStructure) {
            focusUser = Objects.requireNonNull(policy, "policy");
            this.minStructure = minStructure;
            return this;
        }

        /**
         * Names the policy that tracks ({@code track}) and the least contrast it follows a detection with
         * ({@link SignalChecks#contrast}): frames whose best detection is below it count towards the
         * too-little-signal alarm.
         */
        public Builder optTrackUser(String policy, double minContrast) {
            trackUser = Objects.requireNonNull(policy, "policy");
            minTrackContrast = minContrast;
            return this;
        }

        /** Receives each alarm as it is raised (analyzer thread). */
        public Builder optSink(Consumer<SignalAlarm> v) {
            sink = Objects.requireNonNull(v, "sink");
            return this;
        }

        public SignalMonitor build() {
            return new SignalMonitor(this);
        }
    }
}
