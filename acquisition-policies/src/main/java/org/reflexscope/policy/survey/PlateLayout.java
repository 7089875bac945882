package org.reflexscope.policy.survey;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A multi-well plate on the stage: rows (A, B, ...) × columns (1, 2, ...) of round wells at a pitch, with the stage
 * position of well A1's centre. Row letters run along +y, column numbers along +x. Immutable.
 *
 * <pre>{@code
 * PlateLayout plate = PlateLayout.of(8, 12, 9000, 6400, -49500, -31500);   // a 96-well plate
 * double[] b3 = plate.centreOf("B3");                                     // {-31500, -22500}
 * }</pre>
 */
public final class PlateLayout {
    private static final Pattern WELL = Pattern.compile("([A-Z]{1,2})0*([1-9][0-9]*)");
    private final int rows;
    private final int columns;
    private final double pitchUm;
    private final double wellDiameterUm;
    private final double a1XUm;
    private final double a1YUm;

    private PlateLayout(int rows, int columns, double pitchUm, double wellDiameterUm, double a1XUm, double a1YUm) {
        this.rows = rows;
        this.columns = columns;
        this.pitchUm = pitchUm;
        this.wellDiameterUm = wellDiameterUm;
        this.a1XUm = a1XUm;
        this.a1YUm = a1YUm;
    }

    /**
     * A plate of {@code rows × columns} wells of {@code wellDiameterUm}, centres {@code pitchUm} apart, well A1
     * centred at stage {@code (a1XUm, a1YUm)}.
     *
     * @throws IllegalArgumentException if a count is not in [1, 702] (rows A to ZZ), the pitch or diameter is not
     *     positive, the wells would overlap (diameter above the pitch), or A1 is not finite
     */
    public static PlateLayout of(int rows, int columns, double pitchUm, double wellDiameterUm, double a1XUm,
            double a1YUm) {
        if (rows < 1 || rows > 702 || columns < 1 || columns > 702) {
            throw new IllegalArgumentException("A plate needs 1 to 702 rows and columns, got " + rows + " x "
                    + columns);
        }
        if (!(pitchUm > 0) || !(wellDiameterUm > 0) || wellDiameterUm > pitchUm || !Double.isFinite(pitchUm)) {
            throw new IllegalArgumentException("Well pitch and diameter must be > 0 with the diameter at most the "
                    + "pitch, got pitch " + pitchUm + " µm, diameter " + wellDiameterUm + " µm");
        }
        if (!Double.isFinite(a1XUm) || !Double.isFinite(a1YUm)) {
            throw new IllegalArgumentException("Well A1's centre must be finite, got (" + a1XUm + ", " + a1YUm + ")");
        }
        return new PlateLayout(rows, columns, pitchUm, wellDiameterUm, a1XUm, a1YUm);
    }

    /**
     * The stage position {@code {x, y}} (µm) of a well's centre.
     *
     * @param well a row letter (A..Z, then AA..ZZ) and a column number from 1, e.g. {@code "B3"}, {@code "h12"}
     * @throws IllegalArgumentException if the name is malformed or the well is not on this plate
     */
    public double[] centreOf(String well) {
        String name = well == null ? "" : well.trim().toUpperCase(Locale.ROOT);
        Matcher m = WELL.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + well + "' is not a well name; write a row letter and a column "
                    + "number, e.g. A1 or H12");
        }
        String letters = m.group(1);
        int row = letters.length() == 1 ? letters.charAt(0) - 'A' : 26 * (letters.charAt(0) - 'A' + 1)
                + letters.charAt(1) - 'A';
        int column;
        try {
            column = Integer.parseInt(m.group(2)) - 1;
        } catch (NumberFormatException e) {
            column = Integer.MAX_VALUE;
        }
        if (row >= rows || column >= columns) {
            throw new IllegalArgumentException("Well " + name + " is not on this " + rows + " x " + columns
                    + " plate (A1 to " + rowName(rows - 1) + columns + ")");
        }
        return new double[] {a1XUm + column * pitchUm, a1YUm + row * pitchUm};
    }

    private static String rowName(int row) {
        return row < 26 ? String.valueOf((char) ('A' + row))
                : String.valueOf((char) ('A' + row / 26 - 1)) + (char) ('A' + row % 26);
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    public double pitchUm() {
        return pitchUm;
    }

    public double wellDiameterUm() {
        return wellDiameterUm;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "PlateLayout{%dx%d, pitch %.0f µm, wells %.0f µm, A1 at (%.0f, %.0f)}", rows,
                columns, pitchUm, wellDiameterUm, a1XUm, a1YUm);
    }
}
