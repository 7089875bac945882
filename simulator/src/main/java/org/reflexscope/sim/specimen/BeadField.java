package org.reflexscope.sim.specimen;

import java.util.List;
import java.util.SplittableRandom;
import org.reflexscope.sim.internal.Randoms;
import org.reflexscope.sim.truth.TrueEvent;
import org.reflexscope.sim.truth.TrueObject;

/** Fixed sub-resolution fluorescent beads scattered over an area (positions seeded); immutable, thread-safe. */
public final class BeadField implements Specimen {
    private final double[] x;
    private final double[] y;
    private final double[] z;
    private final double[] photons;
    private final double sigmaUm;
    private final double radiusUm;

    /**
     * @param centerXUm centre of the populated area, sample µm
     * @param widthUm width of the area
     * @param zSpreadUm heights uniform in ±zSpreadUm/2 around the focal surface
     * @param photonsPerMs mean brightness (each bead varies ±10 %)
     */
    public BeadField(int count, double centerXUm, double centerYUm, double widthUm, double heightUm,
            double zSpreadUm, double radiusUm, double photonsPerMs, long seed) {
        SplittableRandom r = new SplittableRandom(Randoms.derive(seed, 101));
        x = new double[count];
        y = new double[count];
        z = new double[count];
        photons = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = centerXUm + (r.nextDouble() - 0.5) * widthUm;
            y[i] = centerYUm + (r.nextDouble() - 0.5) * heightUm;
            z[i] = (r.nextDouble() - 0.5) * zSpreadUm;
            photons[i] = photonsPerMs * (0.9 + 0.2 * r.nextDouble());
        }
        this.radiusUm = radiusUm;
        this.sigmaUm = radiusUm / 2.0;
    }

    @Override
    public void emitBlobs(double tMs, BlobSink sink) {
        for (int i = 0; i < x.length; i++) {
            sink.blob(x[i], y[i], z[i], sigmaUm, photons[i]);
        }
    }

    @Override
    public void addObjects(double tMs, List<TrueObject> out) {
        for (int i = 0; i < x.length; i++) {
            out.add(new TrueObject("bead-" + i, TrueObject.Kind.BEAD, TrueObject.Phase.NORMAL, x[i], y[i], z[i],
                    radiusUm));
        }
    }

    @Override
    public List<TrueEvent> events() {
        return List.of();
    }
}
