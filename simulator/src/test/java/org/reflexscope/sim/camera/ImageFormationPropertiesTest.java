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

class ImageFormationPropertiesTest {
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
        for (float v : buffer) {
            sum += v - 5.0;
        }
        assertThat(sum).isCloseTo(1000, within(0.5));
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
