package org.reflexscope.sim.truth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.reflexscope.sim.optics.FocusDrift;
import org.reflexscope.sim.optics.Objective;

/**
 * What the simulator knows exactly at any simulated time: the focal plane, every object's position (sample XY
 * drift included, in stage µm) and the events. Thread-safe; positions are pure functions of time.
 *
 * <pre>{@code
 * GroundTruth truth = scope.groundTruth();
 * double focusErrorUm = scope.state().zUm() - truth.focalPlaneUm(tMs, "10X");
 * for (TrueEvent e : truth.events()) { ... }
 * }</pre>
 */
public final class GroundTruth {
    private final TrueSample specimen;
    private final FocusDrift drift;
    private final Map<String, Objective> objectives;
    private final String referenceObjective;
    private final List<TrueEvent> events;

    /**
     * @param objectives the objectives by preset name; the first is the reference of {@link #focalPlaneUm(double)}
     */
    public GroundTruth(TrueSample specimen, FocusDrift drift, Map<String, Objective> objectives) {
        this.specimen = Objects.requireNonNull(specimen, "specimen");
        this.drift = Objects.requireNonNull(drift, "drift");
        if (objectives.isEmpty()) {
            throw new IllegalArgumentException("Ground truth needs at least one objective");
        }
        this.objectives = Collections.unmodifiableMap(new LinkedHashMap<>(objectives));
        this.referenceObjective = objectives.keySet().iterator().next();
        List<TrueEvent> ev = new ArrayList<>();
        for (TrueEvent e : specimen.events()) {
            ev.add(new TrueEvent(e.id(), e.kind(), e.onsetMs(), e.timeMs(), e.xUm() + drift.driftXUm(e.timeMs()),
                    e.yUm() + drift.driftYUm(e.timeMs())));
        }
        this.events = Collections.unmodifiableList(ev);
    }

    /** Stage Z (µm) that puts the focal surface in focus at {@code tMs} with the first (reference) objective. */
    public double focalPlaneUm(double tMs) {
        return focalPlaneUm(tMs, referenceObjective);
    }

    /**
     * Stage Z (µm) that puts the focal surface in focus at {@code tMs} with {@code objective} (parfocal offset
     * included).
     *
     * @throws IllegalArgumentException for an unknown objective (the message lists the known ones)
     */
    public double focalPlaneUm(double tMs, String objective) {
        return drift.focalPlaneUm(tMs) + objective(objective).parfocalOffsetUm();
    }

    /** The imaging model of {@code name}. @throws IllegalArgumentException if unknown (lists the known ones) */
    public Objective objective(String name) {
        Objective o = objectives.get(name);
        if (o == null) {
            throw new IllegalArgumentException("Unknown objective '" + name + "'. Known: " + objectives.keySet());
        }
        return o;
    }

    /** Every object at {@code tMs}, stage µm (sample drift included). */
    public List<TrueObject> objects(double tMs) {
        List<TrueObject> raw = new ArrayList<>();
        specimen.addObjects(tMs, raw);
        double dx = drift.driftXUm(tMs);
        double dy = drift.driftYUm(tMs);
        List<TrueObject> out = new ArrayList<>(raw.size());
        for (TrueObject o : raw) {
            out.add(new TrueObject(o.id(), o.kind(), o.phase(), o.xUm() + dx, o.yUm() + dy, o.zUm(), o.radiusUm()));
        }
        return Collections.unmodifiableList(out);
    }

    /** The events in time order, positioned at their split (sample drift included). */
    public List<TrueEvent> events() {
        return events;
    }

    /** Id of the object to track, or {@code ""}. */
    public String targetId() {
        return specimen.targetId();
    }

    /** The tracking target at {@code tMs}, if the specimen has one. */
    public Optional<TrueObject> target(double tMs) {
        String id = targetId();
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return objects(tMs).stream().filter(o -> o.id().equals(id)).findFirst();
    }

    /**
     * Writes the target's centre (stage µm) at {@code tMs} into {@code out[0..1]} without allocating.
     *
     * @return {@code false} if there is no target ({@code out} untouched)
     */
    public boolean targetPosition(double tMs, double[] out) {
        if (!specimen.targetPosition(tMs, out)) {
            return false;
        }
        out[0] += drift.driftXUm(tMs);
        out[1] += drift.driftYUm(tMs);
        return true;
    }

    /** Sample XY drift along x at {@code tMs}, µm. */
    public double driftXUm(double tMs) {
        return drift.driftXUm(tMs);
    }

    /** Sample XY drift along y at {@code tMs}, µm. */
    public double driftYUm(double tMs) {
        return drift.driftYUm(tMs);
    }
}
