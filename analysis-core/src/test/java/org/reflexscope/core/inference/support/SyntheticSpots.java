package org.reflexscope.core.inference.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;

/** Seeded synthetic fluorescence frames: Gaussian spots (ground truth kept) on a background, Poisson noise. */
public final class SyntheticSpots {
    /** One ground-truth spot. */
    public static final class Spot {
        public final double x;
        public final double y;
        public final double sigmaX;
        public final double sigmaY;
        public final double photons;

        public Spot(double x, double y, double sigmaX, double sigmaY, double photons) {
            this.x = x;
            this.y = y;
            this.sigmaX = sigmaX;
            this.sigmaY = sigmaY;
            this.photons = photons;
        }
    }

    private final Random rnd;
    private final int width;
    private final int height;
    private final List<Spot> spots = new ArrayList<>();

    public SyntheticSpots(long seed, int width, int height) {
        this.rnd = new Random(seed);
        this.width = width;
        this.height = height;
    }

    public Random random() {
        return rnd;
    }

    /** Places {@code n} round spots at random positions at least {@code minDistance} apart and from the border. */
    public SyntheticSpots addRandomSpots(int n, double sigmaMin, double sigmaMax, double peakMin, double peakMax,
            double minDistance) {
        int tries = 0;
        while (n > 0 && tries++ < 100000) {
            double x = minDistance + rnd.nextDouble() * (width - 2 * minDistance);
            double y = minDistance + rnd.nextDouble() * (height - 2 * minDistance);
            boolean free = true;
            for (Spot s : spots) {
                if (Math.hypot(s.x - x, s.y - y) < minDistance) {
                    free = false;
                    break;
                }
            }
            if (free) {
                double sigma = sigmaMin + rnd.nextDouble() * (sigmaMax - sigmaMin);
                spots.add(new Spot(x, y, sigma, sigma, peakMin + rnd.nextDouble() * (peakMax - peakMin)));
                n--;
            }
        }
        return this;
    }

    /** Adds one spot with peak height {@code peak} (photons at the centre). */
    public SyntheticSpots addSpot(double x, double y, double sigmaX, double sigmaY, double peak) {
        spots.add(new Spot(x, y, sigmaX, sigmaY, peak));
        return this;
    }

    public List<Spot> spots() {
        return spots;
    }

    /** Expected photons per pixel: background plus spots. */
    public double[] expected(double background) {
        double[] img = new double[width * height];
        java.util.Arrays.fill(img, background);
        for (Spot s : spots) {
            int r = (int) Math.ceil(5 * Math.max(s.sigmaX, s.sigmaY));
            for (int y = Math.max(0, (int) s.y - r); y <= Math.min(height - 1, (int) s.y + r); y++) {
                for (int x = Math.max(0, (int) s.x - r); x <= Math.min(width - 1, (int) s.x + r); x++) {
                    double dx = (x - s.x) / s.sigmaX;
                    double dy = (y - s.y) / s.sigmaY;
                    img[y * width + x] += s.photons * Math.exp(-0.5 * (dx * dx + dy * dy));
                }
            }
        }
        return img;
    }

    /** A GRAY16 slot: Poisson(expected) + offset. */
    public FrameSlot render16(double background, int offset) {
        double[] e = expected(background);
        FrameSlot slot = new FrameSlot(FrameFormat.of(width, height, PixelType.GRAY16));
        short[] px = slot.shorts();
        for (int i = 0; i < e.length; i++) {
            px[i] = (short) Math.min(65535, poisson(e[i]) + offset);
        }
        return slot;
    }

    private int poisson(double lambda) {
        if (lambda < 30) {
            double l = Math.exp(-lambda);
            int k = 0;
            double p = 1;
            do {
                k++;
                p *= rnd.nextDouble();
            } while (p > l);
            return k - 1;
        }
        return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rnd.nextGaussian()));
    }
}
