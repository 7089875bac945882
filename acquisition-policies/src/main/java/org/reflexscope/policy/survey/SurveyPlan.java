package org.reflexscope.policy.survey;

import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.plan.HardwarePlan;
import org.reflexscope.policy.plan.MoveXY;
import org.reflexscope.policy.safety.EnvelopeVerdict;
import org.reflexscope.policy.safety.SafetyEnvelope;

/**
 * The fields a survey visits, in order: a tiled rectangle in serpentine order (rows from low to high y, every other
 * row right to left, so consecutive tiles are neighbours), the tiles of such a grid that meet a polygon, the tiles of
 * a plate's wells, or a list of stage positions as given. However made, a plan is checked against the safety envelope
 * the same way ({@link #requireInside}). Immutable.
 *
 * <pre>{@code
 * SurveyPlan plan = SurveyPlan.grid(-600, -600, 600, 600, 256, 256, 0.1);   // covers the rectangle
 * plan.requireInside(envelope, scope.state());                               // refuses, never clamps
 * }</pre>
 */
public final class SurveyPlan {
    private final List<SurveyTile> tiles;
    private final int rows;
    private final int columns;

    private SurveyPlan(List<SurveyTile> tiles, int rows, int columns) {
        if (tiles.isEmpty()) {
            throw new IllegalArgumentException("A survey needs at least one tile");
        }
        this.tiles = Collections.unmodifiableList(new ArrayList<>(tiles));
        this.rows = rows;
        this.columns = columns;
    }

    /**
     * The fewest tiles of {@code fieldWidthUm × fieldHeightUm}, overlapping by at least {@code overlap} (a fraction
     * of the field, in [0, 0.9]), whose fields cover the rectangle {@code [xMin, xMax] × [yMin, yMax]} (stage µm);
     * the outer fields' edges lie on the rectangle's edges and the steps are equal.
     */
    public static SurveyPlan grid(double xMinUm, double yMinUm, double xMaxUm, double yMaxUm, double fieldWidthUm,
            double fieldHeightUm, double overlap) {
        if (!(xMinUm < xMaxUm) || !(yMinUm < yMaxUm) || !Double.isFinite(xMinUm + xMaxUm + yMinUm + yMaxUm)) {
            throw new IllegalArgumentException("Survey region needs finite xMin < xMax and yMin < yMax, got x=["
                    + xMinUm + ", " + xMaxUm + "] y=[" + yMinUm + ", " + yMaxUm + "] µm");
        }
        if (!(fieldWidthUm > 0) || !(fieldHeightUm > 0)) {
            throw new IllegalArgumentException("Field of view must be > 0 µm, got " + fieldWidthUm + " x "
                    + fieldHeightUm);
        }
        if (!(overlap >= 0 && overlap <= 0.9)) {
            throw new IllegalArgumentException("Tile overlap must be a fraction in [0, 0.9], got " + overlap);
        }
        int cols = count(xMaxUm - xMinUm, fieldWidthUm, overlap);
        int rws = count(yMaxUm - yMinUm, fieldHeightUm, overlap);
        double stepX = cols == 1 ? 0 : (xMaxUm - xMinUm - fieldWidthUm) / (cols - 1);
        double stepY = rws == 1 ? 0 : (yMaxUm - yMinUm - fieldHeightUm) / (rws - 1);
        double x0 = cols == 1 ? (xMinUm + xMaxUm) / 2 : xMinUm + fieldWidthUm / 2;
        double y0 = rws == 1 ? (yMinUm + yMaxUm) / 2 : yMinUm + fieldHeightUm / 2;
        List<SurveyTile> out = new ArrayList<>(cols * rws);
        for (int r = 0; r < rws; r++) {
            for (int k = 0; k < cols; k++) {
                int c = r % 2 == 0 ? k : cols - 1 - k;
                out.add(new SurveyTile(out.size(), r, c, x0 + c * stepX, y0 + r * stepY));
            }
        }
        return new SurveyPlan(out, rws, cols);
    }

