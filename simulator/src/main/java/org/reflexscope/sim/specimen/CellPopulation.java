package org.reflexscope.sim.specimen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.reflexscope.sim.internal.Randoms;
import org.reflexscope.sim.truth.TrueEvent;
import org.reflexscope.sim.truth.TrueObject;

/**
 * Moving cells (random walk plus directed drift), some of which divide at seeded ground-truth times.
 *
 * <p><b>Appearance.</b> A cell is a Gaussian blob of σ = 0.6·r. During the precursor (the last {@code precursorS}
 * before the split) it is drawn as two half-bright blobs along a random axis: in the first half they separate to
 * ±0.5·r with σ = 0.6·r (the cell elongates, still one peak); in the second half to ±0.9·r while σ shrinks to
 * 0.5·r (a waist appears: constriction). At the split two daughters ({@code <id>.a}, {@code <id>.b}) continue
 * from there and separate to ±separation/2 over another {@code precursorS}, following the mother's walk.
 * Split times are uniform in {@code [firstS, lastS]}, or one per equal slot with a least gap
 * ({@link Params#optDivisionGap}).
 *
 * <p>Immutable after construction apart from lazily extended trajectories; thread-safe.
 */
public final class CellPopulation implements Specimen {
    private final int count;
    private final Trajectory[] paths;
    private final double[] z;
    private final double[] radius;
    private final double[] photons;
    private final double[] axisX;
    private final double[] axisY;
    private final double[] splitMs;
    private final double precursorMs;
    private final double separationUm;
    private final List<TrueEvent> events;
    private final String targetId;
    private final ThreadLocal<double[]> scratch = ThreadLocal.withInitial(() -> new double[2]);

    /** Builder-style settings of a population; see {@link CellPopulation}. */
    public static final class Params {
        int count;
        double centerXUm;
        double centerYUm;
        double widthUm;
        double heightUm;
        double radiusUm = 5;
        double photonsPerMs = 3000;
        double diffusionUm2PerS;
        double driftXUmPerMin;
        double driftYUmPerMin;
        boolean firstIsTarget;
        int divisions;
        double firstDivisionS;
        double lastDivisionS;
        double precursorS = 2;
        double separationUm = 10;
        double minGapS;
        double horizonS;
        boolean overlap = true;

        public Params setCount(int n) {
            count = n;
            return this;
        }

        public Params setArea(double cx, double cy, double w, double h) {
            centerXUm = cx;
            centerYUm = cy;
            widthUm = w;
            heightUm = h;
            return this;
        }

        public Params optAppearance(double radiusUm, double photonsPerMs) {
            this.radiusUm = radiusUm;
            this.photonsPerMs = photonsPerMs;
            return this;
        }

        public Params optMotion(double diffusionUm2PerS, double driftXUmPerMin, double driftYUmPerMin) {
            this.diffusionUm2PerS = diffusionUm2PerS;
            this.driftXUmPerMin = driftXUmPerMin;
            this.driftYUmPerMin = driftYUmPerMin;
            return this;
        }

        /**
         * Whether cells may start overlapping (true, the default); false draws each cell again (position,
         * radius, brightness, axis) until its centre is at least the sum of the radii from every cell placed
         * before it, as the nuclei of a monolayer.
         */
        public Params optOverlap(boolean v) {
            overlap = v;
            return this;
        }

        public Params optFirstIsTarget(boolean v) {
            firstIsTarget = v;
            return this;
        }

        /** Precomputes the walks up to {@code seconds} so that rendering within it allocates nothing. */
        public Params optHorizonS(double seconds) {
            this.horizonS = seconds;
            return this;
        }

        public Params optDivisions(int n, double firstS, double lastS, double precursorS, double separationUm) {
            this.divisions = n;
            this.firstDivisionS = firstS;
            this.lastDivisionS = lastS;
            this.precursorS = precursorS;
            this.separationUm = separationUm;
            return this;
        }

        /**
         * Spread the division times: {@code [firstS, lastS]} is cut into one equal slot per division and each
         * split falls in its slot at least {@code seconds} after the previous slot's (0, the default: independent
         * uniform times, which may cluster).
         */
        public Params optDivisionGap(double seconds) {
            this.minGapS = seconds;
            return this;
        }
    }

