package org.reflexscope.policy.track;

import java.util.function.ToDoubleFunction;
import org.reflexscope.core.analysis.Detection;

/** How a tracking policy picks its target when it has none (at start, or after losing it). */
public enum TargetSelector {
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

    /** The ranking value of {@code d} (larger preferred); unknown ({@code NaN}) ranks lowest. */
    double rank(Detection d) {
        double v = key.applyAsDouble(d);
        return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
    }
}
