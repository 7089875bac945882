package org.reflexscope.policy.track;

import java.util.function.ToDoubleFunction;
import org.reflexscope.core.detect.Detection;

/**
 * How a tracking policy picks its target when it has none (at start, or after losing it). Users usually put the
 * cell they want to follow in the middle of the field before starting: {@link #NEAREST_CENTRE} (the default of
 * {@link TrackPolicy}) picks that one; brightness, size and score pick whatever object in the field ranks highest,
 * which may be a blob at the edge.
 */
public enum TargetSelector {
    /** The detection nearest to the field centre (the current stage position). */
    NEAREST_CENTRE(null),
    /** The detection with a given id (ids assigned by a tracker upstream); the most confident if several. */
    ID(Detection::score),
    /** The largest detection ({@link Detection#sizePx()}). */
    LARGEST(Detection::sizePx),
    /** The brightest detection ({@link Detection#intensity()}). */
    BRIGHTEST(Detection::intensity),
    /** The most confident detection ({@link Detection#score()}). */
    HIGHEST_SCORE(Detection::score);

    private final ToDoubleFunction<Detection> key;

    TargetSelector(ToDoubleFunction<Detection> key) {
        this.key = key;
    }

    /**
     * The cost of choosing {@code d} (smaller preferred), given its stage position {@code stageXY} (µm) and the
     * current stage position (the field centre); unknown values ({@code NaN}) cost most.
     */
    double cost(Detection d, double[] stageXY, double centreXUm, double centreYUm) {
        double v = key == null ? Math.hypot(stageXY[0] - centreXUm, stageXY[1] - centreYUm)
                : -key.applyAsDouble(d);
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }
}
