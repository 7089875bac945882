package org.reflexscope.policy.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.policy.survey.SelectionRule.Criterion;

/** The selection rule's ranges: both bounds inclusive, an open side unbounded, NaN fails only a set criterion. */
class SelectionRuleTest {
    private static final Detection D = Detection.builder(5, 5).optIntensity(100).optSizePx(6).optElongation(1.2)
            .optScore(0.6).optLabel("nucleus").build();

    @Test
    void everyCriterionIsAClosedRange() {
        for (Criterion c : Criterion.values()) {
            double v = c == Criterion.INTENSITY ? 100 : c == Criterion.SIZE_PX ? 6 : c == Criterion.ELONGATION ? 1.2
                    : 0.6;
            assertThat(SelectionRule.any().with(c, v, v).matches(D)).as(c + " at both bounds").isTrue();
            assertThat(SelectionRule.any().with(c, Math.nextUp(v), Double.POSITIVE_INFINITY).matches(D))
                    .as(c + " just below min").isFalse();
            assertThat(SelectionRule.any().with(c, Double.NEGATIVE_INFINITY, Math.nextDown(v)).matches(D))
                    .as(c + " just above max").isFalse();
            assertThat(SelectionRule.any().with(c, 0, 1).isSet(c)).isTrue();
            assertThat(SelectionRule.any().isSet(c)).isFalse();
        }
        assertThat(SelectionRule.any().withMinIntensity(50).with(Criterion.SCORE, 0.5, 0.7).withLabel("nucleus")
                .matches(D)).isTrue();
        assertThatThrownBy(() -> SelectionRule.any().with(Criterion.SIZE_PX, 5, 2))
                .hasMessageContaining("sizePx range must be [MIN, MAX] with MIN <= MAX");
        assertThatThrownBy(() -> SelectionRule.any().with(Criterion.SCORE, Double.NaN, 2))
                .hasMessageContaining("score");
        assertThat(SelectionRule.any().withMinIntensity(50)).isEqualTo(SelectionRule.any().withMinIntensity(50))
                .isNotEqualTo(SelectionRule.any().withMinIntensity(51));
        assertThat(SelectionRule.any().withMinIntensity(50).toString()).contains("intensity in [50.0, Infinity]");
    }
}
