package org.reflexscope.sim.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionsTest {
    /** Two 3×3 instances (labels 1 and 2) in a 10×5 image, centroids (2, 2) and (7, 2). */
    private static LabelImage twoSquares() {
        int[] l = new int[50];
        for (int y = 1; y <= 3; y++) {
            for (int x = 1; x <= 3; x++) {
                l[y * 10 + x] = 1;
                l[y * 10 + x + 5] = 2;
            }
        }
        return LabelImage.of(10, 5, l);
    }

    @Test
    void aSplitObjectCountsOnceAndItsSecondDetectionAsFalse() {
        LabelImage truth = twoSquares();
        assertThat(truth.instances()).hasSize(2);
        assertThat(truth.instances().get(1).x()).isEqualTo(7.0);
        Evaluation e = Detections.againstLabels(truth, List.of(
                new double[] {2, 2, 5}, new double[] {3, 3, 1}, new double[] {9, 4, 2}));
        assertThat(e.matched()).isEqualTo(1);
        assertThat(e.recall()).isEqualTo(0.5);
        assertThat(e.precision()).isEqualTo(1 / 3.0);
        assertThat(e.meanErrorPx()).isEqualTo(0.0);
    }

    @Test
    void partialLabelsLeaveBackgroundDetectionsUnscored() {
        Evaluation e = Detections.againstPartialLabels(twoSquares(), List.of(
                new double[] {2, 3, 5}, new double[] {7, 2, 4}, new double[] {0, 0, 9}));
        assertThat(e.recall()).isEqualTo(1.0);
        assertThat(e.precision()).isEqualTo(1.0);
        assertThat(e.unscoredDetections()).isEqualTo(1);
        assertThat(e.meanErrorPx()).isEqualTo(0.5);
    }

    @Test
    void pointsMatchClosestPairsFirstWithinTheDistance() {
        Evaluation e = Detections.againstPoints(List.of(new double[] {0, 0}, new double[] {10, 0}),
                List.of(new double[] {1, 0}, new double[] {0.5, 0}, new double[] {20, 0}), 3);
        assertThat(e.matched()).isEqualTo(1);
        assertThat(e.meanErrorPx()).isEqualTo(0.5);
        assertThat(e.precision()).isEqualTo(1 / 3.0);
    }
}
