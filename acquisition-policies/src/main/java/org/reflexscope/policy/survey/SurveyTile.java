package org.reflexscope.policy.survey;

import java.util.Locale;

/**
 * One field of a survey: its place in acquisition order and the stage position (µm) that centres it. Grid tiles
 * also know their row and column; tiles from a position list have row and column {@code -1}. Immutable.
 */
public final class SurveyTile {
    private final int index;
    private final int row;
    private final int column;
    private final double xUm;
    private final double yUm;
    private final String label;

    public SurveyTile(int index, int row, int column, double xUm, double yUm) {
        this(index, row, column, xUm, yUm, "");
    }

    /** A tile with a label, e.g. the well it lies in. */
    public SurveyTile(int index, int row, int column, double xUm, double yUm, String label) {
        if (!Double.isFinite(xUm) || !Double.isFinite(yUm)) {
            throw new IllegalArgumentException("Tile " + index + " needs a finite stage position, got (" + xUm + ", "
                    + yUm + ") µm");
        }
        this.index = index;
        this.row = row;
        this.column = column;
        this.xUm = xUm;
        this.yUm = yUm;
        this.label = java.util.Objects.requireNonNull(label, "label");
    }

    /** Position in acquisition order, from 0. */
    public int index() {
        return index;
    }

    /** Grid row from the top (lowest y), or -1 for a listed position. */
    public int row() {
        return row;
    }

    /** Grid column from the left (lowest x), or -1 for a listed position. */
    public int column() {
        return column;
    }

    public double xUm() {
        return xUm;
    }

    public double yUm() {
        return yUm;
    }

    /** What the tile belongs to, e.g. its well ({@code "B3"}); empty if nothing. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SurveyTile{#%d r%d c%d (%.1f, %.1f) µm%s}", index, row, column, xUm, yUm,
                label.isEmpty() ? "" : " " + label);
    }
}
