package org.reflexscope.sim.survey;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.reflexscope.sim.internal.Randoms;
import org.reflexscope.sim.specimen.BlobSink;
import org.reflexscope.sim.specimen.Specimen;
import org.reflexscope.sim.truth.TrueEvent;
import org.reflexscope.sim.truth.TrueObject;

/**
 * A still slide much larger than a field of view: nuclei on a jittered lattice (no two overlap), a known fraction
 * of which show a rare phenotype, drawn brighter and larger. The rare cells are the ground truth of a guided survey.
 *
 * <p><b>Appearance.</b> As {@code CellPopulation}'s cells: a Gaussian blob of σ = 0.6·r, radius r drawn in
 * [0.85, 1.15]·radius and brightness in [0.8, 1.2]·photons; a rare cell multiplies both by its factors. Positions:
 * lattice of pitch {@code spacingUm}, each cell moved by up to ±{@code jitter}·pitch/2 per axis. Seeded and
 * immutable; thread-safe.
 */
public final class SurveySlide implements Specimen {
    private final double[] x;
    private final double[] y;
    private final double[] radius;
    private final double[] photons;
    private final boolean[] rare;
    private final List<TrueObject> rareCells;
    private final double centerXUm;
    private final double centerYUm;
    private final double slopeX;
    private final double slopeY;

    /**
     * @param rareFraction fraction of cells with the rare phenotype, in [0, 1]; the count is rounded, at least one
     *        when the fraction is above 0
     */
    public SurveySlide(double centerXUm, double centerYUm, double widthUm, double heightUm, double spacingUm,
            double radiusUm, double photonsPerMs, double rareFraction, double rareBrightness, double rareSize,
            long seed) {
        if (!(spacingUm > 2 * 1.15 * radiusUm * Math.max(1, rareSize))) {
            throw new IllegalArgumentException("Cells of radius " + radiusUm + " µm need a lattice pitch above "
                    + 2 * 1.15 * radiusUm * Math.max(1, rareSize) + " µm to stay apart, got " + spacingUm);
        }
        if (!(rareFraction >= 0 && rareFraction <= 1)) {
            throw new IllegalArgumentException("Rare fraction must be in [0, 1], got " + rareFraction);
        }
        this.centerXUm = centerXUm;
        this.centerYUm = centerYUm;
        this.slopeX = 0;
        this.slopeY = 0;
        int cols = Math.max(1, (int) Math.floor(widthUm / spacingUm));
        int rows = Math.max(1, (int) Math.floor(heightUm / spacingUm));
        int n = cols * rows;
        x = new double[n];
        y = new double[n];
        radius = new double[n];
        photons = new double[n];
        rare = new boolean[n];
        SplittableRandom r = new SplittableRandom(Randoms.derive(seed, 2101));
        double free = spacingUm - 2 * 1.15 * radiusUm * Math.max(1, rareSize);
        double x0 = centerXUm - (cols - 1) * spacingUm / 2;
        double y0 = centerYUm - (rows - 1) * spacingUm / 2;
        for (int i = 0; i < n; i++) {
            x[i] = x0 + (i % cols) * spacingUm + (r.nextDouble() - 0.5) * free;
            y[i] = y0 + (i / cols) * spacingUm + (r.nextDouble() - 0.5) * free;
            radius[i] = radiusUm * (0.85 + 0.3 * r.nextDouble());
            photons[i] = photonsPerMs * (0.8 + 0.4 * r.nextDouble());
        }
        int rareCount = rareFraction == 0 ? 0 : Math.max(1, (int) Math.round(rareFraction * n));
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new java.util.Random(Randoms.derive(seed, 2102)));
        List<TrueObject> truth = new ArrayList<>(rareCount);
        for (int k = 0; k < rareCount; k++) {
            int i = order.get(k);
            rare[i] = true;
            radius[i] *= rareSize;
            photons[i] *= rareBrightness;
        }
        for (int i = 0; i < n; i++) {
            if (rare[i]) {
                truth.add(new TrueObject("rare-" + i, TrueObject.Kind.CELL, TrueObject.Phase.NORMAL, x[i], y[i],
                        surfaceZUm(x[i], y[i]), radius[i]));
            }
        }
        rareCells = Collections.unmodifiableList(truth);
    }

    /**
     * The same slide (same cells, same seed) tilted: its surface, where the cells lie, rises {@code slopeX} µm per µm
     * along x and {@code slopeY} along y from its centre, as a slide never quite flat on the stage does.
     */
    public SurveySlide tilted(double slopeXUmPerUm, double slopeYUmPerUm) {
        if (!Double.isFinite(slopeXUmPerUm) || !Double.isFinite(slopeYUmPerUm)) {
            throw new IllegalArgumentException("Tilt slopes must be finite, got " + slopeXUmPerUm + ", "
                    + slopeYUmPerUm);
        }
        return new SurveySlide(this, slopeXUmPerUm, slopeYUmPerUm);
    }

    private SurveySlide(SurveySlide o, double slopeX, double slopeY) {
        this.x = o.x;
        this.y = o.y;
        this.radius = o.radius;
        this.photons = o.photons;
        this.rare = o.rare;
        this.centerXUm = o.centerXUm;
        this.centerYUm = o.centerYUm;
        this.slopeX = slopeX;
        this.slopeY = slopeY;
        List<TrueObject> truth = new ArrayList<>(o.rareCells.size());
        for (TrueObject c : o.rareCells) {
            truth.add(new TrueObject(c.id(), c.kind(), c.phase(), c.xUm(), c.yUm(), surfaceZUm(c.xUm(), c.yUm()),
                    c.radiusUm()));
        }
        this.rareCells = Collections.unmodifiableList(truth);
    }

    /** Height (stage Z, µm) of the slide's surface, where its cells lie, at {@code (x, y)}: 0 unless tilted. */
    public double surfaceZUm(double xUm, double yUm) {
        return slopeX * (xUm - centerXUm) + slopeY * (yUm - centerYUm);
    }

    /** Number of cells on the slide. */
    public int cellCount() {
        return x.length;
    }

    /** The cells with the rare phenotype: the targets a survey should find. */
    public List<TrueObject> rareCells() {
        return rareCells;
    }

    @Override
    public void emitBlobs(double tMs, BlobSink sink) {
        for (int i = 0; i < x.length; i++) {
            sink.blob(x[i], y[i], surfaceZUm(x[i], y[i]), 0.6 * radius[i], photons[i]);
        }
    }

    @Override
    public void addObjects(double tMs, List<TrueObject> out) {
        for (int i = 0; i < x.length; i++) {
            out.add(new TrueObject((rare[i] ? "rare-" : "cell-") + i, TrueObject.Kind.CELL, TrueObject.Phase.NORMAL,
                    x[i], y[i], surfaceZUm(x[i], y[i]), radius[i]));
        }
    }

    @Override
    public List<TrueEvent> events() {
        return List.of();
    }
}
