package org.reflexscope.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class VoronoiCellTest {
    /**
     * The run {@code span} finds on each row is exactly the set of pixels {@code contains} accepts (the per-pixel
     * test the measurer used before), for a random point, radius and up to eight other points, some on the same
     * column or row as it, some at integer positions (peaks), some far outside the window.
     */
    @Property(tries = 300)
    void eachRowsRunIsExactlyThePixelsThePerPixelTestAccepts(@ForAll long seed, @ForAll @IntRange(max = 8) int others,
            @ForAll @IntRange(min = 1, max = 14) int radius) {
        Random rnd = new Random(seed);
        double cx = 20 + 20 * rnd.nextDouble();
        double cy = 20 + 20 * rnd.nextDouble();
        VoronoiCell cell = new VoronoiCell();
        cell.reset(cx, cy, radius);
        for (int k = 0; k < others; k++) {
            double x = cx + (rnd.nextDouble() - 0.5) * 6 * radius;
            double y = cy + (rnd.nextDouble() - 0.5) * 6 * radius;
            switch (rnd.nextInt(4)) {
                case 0:
                    x = cx; // straight above or below: a bisector parallel to the rows
                    break;
                case 1:
                    x = Math.round(x); // a peak: integer pixel
                    y = Math.round(y);
                    break;
                default:
                    break;
            }
            cell.add(x, y);
        }
        int x0 = (int) cx - radius - rnd.nextInt(3);
        int x1 = (int) cx + radius + rnd.nextInt(3);
        int inside = 0;
        for (int y = (int) cy - radius - 1; y <= (int) cy + radius + 1; y++) {
            boolean any = cell.span(y, x0, x1);
            for (int x = x0; x <= x1; x++) {
                boolean inRun = any && x >= cell.first() && x <= cell.last();
                assertThat(inRun).as("pixel (%d, %d), run %s", x, y, any ? cell.first() + ".." + cell.last() : "none")
                        .isEqualTo(cell.contains(x, y));
                inside += inRun ? 1 : 0;
            }
        }
        if (others == 0) {
            assertThat(inside).as("a disc of radius %d alone", radius)
                    .isGreaterThanOrEqualTo(3 * (radius - 1) * (radius - 1));
        }
    }

    @Test
    void aPointHalfwayLeavesTheNearerHalfOutAndTheTieIn() {
        VoronoiCell cell = new VoronoiCell();
        cell.reset(10, 10, 5);
        cell.add(14, 10); // bisector x = 12: pixels at 12 are as near to both and stay in
        assertThat(cell.span(10, 0, 30)).isTrue();
        assertThat(cell.first()).isEqualTo(5);
        assertThat(cell.last()).isEqualTo(12);
        cell.add(10, 6); // bisector y = 8: row 7 is nearer to it
        assertThat(cell.span(7, 0, 30)).isFalse();
        assertThat(cell.span(8, 0, 30)).isTrue();
    }

    @Test
    void aPointAtNaNExcludesNothing() {
        VoronoiCell cell = new VoronoiCell();
        cell.reset(10, 10, 3);
        cell.add(Double.NaN, 10);
        cell.add(12, Double.NaN);
        assertThat(cell.span(10, 0, 30)).isTrue();
        assertThat(cell.first()).isEqualTo(7);
        assertThat(cell.last()).isEqualTo(13);
    }
}