    /**
     * The tiles of the grid over the polygon's bounding box (as {@link #grid}) whose fields intersect the polygon,
     * in the grid's serpentine order; they keep their grid row and column, so the plan is a mosaic with holes.
     *
     * @param verticesUm the polygon's corners {@code {x, y}} (stage µm) in order, at least 3; the last connects to
     *     the first
     * @throws IllegalArgumentException if there are fewer than 3 finite corners, or the polygon has no area
     */
    public static SurveyPlan polygon(List<double[]> verticesUm, double fieldWidthUm, double fieldHeightUm,
            double overlap) {
        Objects.requireNonNull(verticesUm, "vertices");
        if (verticesUm.size() < 3) {
            throw new IllegalArgumentException("A survey polygon needs at least 3 corners, got " + verticesUm.size());
        }
        Path2D.Double shape = new Path2D.Double();
        double twiceArea = 0;
        for (int i = 0; i < verticesUm.size(); i++) {
            double[] v = verticesUm.get(i);
            if (v == null || v.length != 2 || !Double.isFinite(v[0]) || !Double.isFinite(v[1])) {
                throw new IllegalArgumentException("Polygon corner " + i + " must be a finite {x, y} in µm");
            }
            double[] next = verticesUm.get((i + 1) % verticesUm.size());
            if (next != null && next.length == 2) {
                twiceArea += v[0] * next[1] - next[0] * v[1];
            }
            if (i == 0) {
                shape.moveTo(v[0], v[1]);
            } else {
                shape.lineTo(v[0], v[1]);
            }
        }
        shape.closePath();
        if (!(Math.abs(twiceArea) > 0)) {
            throw new IllegalArgumentException("The survey polygon has no area: its corners lie on a line");
        }
        Rectangle2D box = shape.getBounds2D();
        return keepIntersecting(grid(box.getMinX(), box.getMinY(), box.getMaxX(), box.getMaxY(), fieldWidthUm,
                fieldHeightUm, overlap), shape, fieldWidthUm, fieldHeightUm, "the polygon");
    }

    /**
     * Wells of a plate, in the order given: each well's tiles are those of the grid over the well's bounding square
     * (as {@link #grid}) whose fields intersect its disc, in serpentine order. Tiles have no plate-wide row and
     * column ({@code -1}, as listed positions); {@link SurveyTile#label()} names the well.
     *
     * @param wells well names as {@link PlateLayout#centreOf} takes them, e.g. {@code "A1"}, {@code "H12"}
     * @throws IllegalArgumentException if no well is given, or a name is not a well of the plate
     */
    public static SurveyPlan wells(PlateLayout plate, List<String> wells, double fieldWidthUm, double fieldHeightUm,
            double overlap) {
        Objects.requireNonNull(plate, "plate");
        if (wells == null || wells.isEmpty()) {
            throw new IllegalArgumentException("Name at least one well to survey, e.g. A1");
        }
        List<SurveyTile> out = new ArrayList<>();
        double r = plate.wellDiameterUm() / 2;
        for (String well : wells) {
            double[] c = plate.centreOf(well);
            Ellipse2D.Double disc = new Ellipse2D.Double(c[0] - r, c[1] - r, 2 * r, 2 * r);
            SurveyPlan one = keepIntersecting(grid(c[0] - r, c[1] - r, c[0] + r, c[1] + r, fieldWidthUm, fieldHeightUm,
                    overlap), disc, fieldWidthUm, fieldHeightUm, "well " + well);
            for (SurveyTile t : one.tiles) {
                out.add(new SurveyTile(out.size(), -1, -1, t.xUm(), t.yUm(), well.trim().toUpperCase(Locale.ROOT)));
            }
        }
        return new SurveyPlan(out, 0, 0);
    }