    /** Draws per cell before placement without overlap gives up. */
    private static final int MAX_PLACEMENT_ATTEMPTS = 10_000;

    /** Whether cell {@code i}'s start is at least the sum of the radii from every cell before it. */
    private static boolean clearOfOthers(double[] x, double[] y, double[] radius, int i) {
        for (int j = 0; j < i; j++) {
            double reach = radius[i] + radius[j];
            double dx = x[i] - x[j];
            double dy = y[i] - y[j];
            if (dx * dx + dy * dy < reach * reach) {
                return false;
            }
        }
        return true;
    }

    public static Params params() {
        return new Params();
    }

    public CellPopulation(Params p, long seed) {
        if (p.divisions > p.count) {
            throw new IllegalArgumentException("Cannot make " + p.divisions + " divisions among " + p.count
                    + " cells: each division needs its own cell");
        }
        SplittableRandom r = new SplittableRandom(Randoms.derive(seed, 202));
        count = p.count;
        paths = new Trajectory[count];
        z = new double[count];
        radius = new double[count];
        photons = new double[count];
        axisX = new double[count];
        axisY = new double[count];
        splitMs = new double[count];
        Arrays.fill(splitMs, Double.NaN);
        double[] x0s = new double[count];
        double[] y0s = new double[count];
        for (int i = 0; i < count; i++) {
            boolean target = i == 0 && p.firstIsTarget;
            for (int attempt = 0; ; attempt++) {
                x0s[i] = target ? p.centerXUm : p.centerXUm + (r.nextDouble() - 0.5) * p.widthUm;
                y0s[i] = target ? p.centerYUm : p.centerYUm + (r.nextDouble() - 0.5) * p.heightUm;
                radius[i] = p.radiusUm * (0.85 + 0.3 * r.nextDouble());
                photons[i] = p.photonsPerMs * (0.8 + 0.4 * r.nextDouble());
                double angle = r.nextDouble() * Math.PI;
                axisX[i] = Math.cos(angle);
                axisY[i] = Math.sin(angle);
                if (p.overlap || target || clearOfOthers(x0s, y0s, radius, i)) {
                    break;
                }
                if (attempt == MAX_PLACEMENT_ATTEMPTS) {
                    throw new IllegalArgumentException("Cannot place " + count + " cells of radius " + p.radiusUm
                            + " um without overlap in " + p.widthUm + " x " + p.heightUm + " um (cell " + i
                            + " found no free place in " + MAX_PLACEMENT_ATTEMPTS + " tries): use fewer cells"
                            + " (specimen.cells.count) or allow overlap (specimen.cells.overlap: true)");
                }
            }
            paths[i] = new Trajectory(x0s[i], y0s[i], p.diffusionUm2PerS, p.driftXUmPerMin, p.driftYUmPerMin, 100.0,
                    Randoms.derive(seed, 1000 + i));
            z[i] = 0.0;
        }
        double[] warm = new double[2];
        for (Trajectory path : paths) {
            path.positionAt(p.horizonS * 1000.0, warm);
        }
        precursorMs = p.precursorS * 1000.0;
        separationUm = p.separationUm;
        targetId = p.firstIsTarget && count > 0 ? "cell-0" : "";
        List<Integer> candidates = new ArrayList<>();
        for (int i = p.firstIsTarget ? 1 : 0; i < count; i++) {
            candidates.add(i);
        }
        if (p.divisions > candidates.size()) {
            throw new IllegalArgumentException("Cannot make " + p.divisions + " divisions among "
                    + candidates.size() + " non-target cells");
        }
        Collections.shuffle(candidates, new java.util.Random(Randoms.derive(seed, 303)));
        List<TrueEvent> ev = new ArrayList<>();
        double[] scratch = new double[2];
        double slotS = p.divisions > 0 ? (p.lastDivisionS - p.firstDivisionS) / p.divisions : 0;
        if (p.minGapS > 0 && p.minGapS > slotS) {
            throw new IllegalArgumentException("A gap of " + p.minGapS + " s between divisions does not fit "
                    + p.divisions + " divisions in [" + p.firstDivisionS + ", " + p.lastDivisionS + "] s");
        }
        for (int k = 0; k < p.divisions; k++) {
            int i = candidates.get(k);
            double t = p.minGapS > 0
                    ? 1000.0 * (p.firstDivisionS + k * slotS + p.minGapS + r.nextDouble() * (slotS - p.minGapS))
                    : 1000.0 * (p.firstDivisionS + r.nextDouble() * (p.lastDivisionS - p.firstDivisionS));
            splitMs[i] = t;
            paths[i].positionAt(t, scratch);
            ev.add(new TrueEvent("cell-" + i, TrueEvent.Kind.DIVISION, t - precursorMs, t, scratch[0], scratch[1]));
        }
        ev.sort(Comparator.comparingDouble(TrueEvent::timeMs).thenComparing(TrueEvent::id));
        events = Collections.unmodifiableList(ev);
    }

