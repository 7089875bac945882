package org.reflexscope.policy.survey;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.reflexscope.core.focus.FocusMeasure;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.HardwareException;

/**
 * Software autofocus for a survey's focus map: at a point, a Z scan of {@code ±rangeUm} in {@code stepUm} steps
 * around a starting Z, one snap per plane scored by a {@link FocusMeasure} (larger is sharper); the focus is the
 * best plane, refined by a parabola through it and its two neighbours. Immutable.
 */
public final class FocusScan {
    private final double rangeUm;
    private final double stepUm;
    private final FocusMeasure measure;

    /**
     * @throws IllegalArgumentException if the range or step is not positive or the step exceeds the range
     */
    public FocusScan(double rangeUm, double stepUm, FocusMeasure measure) {
        if (!(rangeUm > 0) || !(stepUm > 0) || stepUm > rangeUm || !Double.isFinite(rangeUm)) {
            throw new IllegalArgumentException("A focus scan needs 0 < step <= range, got range ±" + rangeUm
                    + " µm, step " + stepUm + " µm");
        }
        this.rangeUm = rangeUm;
        this.stepUm = stepUm;
        this.measure = Objects.requireNonNull(measure, "measure");
    }

    /** Planes per scan. */
    public int planes() {
        return 2 * (int) Math.floor(rangeUm / stepUm + 1e-9) + 1;
    }

    public double rangeUm() {
        return rangeUm;
    }

    public double stepUm() {
        return stepUm;
    }

    /** Scans around {@code z0Um} at the stage's current XY; every Z move through the envelope. */
    double focusZ(GuardedStage stage, double z0Um, String where) throws HardwareException, SurveyException {
        int half = (planes() - 1) / 2;
        List<Double> scores = new ArrayList<>(planes());
        for (int i = -half; i <= half; i++) {
            stage.moveZ(z0Um + i * stepUm, "focus scan at " + where);
            Frame f = stage.acquire(AcquisitionRequest.burst(1).withName("survey-focus")).frames().get(0);
            scores.add(score(f));
        }
        int best = 0;
        for (int i = 1; i < scores.size(); i++) {
            if (scores.get(i) > scores.get(best)) {
                best = i;
            }
        }
        double z = z0Um + (best - half) * stepUm;
        if (best > 0 && best < scores.size() - 1) {
            double l = scores.get(best - 1);
            double m = scores.get(best);
            double r = scores.get(best + 1);
            double curvature = l - 2 * m + r;
            if (curvature < 0) {
                z += 0.5 * (l - r) / curvature * stepUm;
            }
        }
        return z;
    }

    private double score(Frame f) {
        int w = f.width();
        int h = f.height();
        float[] px = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = f.valueAt(x, y);
            }
        }
        return measure.measure(px, w, h);
    }
}
