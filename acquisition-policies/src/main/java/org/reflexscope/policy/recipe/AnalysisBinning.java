package org.reflexscope.policy.recipe;

import java.util.OptionalInt;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.analysis.FrameBinner;

/**
 * The analysis binning a recipe's {@code auto} stands for, from what is known of the objects — the one rule of
 * every front-end. In order: a factor the recipe gives is used as is; objects of a given diameter are binned to
 * about {@value AnalysisChain#TARGET_OBJECT_DIAMETER_PX} analysed pixels
 * ({@link AnalysisChain#binningForObjectDiameter}); cells of a known radius (a simulated scenario's) keep at least
 * {@value #MIN_CELL_RADIUS_PX} analysed pixels of radius (the default detector's scales fit cells of about 4–6
 * pixels), at most ×8; with neither known (a real microscope), the frame's shorter side keeps at least
 * {@value FrameBinner#DEFAULT_ANALYSIS_EDGE} analysed pixels (a 2048² camera is analysed at 512²).
 */
public final class AnalysisBinning {
    /** Cells at least this many analysed pixels in radius. */
    public static final int MIN_CELL_RADIUS_PX = 4;

    private AnalysisBinning() {
    }

    /**
     * The factor for a sample described in advance (a simulated scenario, a replayed file): {@code given}, else
     * from the objects' diameter, else from the cells' radius, else 1.
     *
     * @param given the recipe's factor, empty for auto
     * @param pixelUm µm per camera pixel at the live objective, NaN when unknown
     * @param objectDiameterUm the objects' diameter, µm, NaN when not given
     * @param cellRadiusUm the cells' radius, µm, NaN when not known
     */
    public static int forSample(OptionalInt given, double pixelUm, double objectDiameterUm, double cellRadiusUm) {
        if (given.isPresent()) {
            return given.getAsInt();
        }
        if (Double.isFinite(objectDiameterUm)) {
            return AnalysisChain.binningForObjectDiameter(objectDiameterUm / pixelUm);
        }
        return forCells(pixelUm, cellRadiusUm);
    }

    /**
     * The factor for a camera whose objects are not known in advance (a real microscope): {@code given}, else the
     * largest of 1, 2, 4, 8 that keeps the {@code width × height} frame's shorter side at least
     * {@value FrameBinner#DEFAULT_ANALYSIS_EDGE} analysed pixels.
     */
    public static int forCamera(OptionalInt given, int width, int height) {
        return given.isPresent() ? given.getAsInt()
                : FrameBinner.factorForEdge(width, height, FrameBinner.DEFAULT_ANALYSIS_EDGE);
    }

    /**
     * The largest power of two up to 8 that keeps a cell of radius {@code cellRadiusUm} at least
     * {@value #MIN_CELL_RADIUS_PX} analysed pixels in radius at {@code pixelUm} per pixel (1 when either is NaN).
     */
    static int forCells(double pixelUm, double cellRadiusUm) {
        int f = 1;
        while (f < 8 && cellRadiusUm / (pixelUm * 2 * f) >= MIN_CELL_RADIUS_PX) {
            f *= 2;
        }
        return f;
    }
}
