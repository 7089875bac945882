package org.reflexscope.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BlobMeasurerTest {
    private static final int W = 64;
    private static final int H = 48;

    /** Adds a Gaussian blob of peak {@code a} and widths {@code sx, sy} (axis-aligned) centred at {@code (x0, y0)}. */
    private static void blob(float[] img, double x0, double y0, double sx, double sy, double a) {
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double dx = (x - x0) / sx;
                double dy = (y - y0) / sy;
                img[y * W + x] += (float) (a * Math.exp(-0.5 * (dx * dx + dy * dy)));
            }
        }
    }

    private static float[] background() {
        float[] img = new float[W * H];
        java.util.Arrays.fill(img, 10f);
        return img;
    }

    @Test
    void aRoundCellBesideANeighbourStaysRound() {
        float[] img = background();
        blob(img, 24, 24, 3, 3, 100);
        blob(img, 36, 24, 3, 3, 100); // 4σ apart: each one's moment window (3σ) reaches into the other
        Candidates c = new Candidates(8);
        c.add(24, 24, 1, 3);
        c.add(36, 24, 1, 3);
        new BlobMeasurer().measure(img, W, H, c);
        for (int i = 0; i < 2; i++) {
            assertThat(c.elongation(i)).as("candidate %d", i).isLessThan(1.15);
        }
        assertThat(c.x(0)).isCloseTo(24, within(0.5));
        assertThat(c.x(1)).isCloseTo(36, within(0.5));
    }

    @Test
    void anElongatedCellIsStillElongatedAndAnIsolatedRoundOneRound() {
        float[] img = background();
        blob(img, 20, 24, 5, 2.5, 100); // 2:1
        blob(img, 48, 24, 3, 3, 100);
        Candidates c = new Candidates(8);
        c.add(20, 24, 1, 3);
        c.add(48, 24, 1, 3);
        new BlobMeasurer().measure(img, W, H, c);
        assertThat(c.elongation(0)).isGreaterThan(1.6);
        assertThat(c.elongation(1)).isLessThan(1.1);
    }

    @Test
    void manyNeighboursGrowTheScratchListWithoutHarm() {
        float[] img = background();
        Candidates c = new Candidates(32);
        for (int k = 0; k < 12; k++) {
            double x = 8 + 4.5 * k;
            blob(img, x, 24, 1.5, 1.5, 100);
            c.add(x, 24, 1, 1.5);
        }
        new BlobMeasurer().measure(img, W, H, c);
        for (int k = 0; k < 12; k++) {
            assertThat(c.x(k)).as("candidate %d", k).isCloseTo(8 + 4.5 * k, within(0.6));
        }
    }

    @Test
    void aNeighbourTheDetectorMissedDoesNotMakeARoundCellLookElongated() {
        float[] img = background();
        blob(img, 24, 24, 3, 3, 100);
        blob(img, 32, 24, 3, 3, 60); // dimmer, 8 px away, and not a candidate in this frame
        Candidates c = new Candidates(8);
        c.add(24, 24, 1, 3);
        new BlobMeasurer().measure(img, W, H, c);
        assertThat(c.elongation(0)).as("its light is the neighbour's, beyond the saddle").isLessThan(1.15);
        assertThat(c.x(0)).isCloseTo(24, within(0.6));
    }

    @Test
    void aConstrictingCellsTwoLobesStayOneObject() {
        float[] img = background();
        blob(img, 27, 24, 2.4, 2.4, 60); // lobes 1.5 σ of the detector's scale from the centre
        blob(img, 36, 24, 2.4, 2.4, 60);
        Candidates c = new Candidates(8);
        c.add(31.5, 24, 1, 3);
        new BlobMeasurer().measure(img, W, H, c);
        assertThat(c.elongation(0)).isGreaterThan(1.6);
    }

    /** Light of a Gaussian blob of peak {@code a} and width {@code sigma}. */
    private static double light(double sigma, double a) {
        return 2 * Math.PI * sigma * sigma * a;
    }

    @Test
    void theFluxIsTheObjectsLightEvenWithANeighboursLightOnItsWindowsBorder() {
        float[] img = background();
        blob(img, 24, 24, 3, 3, 100);
        Candidates alone = new Candidates(8);
        alone.add(24, 24, 1, 3);
        new BlobMeasurer().measure(img, W, H, alone);
        assertThat(alone.flux(0)).as("not measured by default").isNaN();
        new BlobMeasurer(true).measure(img, W, H, alone);
        // a 9-px window holds 98.9 % of a σ = 3 blob, and its border still holds some of the tail
        assertThat(alone.flux(0)).isCloseTo(light(3, 100), within(0.04 * light(3, 100)));
        // a bright neighbour 14 px away lights the window's right side (x = 33) but hardly the cell's own pixels
        blob(img, 38, 24, 2, 2, 300);
        Candidates pair = new Candidates(8);
        pair.add(24, 24, 1, 3);
        pair.add(38, 24, 1, 2);
        new BlobMeasurer(true).measure(img, W, H, pair);
        assertThat(pair.flux(0)).as("the lit side does not count as background").isCloseTo(alone.flux(0),
                within(0.03 * alone.flux(0)));
    }

    @Test
    void aCellThatStretchesKeepsItsFluxWhileItsMeanIntensityFalls() {
        float[] round = background();
        blob(round, 30, 24, 3, 3, 100);
        float[] stretched = background(); // the same light as two half-bright blobs 5 px apart
        blob(stretched, 27.5, 24, 3, 3, 50);
        blob(stretched, 32.5, 24, 3, 3, 50);
        Candidates a = new Candidates(4);
        a.add(30, 24, 1, 3);
        new BlobMeasurer(true).measure(round, W, H, a);
        Candidates b = new Candidates(4);
        b.add(30, 24, 1, 3);
        new BlobMeasurer(true).measure(stretched, W, H, b);
        assertThat(b.intensity(0)).isLessThan(0.9 * a.intensity(0));
        assertThat(b.flux(0)).as("less of the lobes' tails falls in the window").isCloseTo(a.flux(0),
                within(0.05 * a.flux(0)));
    }
}
