package org.reflexscope.sim.specimen;

import java.util.ArrayList;
import java.util.List;
import org.reflexscope.sim.scenario.ObjectiveSettings;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.scenario.SpecimenSettings;

/** Builds the specimen a {@link Scenario} describes (beads, cells, divisions, combined). */
public final class Specimens {
    private Specimens() {
    }

    /** The scenario's specimen: its parts combined; the area defaults to the initial field of view. */
    public static Specimen from(Scenario s) {
        SpecimenSettings sp = s.specimen();
        ObjectiveSettings start = s.optics().objectives().stream()
                .filter(o -> o.name().equals(s.optics().objective())).findFirst()
                .orElseThrow(() -> new IllegalStateException("validated scenario lacks its objective"));
        double w = sp.areaUm().get(0) > 0 ? sp.areaUm().get(0) : s.camera().width() * start.pixelSizeUm();
        double h = sp.areaUm().get(1) > 0 ? sp.areaUm().get(1) : s.camera().height() * start.pixelSizeUm();
        double cx = s.stage().startXUm();
        double cy = s.stage().startYUm();
        List<Specimen> parts = new ArrayList<>();
        SpecimenSettings.Beads b = sp.beads();
        if (b.count() > 0) {
            parts.add(new BeadField(b.count(), cx, cy, w, h, b.zSpreadUm(), b.radiusUm(), b.photonsPerMs(),
                    s.seed()));
        }
        SpecimenSettings.Cells c = sp.cells();
        if (c.count() > 0) {
            SpecimenSettings.Divisions d = sp.divisions();
            parts.add(new CellPopulation(CellPopulation.params().setCount(c.count()).setArea(cx, cy, w, h)
                    .optAppearance(c.radiusUm(), c.photonsPerMs())
                    .optMotion(c.diffusionUm2PerS(), c.driftUmPerMin().get(0), c.driftUmPerMin().get(1))
                    .optFirstIsTarget(c.firstIsTarget()).optOverlap(c.overlap()).optHorizonS(1.5 * s.durationS())
                    .optDivisions(d.count(), d.firstS(), d.lastS(), d.precursorS(), d.separationUm())
                    .optDivisionGap(d.minGapS()), s.seed()));
        }
        return new CompositeSpecimen(parts);
    }
}
