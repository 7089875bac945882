package org.reflexscope.core.detect;

/**
 * Preallocated, reusable list of detection candidates in analysis-image pixels: parallel primitive arrays so that
 * decoding allocates nothing per frame. When full, a better-scoring candidate replaces the worst one and the one left
 * out is counted ({@link #dropped()}), never silently lost. Owned and used by one thread.
 */
public final class Candidates {
    private final int capacity;
    final double[] x;
    final double[] y;
    final double[] score;
    final double[] sigma;
    final double[] area;
    final double[] elongation;
    final double[] intensity;
    final double[] flux;
    private int size;
    private int worst = -1;
    private int dropped;

    /** A list holding at most {@code capacity} candidates. */
    public Candidates(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("Candidate capacity must be > 0, got " + capacity);
        }
        this.capacity = capacity;
        x = new double[capacity];
        y = new double[capacity];
        score = new double[capacity];
        sigma = new double[capacity];
        area = new double[capacity];
        elongation = new double[capacity];
        intensity = new double[capacity];
        flux = new double[capacity];
    }

    public void clear() {
        size = 0;
        worst = -1;
        dropped = 0;
    }

    /** Candidates left out since the last {@link #clear()} because the list was full (the lowest-scoring ones). */
    public int dropped() {
        return dropped;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /** Adds a candidate (or replaces the worst one when full and this one scores higher); returns its index or -1. */
    public int add(double px, double py, double s, double sig) {
        int i;
        if (size < capacity) {
            i = size++;
        } else {
            dropped++;
            if (worst < 0) {
                worst = lowest();
            }
            if (score[worst] >= s) {
                return -1;
            }
            i = worst;
            worst = -1;
        }
        x[i] = px;
        y[i] = py;
        score[i] = s;
        sigma[i] = sig;
        area[i] = Double.NaN;
        elongation[i] = 1;
        intensity[i] = Double.NaN;
        flux[i] = Double.NaN;
        return i;
    }

    private int lowest() {
        int w = 0;
        for (int k = 1; k < size; k++) {
            if (score[k] < score[w]) {
                w = k;
            }
        }
        return w;
    }

    public double x(int i) {
        return x[i];
    }

    public double y(int i) {
        return y[i];
    }

    public double score(int i) {
        return score[i];
    }

    /** Blob σ in analysis pixels. */
    public double sigma(int i) {
        return sigma[i];
    }

    /** Area in analysis pixels (components), or NaN. */
    public double area(int i) {
        return area[i];
    }

    public double elongation(int i) {
        return elongation[i];
    }

    /** Mean background-subtracted intensity in the measured image's units. */
    public double intensity(int i) {
        return intensity[i];
    }

    /**
     * Integrated background-subtracted light of the object (the measured image's units summed over its own pixels),
     * or NaN when not measured.
     */
    public double flux(int i) {
        return flux[i];
    }

    /** Moves candidate {@code i} to {@code (px, py)} (e.g. a refined seed before measuring). */
    public void setPosition(int i, double px, double py) {
        x[i] = px;
        y[i] = py;
    }

    void setShape(int i, double cx, double cy, double elong, double inten, double light) {
        x[i] = cx;
        y[i] = cy;
        elongation[i] = elong;
        intensity[i] = inten;
        flux[i] = light;
    }

    void setArea(int i, double a) {
        area[i] = a;
    }
}
