package org.reflexscope.sim.support;

import java.util.List;
import org.reflexscope.sim.specimen.BlobSink;
import org.reflexscope.sim.specimen.Specimen;
import org.reflexscope.sim.truth.TrueEvent;
import org.reflexscope.sim.truth.TrueObject;

/** One bead at a chosen place: a minimal specimen for optics tests. */
public final class SingleBead implements Specimen {
    private final double x;
    private final double y;
    private final double photonsPerMs;

    public SingleBead(double x, double y, double photonsPerMs) {
        this.x = x;
        this.y = y;
        this.photonsPerMs = photonsPerMs;
    }

    @Override
    public void emitBlobs(double tMs, BlobSink sink) {
        sink.blob(x, y, 0, 0.05, photonsPerMs);
    }

    @Override
    public void addObjects(double tMs, List<TrueObject> out) {
        out.add(new TrueObject("bead", TrueObject.Kind.BEAD, TrueObject.Phase.NORMAL, x, y, 0, 0.1));
    }

    @Override
    public List<TrueEvent> events() {
        return List.of();
    }
}
