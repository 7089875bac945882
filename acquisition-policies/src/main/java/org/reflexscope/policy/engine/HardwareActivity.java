package org.reflexscope.policy.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.reflexscope.policy.hardware.AcquisitionRequest;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.plan.Acquire;
import org.reflexscope.policy.plan.ActionVisitor;
import org.reflexscope.policy.plan.HardwareAction;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.plan.MoveZ;
import org.reflexscope.policy.plan.SetExposure;
import org.reflexscope.policy.plan.SetFrameInterval;
import org.reflexscope.policy.plan.SetPreset;

/**
 * When the engine's hardware carried out plans that change what the camera sees (objective or other preset
 * switches, Z and XY moves, high-resolution acquisitions), so that a frame can be told apart from a live view of
 * the sample: {@link #around(long)} names the plan a frame's camera time falls in. Plans that only set the exposure
 * or the frame interval are not recorded (the frames around them are live). The last {@value #KEPT} plans are
 * kept, enough for any frame still waiting for analysis.
 *
 * <p><b>Threads.</b> Written by the engine's hardware thread, read by the analyzer thread; every method is
 * thread-safe and allocation-free except {@link #describe}.
 */
public final class HardwareActivity {
    static final int KEPT = 32;
    private final long[] starts = new long[KEPT];
    private final long[] ends = new long[KEPT];
    private final String[] reasons = new String[KEPT];
    private int next;
    private int count;
    private boolean inFlight;

    /** Records that {@code plan} started at {@code nanos} ({@link System#nanoTime()}); no-op for a plan without effect. */
    synchronized void planStarted(long nanos, HardwarePlan plan) {
        String reason = describe(plan);
        if (reason.isEmpty()) {
            inFlight = false;
            return;
        }
        starts[next] = nanos;
        ends[next] = Long.MAX_VALUE;
        reasons[next] = reason;
        next = (next + 1) % KEPT;
        count = Math.min(count + 1, KEPT);
        inFlight = true;
    }

    /** Records that the plan last started finished (or was given up) at {@code nanos}. */
    synchronized void planFinished(long nanos) {
        if (inFlight) {
            ends[(next + KEPT - 1) % KEPT] = nanos;
            inFlight = false;
        }
    }

    /**
     * The plan a frame stamped {@code cameraNanos} ({@link System#nanoTime()} clock) was taken during: from the
     * plan's first command until its last returned, a plan still in flight included. A frame exposed just before a
     * plan started is live (it is a view of the sample as it was).
     *
     * @return what the plan did (e.g. {@code "objective switch, Z move, high-resolution acquisition"}), or
     *     {@code ""} if the frame is live or its time is unknown ({@code cameraNanos <= 0})
     */
    public synchronized String around(long cameraNanos) {
        if (cameraNanos <= 0) {
            return "";
        }
        for (int k = 1; k <= count; k++) {
            int i = (next + KEPT - k) % KEPT;
            if (cameraNanos >= starts[i] && cameraNanos <= ends[i]) {
                return reasons[i];
            }
        }
        return "";
    }

    /**
     * What {@code plan} does to the camera's view, its steps named in plan order without repeats ({@code "objective
     * switch"}, {@code "preset change"}, {@code "Z move"}, {@code "XY move"}, {@code "z-stack acquisition"},
     * {@code "high-resolution acquisition"}); {@code ""} if it only sets the exposure or the frame interval.
     */
    public static String describe(HardwarePlan plan) {
        Set<String> names = new LinkedHashSet<>();
        for (HardwareAction a : plan.steps()) {
            String name = a.accept(VIEW_CHANGE);
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return String.join(", ", names);
    }

    /** What one step does to the camera's view; {@code ""} for none. */
    private static final ActionVisitor<String, RuntimeException> VIEW_CHANGE =
            new ActionVisitor<String, RuntimeException>() {
                @Override
                public String moveZ(MoveZ action) {
                    return "Z move";
                }

                @Override
                public String moveXY(MoveXY action) {
                    return "XY move";
                }

                @Override
                public String setPreset(SetPreset action) {
                    return MicroscopeControl.OBJECTIVE_GROUP.equals(action.group()) ? "objective switch"
                            : "preset change";
                }

                @Override
                public String setExposure(SetExposure action) {
                    return "";
                }

                @Override
                public String setFrameInterval(SetFrameInterval action) {
                    return "";
                }

                @Override
                public String acquire(Acquire action) {
                    return action.request().kind() == AcquisitionRequest.Kind.Z_STACK ? "z-stack acquisition"
                            : "high-resolution acquisition";
                }
            };

    /** The reasons of the plans kept, oldest first (for a log or a test). */
    public synchronized List<String> recentPlans() {
        List<String> out = new ArrayList<>(count);
        for (int k = count; k >= 1; k--) {
            out.add(reasons[(next + KEPT - k) % KEPT]);
        }
        return out;
    }
}
