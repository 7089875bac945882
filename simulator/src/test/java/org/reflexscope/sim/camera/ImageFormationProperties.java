package org.reflexscope.sim.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.reflexscope.sim.optics.Objective;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.scenario.ScenarioException;

class ImageFormationProperties {
    private static final Objective TEN_X = new Objective(Scenario.defaults().optics().objectives().get(0), 520, 1.0);

    @Property(tries = 200)
    void aSpriteInsideTheFrameConservesItsFlux(@ForAll @DoubleRange(min = 20, max = 44) double x,
            @ForAll @DoubleRange(min = 20, max = 44) double y, @ForAll @DoubleRange(min = 0.05, max = 3) double sigma,
            @ForAll @DoubleRange(min = -20, max = 20) double dz) {
        ImageFormation formation = new ImageFormation();
        float[] buffer = new float[64 * 64];
        formation.begin(buffer, 64, 64, 0, 0, 1.0, dz, 1.0, 5.0, TEN_X);
        formation.blob(x, y, 0, sigma, 1000);
        double sum = 0;
        for (int row = 0; row < 64; row++) {
            for (int col = formation.rowStart(row); col < formation.rowEnd(row); col++) {
                sum += buffer[row * 64 + col] - 5.0;
            }
        }
        assertThat(sum).isCloseTo(1000, within(0.5));
    }

    /** One blob's contribution per pixel (electrons above background), from its own fresh formation. */
    private static double[] alone(double x, double y, double sigma) {
        ImageFormation f = new ImageFormation();
        float[] b = new float[64 * 64];
        f.begin(b, 64, 64, 0, 0, 1.0, 0, 1.0, 5.0, TEN_X);
        f.blob(x, y, 0, sigma, 500);
        double[] c = new double[64 * 64];
        for (int row = 0; row < 64; row++) {
            for (int col = f.rowStart(row); col < f.rowEnd(row); col++) {
                c[row * 64 + col] = b[row * 64 + col] - 5.0;
            }
        }
        return c;
    }

    @Property(tries = 100)
    void overlappingSpritesAddUpAndUntouchedPixelsStayBackground(@ForAll @DoubleRange(min = -5, max = 70) double x1,
            @ForAll @DoubleRange(min = -5, max = 70) double y1, @ForAll @DoubleRange(min = -5, max = 70) double x2,
            @ForAll @DoubleRange(min = 0.1, max = 4) double sigma) {
        ImageFormation sparse = new ImageFormation();
        float[] buffer = new float[64 * 64];
        java.util.Arrays.fill(buffer, -1f);
        sparse.begin(buffer, 64, 64, 0, 0, 1.0, 0, 1.0, 5.0, TEN_X);
        sparse.blob(x1, y1, 0, sigma, 500);
        sparse.blob(x2, y1 + 3, 0, sigma, 500);
        double[] a = alone(x1, y1, sigma);
        double[] b = alone(x2, y1 + 3, sigma);
        for (int row = 0; row < 64; row++) {
            for (int col = 0; col < 64; col++) {
                boolean inside = col >= sparse.rowStart(row) && col < sparse.rowEnd(row);
                double value = inside ? buffer[row * 64 + col] : sparse.background();
                assertThat(value).isCloseTo(5.0 + a[row * 64 + col] + b[row * 64 + col], within(1e-3));
            }
        }
    }

    @Property(tries = 100)
    void defocusNeverSharpensABlob(@ForAll @DoubleRange(min = 0, max = 50) double dz,
            @ForAll @DoubleRange(min = 0, max = 5) double more) {
        assertThat(TEN_X.blurredSigmaUm(0.5, dz + more)).isGreaterThanOrEqualTo(TEN_X.blurredSigmaUm(0.5, dz));
        assertThat(TEN_X.blurredSigmaUm(0.5, -dz)).isEqualTo(TEN_X.blurredSigmaUm(0.5, dz));
    }

    @Property(tries = 50)
    void anyWidthOutsideItsRangeIsRejectedByName(@ForAll @IntRange(min = -100000, max = 7) int tooSmall,
            @ForAll @IntRange(min = 8193, max = 1000000) int tooLarge) {
        for (int w : new int[] {tooSmall, tooLarge}) {
            assertThatThrownBy(() -> Scenario.defaults().with("camera.width", w))
                    .isInstanceOf(ScenarioException.class).hasMessageContaining("camera.width")
                    .hasMessageContaining("[8, 8192]");
        }
    }
}
