package org.reflexscope.policy.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.safety.SafetyEnvelope;

/** Survey plans beyond rectangles: a polygon and a plate's wells, checked by the envelope like any plan. */
class ShapedSurveyPlanTest {
    private static final MicroscopeState ORIGIN = MicroscopeState.builder().setPosition(0, 0, 0).build();
    private static final double FIELD = 256;
    /** A right triangle with legs of 2000 µm: the tiles along its hypotenuse are cut off at its corner. */
    private static final List<double[]> TRIANGLE = List.of(new double[] {0, 0}, new double[] {2000, 0},
            new double[] {0, 2000});

    @Test
    void aPolygonKeepsExactlyTheGridTilesWhoseFieldMeetsIt() {
        SurveyPlan box = SurveyPlan.grid(0, 0, 2000, 2000, FIELD, FIELD, 0.1);
        SurveyPlan tri = SurveyPlan.polygon(TRIANGLE, FIELD, FIELD, 0.1);
        // the triangle's fields, counted independently: a field meets it when its corner nearest the origin has
        // x + y < 2000 (the hypotenuse), clipped to the first quadrant by construction
        List<SurveyTile> expected = box.tiles().stream()
                .filter(t -> Math.max(0, t.xUm() - FIELD / 2) + Math.max(0, t.yUm() - FIELD / 2) < 2000)
                .collect(Collectors.toList());
        assertThat(tri.tiles()).hasSize(expected.size()).hasSizeLessThan(box.tiles().size());
        for (int i = 0; i < expected.size(); i++) {
            SurveyTile t = tri.tiles().get(i);
            assertThat(t.index()).isEqualTo(i);
            assertThat(t.xUm()).isEqualTo(expected.get(i).xUm());
            assertThat(t.yUm()).isEqualTo(expected.get(i).yUm());
            assertThat(t.row()).isEqualTo(expected.get(i).row());
            assertThat(t.column()).isEqualTo(expected.get(i).column());
        }
        assertThat(tri.rows()).isEqualTo(box.rows());
        assertThat(tri.columns()).isEqualTo(box.columns());
        Path2D.Double shape = new Path2D.Double();
        shape.moveTo(0, 0);
        shape.lineTo(2000, 0);
        shape.lineTo(0, 2000);
        shape.closePath();
        assertThat(tri.tiles()).allMatch(t -> shape.intersects(t.xUm() - FIELD / 2, t.yUm() - FIELD / 2, FIELD, FIELD));
    }

    @Test
    void wellsAreTiledWhereTheirDiscIsAndNamedOnTheirTiles() {
        PlateLayout plate = PlateLayout.of(8, 12, 9000, 6400, -49500, -31500);
        assertThat(plate.centreOf("b3")).containsExactly(-31500, -22500);
        assertThat(plate.centreOf("H12")).containsExactly(49500, 31500);
        SurveyPlan plan = SurveyPlan.wells(plate, List.of("A1", "B3"), 500, 500, 0.1);
        List<SurveyTile> a1 = plan.tiles().stream().filter(t -> t.label().equals("A1")).collect(Collectors.toList());
        List<SurveyTile> b3 = plan.tiles().stream().filter(t -> t.label().equals("B3")).collect(Collectors.toList());
        assertThat(a1.size() + b3.size()).isEqualTo(plan.tiles().size());
        // counted independently: the fields of the grid over A1's bounding square whose nearest point to the well's
        // centre lies inside its 3.2 mm radius
        SurveyPlan square = SurveyPlan.grid(-49500 - 3200, -31500 - 3200, -49500 + 3200, -31500 + 3200, 500, 500, 0.1);
        long meeting = square.tiles().stream().filter(t -> nearestDistance(t, -49500, -31500, 250) < 3200).count();
        assertThat(a1).hasSize((int) meeting).hasSizeLessThan(square.tiles().size());
        assertThat(b3).hasSize(a1.size());
        assertThat(plan.tiles().get(0).label()).isEqualTo("A1");
        assertThat(plan.tiles().get(plan.tiles().size() - 1).label()).isEqualTo("B3");
        Ellipse2D.Double discA1 = new Ellipse2D.Double(-49500 - 3200, -31500 - 3200, 6400, 6400);
        assertThat(a1).allMatch(t -> discA1.intersects(t.xUm() - 250, t.yUm() - 250, 500, 500));
        assertThat(b3).allMatch(t -> nearestDistance(t, -31500, -22500, 250) < 3200);
        assertThat(plan.tiles()).allMatch(t -> t.row() == -1 && t.column() == -1);
        List<Integer> order = new ArrayList<>();
        plan.tiles().forEach(t -> order.add(t.index()));
        assertThat(order).isSorted().startsWith(0).endsWith(plan.tiles().size() - 1);
    }