    private static SurveyPlan keepIntersecting(SurveyPlan grid, Shape shape, double fieldWidthUm,
            double fieldHeightUm, String what) {
        List<SurveyTile> kept = new ArrayList<>();
        for (SurveyTile t : grid.tiles) {
            if (shape.intersects(t.xUm() - fieldWidthUm / 2, t.yUm() - fieldHeightUm / 2, fieldWidthUm,
                    fieldHeightUm)) {
                kept.add(new SurveyTile(kept.size(), t.row(), t.column(), t.xUm(), t.yUm()));
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("No field of the grid over " + what + " intersects it");
        }
        return new SurveyPlan(kept, grid.rows, grid.columns);
    }

    /** Tiles needed along one axis so that neighbours overlap by at least {@code overlap} of the field. */
    private static int count(double extentUm, double fieldUm, double overlap) {
        if (extentUm <= fieldUm) {
            return 1;
        }
        return 1 + (int) Math.ceil((extentUm - fieldUm) / (fieldUm * (1 - overlap)) - 1e-9);
    }

    /** The given stage positions ({@code {x, y}} in µm), visited in the order given. */
    public static SurveyPlan positions(List<double[]> xyUm) {
        Objects.requireNonNull(xyUm, "positions");
        List<SurveyTile> out = new ArrayList<>(xyUm.size());
        for (double[] p : xyUm) {
            if (p == null || p.length != 2) {
                throw new IllegalArgumentException("Position " + out.size() + " must be {x, y} in µm");
            }
            out.add(new SurveyTile(out.size(), -1, -1, p[0], p[1]));
        }
        return new SurveyPlan(out, 0, 0);
    }

    /** The tiles in acquisition order. */
    public List<SurveyTile> tiles() {
        return tiles;
    }

    /** Grid rows (0 for a position list). */
    public int rows() {
        return rows;
    }

    /** Grid columns (0 for a position list). */
    public int columns() {
        return columns;
    }

    /** Total XY travel (µm) from {@code (fromXUm, fromYUm)} through every tile in order. */
    public double pathLengthUm(double fromXUm, double fromYUm) {
        double d = 0;
        double x = fromXUm;
        double y = fromYUm;
        for (SurveyTile t : tiles) {
            d += Math.hypot(t.xUm() - x, t.yUm() - y);
            x = t.xUm();
            y = t.yUm();
        }
        return d;
    }

    /**
     * Why the envelope would refuse moves of this plan, walking from {@code start} through every tile in order
     * (clamping not allowed, move interval ignored); empty if every move is inside.
     */
    public List<String> refusals(SafetyEnvelope envelope, MicroscopeState start) {
        List<String> out = new ArrayList<>();
        MicroscopeState at = start;
        for (SurveyTile t : tiles) {
            EnvelopeVerdict v = envelope.check(HardwarePlan.of("survey-tile-" + t.index(), MoveXY.to(t.xUm(),
                    t.yUm())), at, false, Long.MAX_VALUE);
            if (!v.allowed()) {
                out.add(String.format(Locale.ROOT, "tile %d at (%.1f, %.1f) µm: %s", t.index(), t.xUm(), t.yUm(),
                        String.join("; ", v.reasons())));
            } else {
                at = at.toBuilder().setPosition(t.xUm(), t.yUm(), at.zUm()).build();
            }
        }
        return out;
    }

    /**
     * Checks every move of the plan against the envelope before anything moves.
     *
     * @throws SurveyException naming the first refused tile and how many were refused
     */
    public void requireInside(SafetyEnvelope envelope, MicroscopeState start) throws SurveyException {
        List<String> refused = refusals(envelope, start);
        if (!refused.isEmpty()) {
            throw new SurveyException("The safety envelope refuses " + refused.size() + " of " + tiles.size()
                    + " survey tiles (first: " + refused.get(0) + "); shrink the region or widen the envelope");
        }
    }

    @Override
    public String toString() {
        return "SurveyPlan{" + tiles.size() + " tiles" + (rows > 0 ? ", " + rows + "x" + columns + " serpentine" : "")
                + '}';
    }
}
