package org.reflexscope.policy.safety;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.plan.Acquire;
import org.reflexscope.policy.plan.HardwareAction;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.plan.SetPreset;

/**
 * The limits every command passes before it reaches the microscope (contract 5 in docs/architecture.md): Z soft limits,
 * maximum Z step, XY bounding box, maximum XY step, minimum interval between moves, and the presets policies may apply.
 * Immutable; made with {@link #builder()}.
 *
 * <p><b>Z soft limits are required for motion.</b> Without them every Z move and z-stack is rejected, and the
 * policy engine refuses to start in live mode. Every other limit is optional: unset means "no limit of this kind"
 * (documented in {@code docs/policies.md}). Preset changes are allowed only for presets listed with
 * {@link Builder#optAllowedPresets}; a group with no list accepts none.
 *
 * <p><b>Limits are inclusive</b>: a target exactly on a soft limit or on the bounding box edge, a step exactly as
 * long as the maximum step, and a move exactly the minimum interval after the last one are accepted; anything
 * beyond is clamped or rejected.
 *
 * <p><b>Fails closed.</b> Move targets are finite by construction ({@link MoveZ}, {@link MoveXY}); a z-stack offset
 * that is NaN or infinite is rejected. When the
 * current position is unknown ({@code NaN} in the {@link MicroscopeState}), a move on that axis is rejected if a
 * maximum step is set (the step cannot be measured), and a z-stack is always rejected (its planes cannot be placed).
 * Every rejection carries a reason.
 *
 * <p>{@link #check} is a pure function, safe to call from any thread.
 *
 * <pre>{@code
 * SafetyEnvelope env = SafetyEnvelope.builder()
 *     .optZLimitsUm(0, 200).optMaxZStepUm(5)
 *     .optXYBoundsUm(-5000, -5000, 5000, 5000).optMaxXYStepUm(100)
 *     .optMinMoveInterval(Duration.ofMillis(50))
 *     .optAllowedPresets("Objective", "10X", "40X")
 *     .build();
 * }</pre>
 */
public final class SafetyEnvelope {
    private final double zMinUm;
    private final double zMaxUm;
    private final double maxZStepUm;
    private final double xMinUm;
    private final double yMinUm;
    private final double xMaxUm;
    private final double yMaxUm;
    private final double maxXYStepUm;
    private final long minMoveIntervalNanos;
    private final Map<String, Set<String>> allowedPresets;

