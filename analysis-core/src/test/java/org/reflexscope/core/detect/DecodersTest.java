package org.reflexscope.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecodersTest {

    @Test
    void fullCandidateListKeepsTheHighestScores() {
        Candidates c = new Candidates(10);
        Random rnd = new Random(1);
        List<Double> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            double s = rnd.nextDouble();
            all.add(s);
            c.add(i, 0, s, 1);
        }
        all.sort(java.util.Collections.reverseOrder());
        List<Double> kept = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            kept.add(c.score(i));
        }
        kept.sort(java.util.Collections.reverseOrder());
        assertThat(kept).isEqualTo(all.subList(0, 10));
        assertThat(c.dropped()).as("every candidate beyond the capacity is counted").isEqualTo(490);
        c.clear();
        assertThat(c.dropped()).isZero();
    }

    /** A map holding discs of radius r at the centres given (values 0.9 inside). */
    private static float[] discs(int w, int h, double r, double... centres) {
        float[] map = new float[w * h];
        for (int k = 0; k < centres.length; k += 2) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (Math.hypot(x - centres[k], y - centres[k + 1]) <= r) {
                        map[y * w + x] = 0.9f;
                    }
                }
            }
        }
        return map;
    }

    @Test
    void touchingObjectsOfAProbabilityMapAreSplitAndAnEllipseIsNot() {
        int w = 80;
        int h = 40;
        float[] img = new float[w * h];
        Candidates c = new Candidates(10);
        ComponentDecoder splitting = new ComponentDecoder(2, true);
        splitting.decode(discs(w, h, 10, 25, 20, 43, 20), img, w, h, false, 0.5, c);
        assertThat(c.size()).as("two discs of radius 10 overlapping by 2 px").isEqualTo(2);
        double left = Math.min(c.x(0), c.x(1));
        assertThat(left).isCloseTo(24.5, offset(1.0));

        new ComponentDecoder(2, false).decode(discs(w, h, 10, 25, 20, 43, 20), img, w, h, false, 0.5, c);
        assertThat(c.size()).as("without splitting: one component").isEqualTo(1);

        float[] ellipse = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = (x - 40) / 24.0;
                double dy = (y - 20) / 11.0;
                ellipse[y * w + x] = dx * dx + dy * dy <= 1 ? 0.9f : 0f;
            }
        }
        splitting.decode(ellipse, img, w, h, false, 0.5, c);
        assertThat(c.size()).as("an ellipse of axes 24 x 11 is one object").isEqualTo(1);
    }

    @Test
    void probabilityMapComponentsGiveCentroidAreaScoreAndElongation() {
        int w = 20;
        int h = 12;
        float[] map = new float[w * h];
        float[] img = new float[w * h];
        for (int y = 2; y <= 4; y++) {
            for (int x = 2; x <= 10; x++) {
                map[y * w + x] = 0.9f;
                img[y * w + x] = 50;
            }
        }
        map[8 * w + 15] = 0.7f;
        map[8 * w + 16] = 0.8f;
        map[9 * w + 15] = 0.6f;
        Candidates c = new Candidates(10);
        new ComponentDecoder(2).decode(map, img, w, h, false, 0.5, c);
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.x(0)).isCloseTo(6, offset(1e-9));
        assertThat(c.y(0)).isCloseTo(3, offset(1e-9));
        assertThat(c.area(0)).isEqualTo(27);
        assertThat(c.elongation(0)).isGreaterThan(2.5);
        assertThat(c.intensity(0)).isEqualTo(50);
        assertThat(c.score(1)).isCloseTo(0.8, offset(1e-6));
        assertThat(c.area(1)).isEqualTo(3);
    }

    @Test
    void touchingLabelsInAMaskStaySeparateObjects() {
        int w = 8;
        int h = 4;
        float[] mask = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < 4; x++) {
                mask[y * w + x] = 1;
                mask[y * w + x + 4] = 2;
            }
        }
        Candidates c = new Candidates(10);
        new ComponentDecoder(1).decode(mask, new float[w * h], w, h, true, 0, c);
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.x(0)).isCloseTo(1.5, offset(1e-9));
        assertThat(c.x(1)).isCloseTo(5.5, offset(1e-9));
        assertThat(c.area(0)).isEqualTo(16);
    }

    @Test
    void elongationScoreIsLogisticInTheLargestElongation() {
        ElongationEventScorer s = new ElongationEventScorer(1.6, 0.1);
        org.reflexscope.core.detect.Detection round = org.reflexscope.core.detect.Detection.builder(0, 0)
                .optElongation(1.1).build();
        org.reflexscope.core.detect.Detection at = round.toBuilder().optElongation(1.6).build();
        assertThat(s.score(List.of())).isLessThan(0.01);
        assertThat(s.score(List.of(round, at))).isCloseTo(0.5, offset(1e-12));
        assertThat(s.label(at, "cell")).isEqualTo("dividing");
        assertThat(s.label(round, "cell")).isEqualTo("cell");
    }
}
