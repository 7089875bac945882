package org.reflexscope.sim.evaluate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scores detections against ground truth. Detections are {@code {x, y, score}} triples in frame pixels; the
 * strongest are matched first, and each true object takes at most one detection, so a split object counts one
 * match and the rest as false detections.
 */
public final class Detections {
    private Detections() {
    }

    /**
     * Against a complete label image (every object labelled): a detection inside an unmatched instance matches it
     * (error: distance to the instance's centroid); inside an instance already matched, or on background, it is a
     * false detection.
     */
    public static Evaluation againstLabels(LabelImage truth, List<double[]> detections) {
        return labels(truth, detections, false);
    }

    /**
     * Against a label image that annotates only some objects of the field (BBBC007's annotations, for one):
     * detections on background are not scored, since they may be objects nobody labelled; a second detection in an
     * instance still counts as false. Precision then measures splitting, not false detections on background.
     */
    public static Evaluation againstPartialLabels(LabelImage truth, List<double[]> detections) {
        return labels(truth, detections, true);
    }

    private static Evaluation labels(LabelImage truth, List<double[]> detections, boolean partial) {
        List<double[]> sorted = byScore(detections);
        java.util.Map<Integer, LabelImage.Instance> byLabel = new java.util.HashMap<>();
        for (LabelImage.Instance in : truth.instances()) {
            byLabel.put(in.label(), in);
        }
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        int scored = 0;
        int unscored = 0;
        double err = 0;
        for (double[] d : sorted) {
            int label = truth.labelAt(d[0], d[1]);
            if (label == 0 && partial) {
                unscored++;
                continue;
            }
            scored++;
            if (label != 0 && taken.add(label)) {
                LabelImage.Instance in = byLabel.get(label);
                err += Math.hypot(d[0] - in.x(), d[1] - in.y());
            }
        }
        int matched = taken.size();
        return new Evaluation(truth.instances().size(), scored, unscored, matched,
                matched == 0 ? Double.NaN : err / matched);
    }

    /**
     * Against true points: pairs closer than {@code maxDistancePx} are matched, closest pair first, one-to-one.
     *
     * @param truth {@code {x, y}} pairs in frame pixels
     */
    public static Evaluation againstPoints(List<double[]> truth, List<double[]> detections, double maxDistancePx) {
        List<double[]> pairs = new ArrayList<>();
        for (int t = 0; t < truth.size(); t++) {
            for (int d = 0; d < detections.size(); d++) {
                double dist = Math.hypot(truth.get(t)[0] - detections.get(d)[0],
                        truth.get(t)[1] - detections.get(d)[1]);
                if (dist <= maxDistancePx) {
                    pairs.add(new double[] {dist, t, d});
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(p -> p[0]));
        boolean[] tUsed = new boolean[truth.size()];
        boolean[] dUsed = new boolean[detections.size()];
        int matched = 0;
        double err = 0;
        for (double[] p : pairs) {
            int t = (int) p[1];
            int d = (int) p[2];
            if (!tUsed[t] && !dUsed[d]) {
                tUsed[t] = true;
                dUsed[d] = true;
                matched++;
                err += p[0];
            }
        }
        return new Evaluation(truth.size(), detections.size(), 0, matched, matched == 0 ? Double.NaN : err / matched);
    }

    /** The centroids of the label image's instances as {@code {x, y}} points. */
    public static List<double[]> centroids(LabelImage labels) {
        List<double[]> out = new ArrayList<>();
        for (LabelImage.Instance in : labels.instances()) {
            out.add(new double[] {in.x(), in.y()});
        }
        return out;
    }

    private static List<double[]> byScore(List<double[]> detections) {
        List<double[]> sorted = new ArrayList<>(detections);
        sorted.sort(Comparator.comparingDouble((double[] d) -> d.length > 2 ? -d[2] : 0));
        return sorted;
    }
}