    private SafetyEnvelope(Builder b) {
        this.zMinUm = b.zMinUm;
        this.zMaxUm = b.zMaxUm;
        this.maxZStepUm = b.maxZStepUm;
        this.xMinUm = b.xMinUm;
        this.yMinUm = b.yMinUm;
        this.xMaxUm = b.xMaxUm;
        this.yMaxUm = b.yMaxUm;
        this.maxXYStepUm = b.maxXYStepUm;
        this.minMoveIntervalNanos = b.minMoveIntervalNanos;
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        b.allowedPresets.forEach((g, s) -> copy.put(g, Collections.unmodifiableSet(new LinkedHashSet<>(s))));
        this.allowedPresets = Collections.unmodifiableMap(copy);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether Z soft limits are set (required before any motion is enabled). */
    public boolean hasZLimits() {
        return !Double.isNaN(zMinUm);
    }

    /** Lower Z soft limit in µm; {@code NaN} if not set. */
    public double zMinUm() {
        return zMinUm;
    }

    /** Upper Z soft limit in µm; {@code NaN} if not set. */
    public double zMaxUm() {
        return zMaxUm;
    }

    /** Largest Z move in one step, µm ({@code +Infinity} if unlimited). */
    public double maxZStepUm() {
        return maxZStepUm;
    }

    /** Whether an XY bounding box is set. */
    public boolean hasXYBounds() {
        return !Double.isNaN(xMinUm);
    }

    public double xMinUm() {
        return xMinUm;
    }

    public double yMinUm() {
        return yMinUm;
    }

    public double xMaxUm() {
        return xMaxUm;
    }

    public double yMaxUm() {
        return yMaxUm;
    }

    /** Largest XY move in one step (Euclidean), µm ({@code +Infinity} if unlimited). */
    public double maxXYStepUm() {
        return maxXYStepUm;
    }

    /** Minimum time between the starts of two plans that move a stage. */
    public Duration minMoveInterval() {
        return Duration.ofNanos(minMoveIntervalNanos);
    }

    /** Allowed presets by configuration group (unmodifiable). */
    public Map<String, Set<String>> allowedPresets() {
        return allowedPresets;
    }

    /**
     * Checks {@code plan} step by step, starting from {@code state} and following the positions the plan reaches.
     *
     * @param state the microscope state the plan would start from
     * @param clampAllowed whether the proposing policy accepts moves shortened or moved inside the limits
     *        (otherwise any violation rejects the plan)
     * @param nanosSinceLastMove time since the last plan with motion started ({@code Long.MAX_VALUE} if none)
     * @return the verdict, with the plan to execute and the reasons for every clamp or rejection
     */
    public EnvelopeVerdict check(HardwarePlan plan, MicroscopeState state, boolean clampAllowed,
            long nanosSinceLastMove) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(state, "state");
        List<String> rejections = new ArrayList<>();
        List<String> clamps = new ArrayList<>();
        if (plan.hasMotion() && nanosSinceLastMove < minMoveIntervalNanos) {
            rejections.add("moves too frequent: " + f1(nanosSinceLastMove / 1e6) + " ms since the last move, the envelope's "
                    + "minimum interval is " + f1(minMoveIntervalNanos / 1e6) + " ms");
        }
        double x = state.xUm();
        double y = state.yUm();
        double z = state.zUm();
        List<HardwareAction> out = new ArrayList<>();
        for (HardwareAction step : plan.steps()) {
            switch (step.kind()) {
                case MOVE_Z: {
                    double target = ((MoveZ) step).zUm();
                    double done = checkZ(target, z, clampAllowed, rejections, clamps);
                    if (!Double.isNaN(done)) {
                        z = done;
                        out.add(done == target ? step : MoveZ.to(done));
                    }
                    break;
                }
                case MOVE_XY: {
                    MoveXY m = (MoveXY) step;
                    double[] done = checkXY(m.xUm(), m.yUm(), x, y, clampAllowed, rejections, clamps);
                    if (done != null) {
                        x = done[0];
                        y = done[1];
                        out.add(done[0] == m.xUm() && done[1] == m.yUm() ? step : MoveXY.to(done[0], done[1]));
                    }
                    break;
                }
                case SET_PRESET: {
                    SetPreset p = (SetPreset) step;
                    checkPreset(p.group(), p.preset(), rejections);
                    out.add(step);
                    break;
                }
                case ACQUIRE: {
                    checkAcquire(((Acquire) step).request(), z, rejections);
                    out.add(step);
                    break;
                }
                default:
                    out.add(step);
                    break;
            }
        }
        if (!rejections.isEmpty()) {
            rejections.addAll(clamps);
            return EnvelopeVerdict.rejected(rejections);
        }
        if (!clamps.isEmpty()) {
            return EnvelopeVerdict.clamped(HardwarePlan.of(plan.name(), out), clamps);
        }
        return EnvelopeVerdict.accepted(plan);
    }

    private double checkZ(double target, double from, boolean clamp, List<String> rejections, List<String> clamps) {
        if (!hasZLimits()) {
            rejections.add("Z soft limits are not set: no Z motion is allowed until they are "
                    + "(SafetyEnvelope.builder().optZLimitsUm(min, max))");
            return Double.NaN;
        }
        if (Double.isNaN(from) && maxZStepUm != Double.POSITIVE_INFINITY) {
            rejections.add("the current Z is unknown, so the maximum Z step of " + f3(maxZStepUm)
                    + " µm cannot be checked; read the stage position before moving");
            return Double.NaN;
        }
        double t = target;
        if (t < zMinUm || t > zMaxUm) {
            String why = "Z " + f3(t) + " µm is outside the soft limits [" + f3(zMinUm) + ", " + f3(zMaxUm) + "] µm";
            if (!clamp) {
                rejections.add(why);
                return Double.NaN;
            }
            t = Math.max(zMinUm, Math.min(zMaxUm, t));
            clamps.add(why + "; clamped to " + f3(t) + " µm");
        }
        double step = t - from;
        if (Math.abs(step) > maxZStepUm) {
            String why = "Z step " + f3(step) + " µm exceeds the maximum " + f3(maxZStepUm) + " µm";
            if (!clamp) {
                rejections.add(why);
                return Double.NaN;
            }
            t = from + Math.copySign(maxZStepUm, step);
            clamps.add(why + "; clamped to " + f3(t) + " µm");
            if (t < zMinUm || t > zMaxUm) {
                rejections.add(String.format(Locale.ROOT, "Z is at %.3f µm, outside the soft limits [%.3f, %.3f] "
                        + "µm, and cannot reach them within one maximum step; move it back by hand", from, zMinUm,
                        zMaxUm));
                return Double.NaN;
            }
        }
        return t;
    }

