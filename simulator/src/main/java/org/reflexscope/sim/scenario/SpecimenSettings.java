package org.reflexscope.sim.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What is under the objective, combinable: fixed fluorescent beads, moving cells (random walk plus directed
 * drift), and cells that divide at ground-truth times with a visible precursor. Objects are scattered uniformly
 * over {@code areaUm} centred on the stage's start position ({@code [0, 0]} = the initial field of view).
 */
public final class SpecimenSettings {
    private final List<Double> areaUm;
    private final Beads beads;
    private final Cells cells;
    private final Divisions divisions;

    SpecimenSettings() {
        areaUm = new ArrayList<>(List.of(0.0, 0.0));
        beads = new Beads();
        cells = new Cells();
        divisions = new Divisions();
    }

    void validate() {
        Check.size("specimen.areaUm", areaUm, 2);
        Check.range("specimen.areaUm[0]", Check.notNull("specimen.areaUm[0]", areaUm.get(0)), 0, 1e6);
        Check.range("specimen.areaUm[1]", Check.notNull("specimen.areaUm[1]", areaUm.get(1)), 0, 1e6);
        Check.notNull("specimen.beads", beads).validate();
        Check.notNull("specimen.cells", cells).validate();
        Check.notNull("specimen.divisions", divisions).validate();
        if (divisions.count() > cells.count()) {
            throw new ScenarioException("'specimen.divisions.count' (" + divisions.count() + ") cannot exceed "
                    + "'specimen.cells.count' (" + cells.count() + "): each division happens to a distinct cell");
        }
    }

    /** {@code [width, height]} of the populated area, µm; {@code [0, 0]} = the initial field of view. */
    public List<Double> areaUm() {
        return Collections.unmodifiableList(areaUm);
    }

    public Beads beads() {
        return beads;
    }

    public Cells cells() {
        return cells;
    }

    public Divisions divisions() {
        return divisions;
    }

    /** Fixed sub-resolution fluorescent beads. */
    public static final class Beads {
        private final int count;
        private final double radiusUm;
        private final double photonsPerMs;
        private final double zSpreadUm;

        Beads() {
            count = 30;
            radiusUm = 0.1;
            photonsPerMs = 200;
            zSpreadUm = 0;
        }

        void validate() {
            Check.range("specimen.beads.count", count, 0, 100000);
            Check.range("specimen.beads.radiusUm", radiusUm, 0.001, 100);
            Check.range("specimen.beads.photonsPerMs", photonsPerMs, 0, 1e9);
            Check.range("specimen.beads.zSpreadUm", zSpreadUm, 0, 1000);
        }

        public int count() {
            return count;
        }

        public double radiusUm() {
            return radiusUm;
        }

        /** Photons per ms a bead emits into the objective at illumination 1, before bleaching. */
        public double photonsPerMs() {
            return photonsPerMs;
        }

        /** Beads' heights are uniform in ±zSpreadUm/2 around the focal surface. */
        public double zSpreadUm() {
            return zSpreadUm;
        }
    }

    /** Cells or nuclei that move: a seeded random walk plus a directed drift. */
    public static final class Cells {
        private final int count;
        private final double radiusUm;
        private final double photonsPerMs;
        private final double diffusionUm2PerS;
        private final List<Double> driftUmPerMin;
        private final boolean firstIsTarget;
        private final boolean overlap;

        Cells() {
            count = 0;
            radiusUm = 5.0;
            photonsPerMs = 3000;
            diffusionUm2PerS = 0.05;
            driftUmPerMin = new ArrayList<>(List.of(0.0, 0.0));
            firstIsTarget = false;
            overlap = true;
        }

