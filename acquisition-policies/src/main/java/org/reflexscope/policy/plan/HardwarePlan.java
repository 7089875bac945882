package org.reflexscope.policy.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An ordered list of {@link HardwareAction steps} executed as one unit on the hardware thread: the engine runs at
 * most one plan at a time, checks every step against the safety envelope before the first one runs, and stops at
 * the first step that fails. Immutable.
 *
 * <pre>{@code
 * HardwarePlan p = HardwarePlan.of("refocus", MoveZ.to(101.5));
 * HardwarePlan both = p.then(HardwarePlan.of("track", MoveXY.to(10, 20)));
 * }</pre>
 */
public final class HardwarePlan {
    private final String name;
    private final List<HardwareAction> steps;

    private HardwarePlan(String name, List<HardwareAction> steps) {
        this.name = Objects.requireNonNull(name, "name");
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("A hardware plan needs at least one step ('" + name + "')");
        }
        for (HardwareAction s : steps) {
            Objects.requireNonNull(s, "step");
        }
        this.steps = Collections.unmodifiableList(new ArrayList<>(steps));
    }

    /** A plan named {@code name} (e.g. the proposing policy) with the given steps, in order. */
    public static HardwarePlan of(String name, HardwareAction... steps) {
        return new HardwarePlan(name, Arrays.asList(steps));
    }

    /** A plan named {@code name} with the given steps, in order (copied). */
    public static HardwarePlan of(String name, List<? extends HardwareAction> steps) {
        return new HardwarePlan(name, new ArrayList<>(steps));
    }

    /** This plan followed by {@code next}'s steps, named {@code "this+next"}. */
    public HardwarePlan then(HardwarePlan next) {
        List<HardwareAction> all = new ArrayList<>(steps);
        all.addAll(next.steps);
        return new HardwarePlan(name + "+" + next.name, all);
    }

    public String name() {
        return name;
    }

    public List<HardwareAction> steps() {
        return steps;
    }

    /** Whether any step moves a stage. */
    public boolean hasMotion() {
        return steps.stream().anyMatch(HardwareAction::isMotion);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HardwarePlan)) {
            return false;
        }
        HardwarePlan p = (HardwarePlan) o;
        return name.equals(p.name) && steps.equals(p.steps);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, steps);
    }

    @Override
    public String toString() {
        return "HardwarePlan{" + name + ": " + steps + '}';
    }
}
