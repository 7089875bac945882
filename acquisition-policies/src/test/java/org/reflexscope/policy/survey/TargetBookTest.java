package org.reflexscope.policy.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.frame.FrameMetadata;

class TargetBookTest {
    static Detection at(double xUm, double yUm, double intensity) {
        return Detection.builder(0, 0).optStage(xUm, yUm).optIntensity(intensity).optSizePx(8).build();
    }

    static AnalysisResult tile(Detection... ds) {
        AnalysisResult.Builder b = AnalysisResult.builder(0, FrameMetadata.builder().build());
        for (Detection d : ds) {
            b.addDetection(d);
        }
        return b.build();
    }

    @Test
    void keepsWhatTheRuleAcceptsAndMergesTheSameObjectSeenInTwoTiles() throws Exception {
        TargetBook book = new TargetBook(SelectionRule.any().withMinIntensity(500), 10);
        assertThat(book.offer(0, tile(at(100, 100, 800), at(300, 300, 200)))).isEqualTo(1);
        // the overlap of tile 1 sees the same cell 3 µm away, brighter: one target, from the better view
        assertThat(book.offer(1, tile(at(103, 100, 900), at(500, 500, 600)))).isEqualTo(1);
        assertThat(book.all()).hasSize(2);
        assertThat(book.mergedCount()).isEqualTo(1);
        assertThat(book.all().get(0).tileIndex()).isEqualTo(1);
        assertThat(book.all().get(0).xUm()).isEqualTo(103.0);
    }

    @Test
    void ranksByIntensityWithinTheBudget() throws Exception {
        TargetBook book = new TargetBook(SelectionRule.any(), 5);
        book.offer(0, tile(at(0, 0, 10), at(50, 0, 30), at(100, 0, 20)));
        List<SurveyTarget> top = book.ranked(2);
        assertThat(top).extracting(SurveyTarget::xUm).containsExactly(50.0, 100.0);
        assertThat(book.ranked(10)).hasSize(3);
    }

    @Test
    void aDetectionWithoutStagePositionIsAClearError() {
        TargetBook book = new TargetBook(SelectionRule.any(), 5);
        AnalysisResult r = tile(Detection.builder(1, 1).optIntensity(5).build());
        assertThatThrownBy(() -> book.offer(3, r)).isInstanceOf(SurveyException.class)
                .hasMessageContaining("Tile 3").hasMessageContaining("pixel size");
    }

    @Test
    void ruleChecksEachCriterion() {
        Detection d = Detection.builder(0, 0).optIntensity(100).optSizePx(6).optElongation(1.2).optScore(0.7)
                .optLabel("nucleus").build();
        assertThat(SelectionRule.any().matches(d)).isTrue();
        assertThat(SelectionRule.any().withMinIntensity(101).matches(d)).isFalse();
        assertThat(SelectionRule.any().withMinSizePx(7).matches(d)).isFalse();
        assertThat(SelectionRule.any().withMinElongation(1.5).matches(d)).isFalse();
        assertThat(SelectionRule.any().withMinScore(0.8).matches(d)).isFalse();
        assertThat(SelectionRule.any().withLabel("spot").matches(d)).isFalse();
        assertThat(SelectionRule.any().withLabel("nucleus").withMinIntensity(50).matches(d)).isTrue();
    }
}
