package org.reflexscope.core.frame;

import java.util.Arrays;

/**
 * How a pixel offset in the image maps to a stage displacement in µm: the 2×2 linear part of Micro-Manager's
 * pixel-size affine (rotation, flip, anisotropy), an immutable value.
 *
 * <p>{@code dxUm = a·dxPx + b·dyPx}, {@code dyUm = c·dxPx + d·dyPx}. Micro-Manager's 6-number affine
 * {@code [a, b, tx, c, d, ty]} maps onto it with the translation dropped (the stage position is the translation).
 */
public final class PixelCalibration {
    private final double a;
    private final double b;
    private final double c;
    private final double d;

    private PixelCalibration(double a, double b, double c, double d) {
        double det = a * d - b * c;
        if (!Double.isFinite(det) || Math.abs(det) < 1e-12) {
            throw new IllegalArgumentException("Pixel calibration must be invertible, got [" + a + ", " + b + "; "
                    + c + ", " + d + "]");
        }
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
    }

    /** Square pixels of {@code pixelSizeUm}, image axes aligned with stage axes. */
    public static PixelCalibration ofPixelSize(double pixelSizeUm) {
        if (!(pixelSizeUm > 0)) {
            throw new IllegalArgumentException("Pixel size must be > 0 µm, got " + pixelSizeUm);
        }
        return new PixelCalibration(pixelSizeUm, 0, 0, pixelSizeUm);
    }

    /** The linear map {@code [a b; c d]} in µm per pixel. */
    public static PixelCalibration ofMatrix(double a, double b, double c, double d) {
        return new PixelCalibration(a, b, c, d);
    }

    /**
     * From Micro-Manager's pixel-size affine {@code [a, b, tx, c, d, ty]}; an all-zero or identity affine (the
     * core's value when none is defined) falls back to {@link #ofPixelSize(double)}.
     */
    public static PixelCalibration fromMicroManagerAffine(double[] affine, double pixelSizeUm) {
        if (affine == null || affine.length != 6 || isUndefined(affine)) {
            return ofPixelSize(pixelSizeUm);
        }
        return new PixelCalibration(affine[0], affine[1], affine[3], affine[4]);
    }

    private static boolean isUndefined(double[] m) {
        boolean zero = Arrays.stream(m).allMatch(v -> v == 0);
        boolean identity = m[0] == 1 && m[1] == 0 && m[3] == 0 && m[4] == 1 && m[2] == 0 && m[5] == 0;
        return zero || identity;
    }

    /** Stage X displacement (µm) of a pixel offset. */
    public double dxUm(double dxPx, double dyPx) {
        return a * dxPx + b * dyPx;
    }

    /** Stage Y displacement (µm) of a pixel offset. */
    public double dyUm(double dxPx, double dyPx) {
        return c * dxPx + d * dyPx;
    }

    /** Pixel X offset of a stage displacement (inverse map). */
    public double dxPx(double dxUm, double dyUm) {
        double det = a * d - b * c;
        return (d * dxUm - b * dyUm) / det;
    }

    /** Pixel Y offset of a stage displacement (inverse map). */
    public double dyPx(double dxUm, double dyUm) {
        double det = a * d - b * c;
        return (-c * dxUm + a * dyUm) / det;
    }

    /** Mean pixel size in µm, {@code sqrt(|det|)}. */
    public double pixelSizeUm() {
        return Math.sqrt(Math.abs(a * d - b * c));
    }

    /** This calibration for pixels binned by {@code factor} (each binned pixel covers factor² camera pixels). */
    public PixelCalibration binned(int factor) {
        return new PixelCalibration(a * factor, b * factor, c * factor, d * factor);
    }

    /** The matrix as {@code [a, b, c, d]}. */
    public double[] toMatrix() {
        return new double[] {a, b, c, d};
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PixelCalibration)) {
            return false;
        }
        PixelCalibration p = (PixelCalibration) o;
        return a == p.a && b == p.b && c == p.c && d == p.d;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toMatrix());
    }

    @Override
    public String toString() {
        return "PixelCalibration[" + a + ", " + b + "; " + c + ", " + d + "] µm/px";
    }
}
