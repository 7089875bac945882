package org.reflexscope.policy.survey;

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
 * row right to left, so consecutive tiles are neighbours) or a list of stage positions as given. Immutable.
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
