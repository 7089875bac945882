package org.reflexscope.core.events;

import java.util.Locale;

/**
 * The settings of a {@link DivisionTrendEventScorer}, immutable: what counts as round, elongated and dimmed, how
 * objects are followed, which split, edge, light and refractory rules apply. Built once by
 * {@link DivisionTrendEventScorer.Builder} (which documents and checks each value) and shared by every scorer made
 * from it, so {@link DivisionTrendEventScorer#fresh()} copies nothing.
 */
final class DivisionCriteria {
    /** Neighbours farther than this many object sizes do not bias the shape (for the approach check). */
    static final double NEAR_FRACTION = 2.5;

    final double roundMax;
    /** Round limit including nearly round shapes (≥ roundMax), and the dimming those must show. */
    final double looseRoundMax;
    final double looseDimming;
    final double rise;
    final double dimming;
    final double width;
    final int minHistory;
    final int holdFrames;
    final double gateFraction;
    final double splitFraction;
    final double mergeFraction;
    final double isolationFraction;
    final double approachFraction;
    final int roundMemory;
    final boolean splits;
    final boolean dimmedSplits;
    final boolean scoreShapeBeforeDimming;
    final int maxMissedFrames;
    final double maxMissedMs;
    final double refractoryMs;
    final double refractoryFraction;
    final int imageWidth;
    final int imageHeight;
    final double edgeFraction;
    final double minLight;
    final double maxLight;
    final boolean lightSplits;

    DivisionCriteria(DivisionTrendEventScorer.Builder b) {
        this.roundMax = b.roundMax;
        this.looseRoundMax = Math.max(b.roundMax, b.looseRoundMax);
        this.looseDimming = b.looseDimming;
        this.rise = b.rise;
        this.dimming = b.dimming;
        this.width = b.width;
        this.minHistory = b.minHistory;
        this.holdFrames = b.holdFrames;
        this.gateFraction = b.gateFraction;
        this.splitFraction = b.splitFraction;
        this.mergeFraction = b.mergeFraction;
        this.isolationFraction = b.isolationFraction;
        this.approachFraction = b.approachFraction;
        this.roundMemory = b.roundMemory;
        this.splits = b.splits;
        this.dimmedSplits = b.dimmedSplits;
        this.scoreShapeBeforeDimming = b.scoreShapeBeforeDimming;
        this.maxMissedFrames = b.maxMissedFrames;
        this.maxMissedMs = b.maxMissedMs;
        this.refractoryMs = b.refractoryMs;
        this.refractoryFraction = b.refractoryFraction;
        this.imageWidth = b.imageWidth;
        this.imageHeight = b.imageHeight;
        this.edgeFraction = b.edgeFraction;
        this.minLight = b.minLight;
        this.maxLight = b.maxLight;
        this.lightSplits = b.lightSplits;
    }

    /**
     * The dimming ratio an object must reach: {@code dimming} when its roundest shape was round, the lower of it
     * and the nearly round dimming when it was only nearly round.
     */
    double neededDimming(double roundest) {
        return roundest <= roundMax ? dimming : Math.min(dimming, looseDimming);
    }

    /** Whether the one-cell light check is on. */
    boolean lightChecked() {
        return minLight > 0 || maxLight < Double.POSITIVE_INFINITY;
    }

    /**
     * Whether the nearest neighbour's distance can change a decision through these settings: only the isolation
     * and approach checks read it (both off by default).
     */
    boolean readsNeighbourDistance() {
        return isolationFraction > 0 || approachFraction > 0;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "DivisionTrendEventScorer{round <= %.2f, rise %.2f, dimming %.2f, width %.2f, "
                + "history %d frames, round memory %d frames, hold %d frames, gate %.2f x size, isolation %.2f x size, "
                + "approach %.2f x size, merge %.2f x size, split %s, refractory %.0f s within %.1f x size, "
                + "unseen kept %d frames or %.1f s, nearly round <= %.2f if dimmed to %.2f, %s, %s, %s}", roundMax,
                rise, dimming, width, minHistory, roundMemory, holdFrames, gateFraction, isolationFraction,
                approachFraction, mergeFraction,
                splits ? String.format(Locale.ROOT, "%.2f x size", splitFraction) : "off",
                refractoryMs / 1000, refractoryFraction, maxMissedFrames, maxMissedMs / 1000, looseRoundMax,
                looseDimming, imageWidth > 0 ? String.format(Locale.ROOT, "edge %.2f x size of %d x %d", edgeFraction,
                        imageWidth, imageHeight) : "edge off",
                lightChecked() ? String.format(Locale.ROOT, "light %.2f-%.2f x typical", minLight, maxLight)
                        : "light off", lightSplits ? "light splits" : "no light splits");
    }
}