    private double[] checkXY(double tx, double ty, double fromX, double fromY, boolean clamp,
            List<String> rejections, List<String> clamps) {
        if ((Double.isNaN(fromX) || Double.isNaN(fromY)) && maxXYStepUm != Double.POSITIVE_INFINITY) {
            rejections.add("the current XY position is unknown, so the maximum XY step of " + f3(maxXYStepUm)
                    + " µm cannot be checked; read the stage position before moving");
            return null;
        }
        double x = tx;
        double y = ty;
        if (hasXYBounds() && (x < xMinUm || x > xMaxUm || y < yMinUm || y > yMaxUm)) {
            String why = "XY (" + f3(x) + ", " + f3(y) + ") µm is outside the bounding box [" + f3(xMinUm) + ", "
                    + f3(xMaxUm) + "] x [" + f3(yMinUm) + ", " + f3(yMaxUm) + "] µm";
            if (!clamp) {
                rejections.add(why);
                return null;
            }
            x = Math.max(xMinUm, Math.min(xMaxUm, x));
            y = Math.max(yMinUm, Math.min(yMaxUm, y));
            clamps.add(why + "; clamped to (" + f3(x) + ", " + f3(y) + ") µm");
        }
        double dx = x - fromX;
        double dy = y - fromY;
        double d = Math.hypot(dx, dy);
        if (d > maxXYStepUm) {
            String why = "XY step " + f3(d) + " µm exceeds the maximum " + f3(maxXYStepUm) + " µm";
            if (!clamp) {
                rejections.add(why);
                return null;
            }
            double s = maxXYStepUm / d;
            x = fromX + dx * s;
            y = fromY + dy * s;
            clamps.add(why + "; shortened to (" + f3(x) + ", " + f3(y) + ") µm");
            if (hasXYBounds() && (x < xMinUm || x > xMaxUm || y < yMinUm || y > yMaxUm)) {
                rejections.add(String.format(Locale.ROOT, "XY is at (%.3f, %.3f) µm, outside the bounding box, and "
                        + "cannot reach it within one maximum step; move it back by hand", fromX, fromY));
                return null;
            }
        }
        return new double[] {x, y};
    }

    private void checkPreset(String group, String preset, List<String> rejections) {
        Set<String> allowed = allowedPresets.get(group);
        if (allowed == null || !allowed.contains(preset)) {
            rejections.add("preset '" + preset + "' of group '" + group + "' is not allowed; allowed: "
                    + (allowed == null ? "none in this group" : allowed)
                    + " (add it with SafetyEnvelope.builder().optAllowedPresets)");
        }
    }

    private void checkAcquire(AcquisitionRequest r, double z, List<String> rejections) {
        if (!r.channel().isEmpty()) {
            checkPreset(MicroscopeControl.CHANNEL_GROUP, r.channel(), rejections);
        }
        if (r.kind() == AcquisitionRequest.Kind.Z_STACK) {
            if (!hasZLimits()) {
                rejections.add("Z soft limits are not set: z-stacks are not allowed until they are "
                        + "(SafetyEnvelope.builder().optZLimitsUm(min, max))");
                return;
            }
            if (!Double.isFinite(r.zStartOffsetUm()) || !Double.isFinite(r.zEndOffsetUm())) {
                rejections.add("z-stack offsets [" + r.zStartOffsetUm() + ", " + r.zEndOffsetUm()
                        + "] µm are not finite numbers; the stack is not run");
                return;
            }
            if (Double.isNaN(z)) {
                rejections.add("the current Z is unknown, so the z-stack cannot be checked against the soft limits; "
                        + "read the stage position before acquiring");
                return;
            }
            double lo = z + Math.min(r.zStartOffsetUm(), r.zEndOffsetUm());
            double hi = z + Math.max(r.zStartOffsetUm(), r.zEndOffsetUm());
            if (lo < zMinUm || hi > zMaxUm) {
                rejections.add("z-stack [" + f3(lo) + ", " + f3(hi) + "] µm leaves the soft limits [" + f3(zMinUm) + ", "
                        + f3(zMaxUm) + "] µm");
            }
        }
    }