        void validate() {
            Check.range("specimen.cells.count", count, 0, 100000);
            Check.range("specimen.cells.radiusUm", radiusUm, 0.1, 1000);
            Check.range("specimen.cells.photonsPerMs", photonsPerMs, 0, 1e9);
            Check.range("specimen.cells.diffusionUm2PerS", diffusionUm2PerS, 0, 1e4);
            Check.size("specimen.cells.driftUmPerMin", driftUmPerMin, 2);
            Check.range("specimen.cells.driftUmPerMin[0]", Check.notNull("specimen.cells.driftUmPerMin[0]",
                    driftUmPerMin.get(0)), -1e5, 1e5);
            Check.range("specimen.cells.driftUmPerMin[1]", Check.notNull("specimen.cells.driftUmPerMin[1]",
                    driftUmPerMin.get(1)), -1e5, 1e5);
            if (firstIsTarget && count == 0) {
                throw new ScenarioException("'specimen.cells.firstIsTarget' needs specimen.cells.count >= 1");
            }
        }

        public int count() {
            return count;
        }

        public double radiusUm() {
            return radiusUm;
        }

        /** Photons per ms a cell emits into the objective at illumination 1, before bleaching. */
        public double photonsPerMs() {
            return photonsPerMs;
        }

        /** Random-walk diffusion coefficient: mean squared step {@code 4·D·dt} in 2-D. */
        public double diffusionUm2PerS() {
            return diffusionUm2PerS;
        }

        /** {@code [x, y]} directed motion of every cell, µm per minute. */
        public List<Double> driftUmPerMin() {
            return Collections.unmodifiableList(driftUmPerMin);
        }

        /** Whether cell 0 ({@code cell-0}) starts at the centre of the field as the target to track. */
        public boolean firstIsTarget() {
            return firstIsTarget;
        }

        /**
         * Whether cells may be placed overlapping one another (true, the default: positions uniform and
         * independent). False places them as a monolayer of adherent cells, whose nuclei do not overlap: no two
         * cells start closer than the sum of their radii (they may touch, and their random walks may bring them
         * closer later).
         */
        public boolean overlap() {
            return overlap;
        }
    }

    /**
     * Divisions: {@code count} distinct cells divide at times drawn uniformly in {@code [firstS, lastS]}; each
     * elongates then constricts over {@code precursorS} before splitting into two daughters that move
     * {@code separationUm} apart. With {@code minGapS > 0} the times are spread instead: {@code [firstS, lastS]} is
     * cut into {@code count} equal slots, one division per slot, at least {@code minGapS} after the previous one.
     */
    public static final class Divisions {
        private final int count;
        private final double firstS;
        private final double lastS;
        private final double precursorS;
        private final double separationUm;
        private final double minGapS;

        Divisions() {
            count = 0;
            firstS = 5;
            lastS = 25;
            precursorS = 2.0;
            separationUm = 10.0;
            minGapS = 0;
        }

        void validate() {
            Check.range("specimen.divisions.count", count, 0, 100000);
            Check.range("specimen.divisions.firstS", firstS, 0, 1e7);
            Check.range("specimen.divisions.lastS", lastS, firstS, 1e7);
            Check.range("specimen.divisions.precursorS", precursorS, 0.001, 1e5);
            Check.range("specimen.divisions.separationUm", separationUm, 0, 1e4);
            Check.range("specimen.divisions.minGapS", minGapS, 0, 1e7);
            if (minGapS > 0 && count > 0 && minGapS > (lastS - firstS) / count) {
                throw new ScenarioException("'specimen.divisions.minGapS' (" + minGapS + ") is longer than one "
                        + "division's share of [firstS, lastS] ((" + lastS + " - " + firstS + ") / " + count + " = "
                        + (lastS - firstS) / count + " s): lower it, widen the range or make fewer divisions");
            }
            if (precursorS > firstS) {
                throw new ScenarioException("'specimen.divisions.precursorS' (" + precursorS + ") must not exceed "
                        + "'specimen.divisions.firstS' (" + firstS + "): every precursor must start after t = 0");
            }
        }

        public int count() {
            return count;
        }

        public double firstS() {
            return firstS;
        }

        public double lastS() {
            return lastS;
        }

        /** Duration of the visible precursor (elongation, then constriction) before the split. */
        public double precursorS() {
            return precursorS;
        }

        public double separationUm() {
            return separationUm;
        }

        /** Least time between two splits; 0 (default) draws the times independently (they may cluster). */
        public double minGapS() {
            return minGapS;
        }
    }
}
