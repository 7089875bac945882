package org.reflexscope.sim.specimen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** Several specimens seen together (e.g. beads plus cells); immutable, thread-safe if its parts are. */
public final class CompositeSpecimen implements Specimen {
    private final List<Specimen> parts;
    private final List<org.reflexscope.sim.truth.TrueEvent> events;
    private final String targetId;

    public CompositeSpecimen(List<? extends Specimen> parts) {
        this.parts = List.copyOf(parts);
        List<org.reflexscope.sim.truth.TrueEvent> ev = new ArrayList<>();
        String target = "";
        for (Specimen s : this.parts) {
            ev.addAll(s.events());
            if (target.isEmpty()) {
                target = s.targetId();
            }
        }
        ev.sort(Comparator.comparingDouble(org.reflexscope.sim.truth.TrueEvent::timeMs));
        this.events = Collections.unmodifiableList(ev);
        this.targetId = target;
    }

    @Override
    public void emitBlobs(double tMs, BlobSink sink) {
        for (int i = 0; i < parts.size(); i++) {
            parts.get(i).emitBlobs(tMs, sink);
        }
    }

    @Override
    public void addObjects(double tMs, List<org.reflexscope.sim.truth.TrueObject> out) {
        for (Specimen s : parts) {
            s.addObjects(tMs, out);
        }
    }

    @Override
    public List<org.reflexscope.sim.truth.TrueEvent> events() {
        return events;
    }

    @Override
    public String targetId() {
        return targetId;
    }

    @Override
    public boolean targetPosition(double tMs, double[] out) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).targetPosition(tMs, out)) {
                return true;
            }
        }
        return false;
    }
}
