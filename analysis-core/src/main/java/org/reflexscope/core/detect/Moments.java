package org.reflexscope.core.detect;

/** Elongation from second central moments: {@code sqrt(λmax / λmin)} of the 2×2 covariance, capped at 100. */
final class Moments {
    private Moments() {
    }

    static double elongation(double sxx, double syy, double sxy) {
        double tr = sxx + syy;
        double det = sxx * syy - sxy * sxy;
        double disc = Math.sqrt(Math.max(tr * tr / 4 - det, 0));
        double l1 = tr / 2 + disc;
        double l2 = tr / 2 - disc;
        if (!(l1 > 0)) {
            return 1;
        }
        if (!(l2 > l1 * 1e-4)) {
            return 100;
        }
        return Math.min(100, Math.sqrt(l1 / l2));
    }
}