    /** {@code v} with 3 decimals, without {@link String#format}'s cost (checks run on every decision). */
    static String f3(double v) {
        if (!Double.isFinite(v) || Math.abs(v) > 1e15) {
            return String.valueOf(v);
        }
        long m = Math.round(Math.abs(v) * 1000);
        String frac = Long.toString(1000 + m % 1000).substring(1);
        return (v < 0 && m != 0 ? "-" : "") + (m / 1000) + "." + frac;
    }

    /** {@code v} with 1 decimal. */
    static String f1(double v) {
        if (!Double.isFinite(v) || Math.abs(v) > 1e15) {
            return String.valueOf(v);
        }
        long m = Math.round(Math.abs(v) * 10);
        return (v < 0 && m != 0 ? "-" : "") + (m / 10) + "." + (m % 10);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SafetyEnvelope{z=[%s, %s] µm, maxZStep=%s µm, xy=%s, maxXYStep=%s µm, "
                + "minMoveInterval=%.1f ms, presets=%s}", zMinUm, zMaxUm, maxZStepUm,
                hasXYBounds() ? "[" + xMinUm + ", " + xMaxUm + "]x[" + yMinUm + ", " + yMaxUm + "]" : "unbounded",
                maxXYStepUm, minMoveIntervalNanos / 1e6, allowedPresets);
    }

    /** Builder of {@link SafetyEnvelope}; Z soft limits are required before any motion is enabled. */
    public static final class Builder {
        private double zMinUm = Double.NaN;
        private double zMaxUm = Double.NaN;
        private double maxZStepUm = Double.POSITIVE_INFINITY;
        private double xMinUm = Double.NaN;
        private double yMinUm = Double.NaN;
        private double xMaxUm = Double.NaN;
        private double yMaxUm = Double.NaN;
        private double maxXYStepUm = Double.POSITIVE_INFINITY;
        private long minMoveIntervalNanos;
        private final Map<String, Set<String>> allowedPresets = new LinkedHashMap<>();

        private Builder() {
        }

        /** Z soft limits in µm (required before any motion is enabled). */
        public Builder optZLimitsUm(double minUm, double maxUm) {
            if (!Double.isFinite(minUm) || !Double.isFinite(maxUm) || minUm >= maxUm) {
                throw new IllegalArgumentException("Z soft limits need finite min < max, got [" + minUm + ", "
                        + maxUm + "] µm");
            }
            zMinUm = minUm;
            zMaxUm = maxUm;
            return this;
        }

        /** Largest Z move in one step, µm (> 0). */
        public Builder optMaxZStepUm(double um) {
            maxZStepUm = positive(um, "Maximum Z step (µm)");
            return this;
        }

        /** XY bounding box in µm. */
        public Builder optXYBoundsUm(double xMin, double yMin, double xMax, double yMax) {
            if (!(xMin < xMax) || !(yMin < yMax) || !Double.isFinite(xMin + yMin + xMax + yMax)) {
                throw new IllegalArgumentException("XY bounding box needs finite xMin < xMax and yMin < yMax, got x=["
                        + xMin + ", " + xMax + "] y=[" + yMin + ", " + yMax + "] µm");
            }
            xMinUm = xMin;
            yMinUm = yMin;
            xMaxUm = xMax;
            yMaxUm = yMax;
            return this;
        }

        /** Largest XY move in one step (Euclidean), µm (> 0). */
        public Builder optMaxXYStepUm(double um) {
            maxXYStepUm = positive(um, "Maximum XY step (µm)");
            return this;
        }

        /** Minimum time between the starts of two plans that move a stage (>= 0). */
        public Builder optMinMoveInterval(Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("Minimum move interval must be >= 0, got " + d);
            }
            minMoveIntervalNanos = d.toNanos();
            return this;
        }

        /** Presets of {@code group} that policies may apply (adds to any already allowed). */
        public Builder optAllowedPresets(String group, String... presets) {
            Set<String> s = allowedPresets.computeIfAbsent(Objects.requireNonNull(group, "group"),
                    g -> new LinkedHashSet<>());
            for (String p : presets) {
                s.add(Objects.requireNonNull(p, "preset"));
            }
            return this;
        }

        private static double positive(double v, String what) {
            if (!(v > 0) || Double.isNaN(v)) {
                throw new IllegalArgumentException(what + " must be > 0, got " + v);
            }
            return v;
        }

        public SafetyEnvelope build() {
            return new SafetyEnvelope(this);
        }
    }
}
