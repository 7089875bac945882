package org.reflexscope.policy.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflexscope.policy.hardware.MicroscopeState;
import org.reflexscope.policy.safety.SafetyEnvelope;

class SurveyPlanTest {
    static final MicroscopeState ORIGIN = MicroscopeState.builder().setPosition(0, 0, 0).build();

    @Test
    void gridCoversTheRectangleWithTheOverlapInSerpentineOrder() {
        SurveyPlan p = SurveyPlan.grid(0, 0, 1000, 600, 256, 256, 0.1);
        assertThat(p.columns()).isEqualTo(5);
        assertThat(p.rows()).isEqualTo(3);
        List<SurveyTile> t = p.tiles();
        assertThat(t).hasSize(15);
        // fields reach the rectangle's edges
        assertThat(t.get(0).xUm() - 128).isEqualTo(0.0);
        assertThat(t.get(4).xUm() + 128).isEqualTo(1000.0);
        assertThat(t.get(14).yUm() + 128).isEqualTo(600.0);
        // neighbours overlap by at least 10 % of the field
        double stepX = t.get(1).xUm() - t.get(0).xUm();
        assertThat(stepX).isLessThanOrEqualTo(256 * 0.9 + 1e-9);
        // serpentine: row 1 runs right to left, so consecutive tiles are always neighbours
        assertThat(t.get(5).column()).isEqualTo(4);
        assertThat(t.get(9).column()).isEqualTo(0);
        for (int i = 1; i < t.size(); i++) {
            double d = Math.hypot(t.get(i).xUm() - t.get(i - 1).xUm(), t.get(i).yUm() - t.get(i - 1).yUm());
            assertThat(d).isLessThanOrEqualTo(256.0);
        }
    }

    @Test
    void aRegionSmallerThanTheFieldIsOneCentredTile() {
        SurveyPlan p = SurveyPlan.grid(10, 20, 50, 40, 256, 256, 0.1);
        assertThat(p.tiles()).hasSize(1);
        assertThat(p.tiles().get(0).xUm()).isEqualTo(30.0);
        assertThat(p.tiles().get(0).yUm()).isEqualTo(30.0);
    }

    @Test
    void positionListKeepsTheGivenOrder() {
        SurveyPlan p = SurveyPlan.positions(List.of(new double[] {5, 6}, new double[] {-1, 2}));
        assertThat(p.tiles()).extracting(SurveyTile::xUm).containsExactly(5.0, -1.0);
        assertThat(p.tiles().get(1).row()).isEqualTo(-1);
    }

    @Test
    void theEnvelopeRefusesTilesOutsideItInsteadOfClampingThem() {
        SafetyEnvelope env = SafetyEnvelope.builder().optZLimitsUm(-10, 10).optXYBoundsUm(-500, -500, 500, 500)
                .build();
        SurveyPlan inside = SurveyPlan.grid(-400, -400, 400, 400, 256, 256, 0.1);
        assertThat(inside.refusals(env, ORIGIN)).isEmpty();
        SurveyPlan outside = SurveyPlan.grid(-400, -400, 900, 400, 256, 256, 0.1);
        assertThat(outside.refusals(env, ORIGIN)).isNotEmpty()
                .allMatch(r -> r.contains("outside the bounding box"));
        assertThatThrownBy(() -> outside.requireInside(env, ORIGIN)).isInstanceOf(SurveyException.class)
                .hasMessageContaining("refuses").hasMessageContaining("widen the envelope");
    }

    @Test
    void maximumStepIsCheckedBetweenConsecutiveTiles() {
        SafetyEnvelope env = SafetyEnvelope.builder().optZLimitsUm(-10, 10).optMaxXYStepUm(300).build();
        SurveyPlan grid = SurveyPlan.grid(0, 0, 1000, 1000, 256, 256, 0.1);
        // the first tile is 181 µm from the origin, every later one a neighbour
        assertThat(grid.refusals(env, ORIGIN)).isEmpty();
        SurveyPlan jump = SurveyPlan.positions(List.of(new double[] {0, 0}, new double[] {1000, 0}));
        assertThat(jump.refusals(env, ORIGIN)).singleElement().asString().contains("tile 1", "exceeds");
    }

    @Test
    void badRegionsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> SurveyPlan.grid(0, 0, -1, 5, 10, 10, 0.1))
                .hasMessageContaining("xMin < xMax");
        assertThatThrownBy(() -> SurveyPlan.grid(0, 0, 100, 100, 10, 10, 0.95)).hasMessageContaining("[0, 0.9]");
    }
}