    /** Distance from {@code (cx, cy)} to the nearest point of a tile's field of half-width {@code half}. */
    private static double nearestDistance(SurveyTile t, double cx, double cy, double half) {
        double dx = Math.max(0, Math.abs(t.xUm() - cx) - half);
        double dy = Math.max(0, Math.abs(t.yUm() - cy) - half);
        return Math.hypot(dx, dy);
    }

    @Test
    void shapedPlansGoThroughTheSameEnvelopeCheck() {
        SafetyEnvelope env = SafetyEnvelope.builder().optZLimitsUm(-10, 10).optXYBoundsUm(-100, -100, 1500, 1500)
                .build();
        SurveyPlan tri = SurveyPlan.polygon(TRIANGLE, FIELD, FIELD, 0.1);
        assertThat(tri.refusals(env, ORIGIN)).isNotEmpty().allMatch(r -> r.contains("outside the bounding box"));
        assertThatThrownBy(() -> tri.requireInside(env, ORIGIN)).isInstanceOf(SurveyException.class)
                .hasMessageContaining("refuses");
        PlateLayout plate = PlateLayout.of(8, 12, 9000, 6400, 0, 0);
        SurveyPlan well = SurveyPlan.wells(plate, List.of("A1"), 1000, 1000, 0.1);
        assertThat(well.refusals(env, ORIGIN)).allMatch(r -> r.contains("outside the bounding box"))
                .hasSize(well.tiles().size() - countInside(plate, env)).isNotEmpty();
        SafetyEnvelope wide = SafetyEnvelope.builder().optZLimitsUm(-10, 10).optXYBoundsUm(-5000, -5000, 5000, 5000)
                .build();
        assertThat(SurveyPlan.wells(plate, List.of("A1"), 1000, 1000, 0.1).refusals(wide, ORIGIN)).isEmpty();
    }

    private static int countInside(PlateLayout plate, SafetyEnvelope env) {
        return (int) SurveyPlan.wells(plate, List.of("A1"), 1000, 1000, 0.1).tiles().stream()
                .filter(t -> t.xUm() >= env.xMinUm() && t.xUm() <= env.xMaxUm() && t.yUm() >= env.yMinUm()
                        && t.yUm() <= env.yMaxUm()).count();
    }

    @Test
    void badShapesAndWellsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> SurveyPlan.polygon(List.of(new double[] {0, 0}, new double[] {1, 1}), FIELD, FIELD,
                0.1)).hasMessageContaining("at least 3 corners");
        assertThatThrownBy(() -> SurveyPlan.polygon(List.of(new double[] {0, 0}, new double[] {1, 1},
                new double[] {2, 2}), FIELD, FIELD, 0.1)).hasMessageContaining("no area");
        PlateLayout plate = PlateLayout.of(8, 12, 9000, 6400, 0, 0);
        assertThatThrownBy(() -> plate.centreOf("I1")).hasMessageContaining("not on this 8 x 12 plate")
                .hasMessageContaining("H12");
        assertThatThrownBy(() -> plate.centreOf("A13")).hasMessageContaining("not on this");
        assertThatThrownBy(() -> plate.centreOf("1A")).hasMessageContaining("not a well name");
        assertThatThrownBy(() -> PlateLayout.of(8, 12, 9000, 9500, 0, 0)).hasMessageContaining("at most the pitch");
        assertThatThrownBy(() -> SurveyPlan.wells(plate, List.of(), 1000, 1000, 0.1))
                .hasMessageContaining("at least one well");
    }
}