    @Override
    public void emitBlobs(double tMs, BlobSink sink) {
        double[] c = scratch.get();
        for (int i = 0; i < count; i++) {
            paths[i].positionAt(tMs, c);
            double r = radius[i];
            double s = splitMs[i];
            if (Double.isNaN(s) || tMs < s - precursorMs) {
                sink.blob(c[0], c[1], z[i], 0.6 * r, photons[i]);
                continue;
            }
            double offset;
            double sigma;
            if (tMs < s) {
                double f = (tMs - (s - precursorMs)) / precursorMs;
                if (f < 0.5) {
                    offset = r * f;
                    sigma = 0.6 * r;
                } else {
                    offset = r * (0.5 + 0.8 * (f - 0.5));
                    sigma = r * (0.6 - 0.2 * (f - 0.5));
                }
            } else {
                double g = Math.min(1.0, (tMs - s) / precursorMs);
                offset = 0.9 * r + (Math.max(0.9 * r, separationUm / 2) - 0.9 * r) * g;
                sigma = 0.5 * r;
            }
            double half = photons[i] / 2;
            sink.blob(c[0] + axisX[i] * offset, c[1] + axisY[i] * offset, z[i], sigma, half);
            sink.blob(c[0] - axisX[i] * offset, c[1] - axisY[i] * offset, z[i], sigma, half);
        }
    }

    @Override
    public void addObjects(double tMs, List<TrueObject> out) {
        double[] c = new double[2];
        for (int i = 0; i < count; i++) {
            paths[i].positionAt(tMs, c);
            double s = splitMs[i];
            String id = "cell-" + i;
            if (Double.isNaN(s) || tMs < s - precursorMs) {
                out.add(new TrueObject(id, TrueObject.Kind.CELL, TrueObject.Phase.NORMAL, c[0], c[1], z[i],
                        radius[i]));
            } else if (tMs < s) {
                out.add(new TrueObject(id, TrueObject.Kind.CELL, TrueObject.Phase.PRECURSOR, c[0], c[1], z[i],
                        radius[i]));
            } else {
                double g = Math.min(1.0, (tMs - s) / precursorMs);
                double r = radius[i];
                double offset = 0.9 * r + (Math.max(0.9 * r, separationUm / 2) - 0.9 * r) * g;
                double dr = r / Math.sqrt(2);
                out.add(new TrueObject(id + ".a", TrueObject.Kind.DAUGHTER, TrueObject.Phase.DIVIDED,
                        c[0] + axisX[i] * offset, c[1] + axisY[i] * offset, z[i], dr));
                out.add(new TrueObject(id + ".b", TrueObject.Kind.DAUGHTER, TrueObject.Phase.DIVIDED,
                        c[0] - axisX[i] * offset, c[1] - axisY[i] * offset, z[i], dr));
            }
        }
    }

    @Override
    public List<TrueEvent> events() {
        return events;
    }

    @Override
    public String targetId() {
        return targetId;
    }

    @Override
    public boolean targetPosition(double tMs, double[] out) {
        if (targetId.isEmpty()) {
            return false;
        }
        paths[0].positionAt(tMs, out);
        return true;
    }
}
