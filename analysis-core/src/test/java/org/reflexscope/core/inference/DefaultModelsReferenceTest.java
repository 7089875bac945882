package org.reflexscope.core.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each embedded default model against an independent plain-Java computation on fresh random inputs. */
class DefaultModelsReferenceTest {
    private static final double[] SIGMAS = {1.0, 1.6, 2.56, 4.096};

    @Test
    void denoiserMatchesAnscombeGaussianExactInverseReference() throws Exception {
        Random rnd = new Random(11);
        try (InferenceRuntime rt = new InferenceRuntime(Device.CPU, 1);
                TensorModel m = rt.load(ModelCatalog.denoiser())) {
            for (int trial = 0; trial < 3; trial++) {
                int w = 20 + rnd.nextInt(60);
                int h = 20 + rnd.nextInt(60);
                double[] x = new double[w * h];
                for (int i = 0; i < x.length; i++) {
                    x[i] = rnd.nextDouble() < 0.1 ? -rnd.nextDouble() : rnd.nextDouble() * 200;
                }
                float[] got = run(m, x, w, h, 0);
                double[] vst = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    vst[i] = 2 * Math.sqrt(Math.max(x[i], 0) + 0.375);
                }
                double[] s = gauss(vst, w, h, 1.0);
                double maxErr = 0;
                for (int i = 0; i < x.length; i++) {
                    double y = Math.max(s[i], 0.8);
                    double c = Math.sqrt(1.5);
                    double inv = 0.25 * y * y + 0.25 * c / y - 1.375 / (y * y) + 0.625 * c / (y * y * y) - 0.125;
                    double expected = Math.max(inv, 0);
                    maxErr = Math.max(maxErr, Math.abs(got[i] - expected) / (1 + Math.abs(expected)));
                }
                System.out.printf("denoiser %dx%d: max relative error %.2e%n", w, h, maxErr);
                assertThat(maxErr).isLessThan(1e-4);
            }
        }
    }

    @Test
    void detectorMatchesMultiScaleDogWithMaxPoolNmsReference() throws Exception {
        Random rnd = new Random(12);
        try (InferenceRuntime rt = new InferenceRuntime(Device.CPU, 1);
                TensorModel m = rt.load(ModelCatalog.detector())) {
            for (int trial = 0; trial < 3; trial++) {
                int w = 30 + rnd.nextInt(60);
                int h = 30 + rnd.nextInt(60);
                double[] x = new double[w * h];
                for (int i = 0; i < x.length; i++) {
                    x[i] = rnd.nextDouble();
                }
                float[] nms = run(m, x, w, h, 0);
                float[] scale = run(m, x, w, h, 1);
                double[][] d = dogStack(x, w, h);
                double[] best = new double[x.length];
                int[] arg = new int[x.length];
                for (int i = 0; i < x.length; i++) {
                    best[i] = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < d.length; k++) {
                        if (d[k][i] > best[i]) {
                            best[i] = d[k][i];
                            arg[i] = k;
                        }
                    }
                }
                int peaks = 0;
                int mismatched = 0;
                double maxErr = 0;
                for (int y = 0; y < h; y++) {
                    for (int xx = 0; xx < w; xx++) {
                        int i = y * w + xx;
                        boolean isMax = true;
                        for (int dy = -1; dy <= 1; dy++) {
                            for (int dx = -1; dx <= 1; dx++) {
                                int qy = y + dy;
                                int qx = xx + dx;
                                if (qy >= 0 && qy < h && qx >= 0 && qx < w && best[qy * w + qx] > best[i]) {
                                    isMax = false;
                                }
                            }
                        }
                        boolean modelPeak = nms[i] != 0;
                        if (isMax) {
                            peaks++;
                        }
                        if (isMax != modelPeak) {
                            mismatched++;
                        } else if (isMax) {
                            maxErr = Math.max(maxErr, Math.abs(nms[i] - best[i]));
                            assertThat((int) scale[i]).as("scale at %d,%d", xx, y).isEqualTo(arg[i]);
                        }
                    }
                }
                System.out.printf("detector %dx%d: %d peaks, %d mismatched, max response error %.2e%n", w, h,
                        peaks, mismatched, maxErr);
                assertThat(peaks).isGreaterThan(10);
                assertThat(mismatched).isLessThanOrEqualTo(peaks / 100);
                assertThat(maxErr).isLessThan(1e-4);
            }
        }
    }

    @Test
    void fusedDenoiseDetectorMatchesVstHalfResolutionDogReference() throws Exception {
        Random rnd = new Random(13);
        try (InferenceRuntime rt = new InferenceRuntime(Device.CPU, 1);
                TensorModel m = rt.load(ModelCatalog.denoiseDetector())) {
            for (int trial = 0; trial < 3; trial++) {
                int w = 40 + rnd.nextInt(80);
                int h = 40 + rnd.nextInt(80);
                double[] x = new double[w * h];
                for (int i = 0; i < x.length; i++) {
                    // a background with noise, sparse bright pixels, a few negatives
                    x[i] = rnd.nextDouble() < 0.05 ? -rnd.nextDouble()
                            : 10 + rnd.nextDouble() * (rnd.nextDouble() < 0.1 ? 150 : 20);
                }
                // the model's input is the root of the Anscombe transform, reflect-padded by 3 (the chain does both
                // while mapping counts)
                int pad = 3;
                assertThat(ModelCatalog.denoiseDetectorInputPadding()).isEqualTo(pad);
                FloatBuffer in = m.input(w + 2 * pad, h + 2 * pad);
                for (int py = 0; py < h + 2 * pad; py++) {
                    for (int px = 0; px < w + 2 * pad; px++) {
                        double v = x[mirror(py - pad, h) * w + mirror(px - pad, w)];
                        in.put((float) Math.sqrt(Math.max(v, 0) + 0.375));
                    }
                }
                m.run();
                assertThat(m.outputShape(0)).containsExactly(1, 1, h, w);
                float[] vst = copy(m.output(0));
                float[] nms = copy(m.output(1));
                float[] scale = copy(m.output(2));
                int hw = w / 2;
                int hh = h / 2;
                assertThat(m.outputShape(1)).containsExactly(1, 1, hh, hw);

                // Reference: VST, G(1.0) (the denoiser's smoothing); 2×2 mean; a cascade of four Gaussians taking it
                // (σ sqrt(0.5² + 1/16) half-pixels) to the effective scales sqrt(1 + s²)/2, s = 1, 1.6, 2.56, 4.096,
                // each sampled kernel with exactly the variance step; DoGs divided by (ratio − 1); max and first
                // argmax; 3×3 local maxima.
                double[] a = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    a[i] = 2 * Math.sqrt(Math.max(x[i], 0) + 0.375);
                }
                double[] s = gauss(a, w, h, 1.0);
                double[] p = new double[hw * hh];
                for (int y = 0; y < hh; y++) {
                    for (int xx = 0; xx < hw; xx++) {
                        p[y * hw + xx] = (s[2 * y * w + 2 * xx] + s[2 * y * w + 2 * xx + 1]
                                + s[(2 * y + 1) * w + 2 * xx] + s[(2 * y + 1) * w + 2 * xx + 1]) / 4;
                    }
                }
                double[] eff = new double[SIGMAS.length];
                double[][] g = new double[SIGMAS.length][];
                double prev = Math.sqrt(0.25 + 1.0 / 16);
                double[] level = p;
                for (int k = 0; k < SIGMAS.length; k++) {
                    eff[k] = Math.sqrt(1 + SIGMAS[k] * SIGMAS[k]) / 2;
                    level = gauss(level, hw, hh, sigmaOfSampledVariance(eff[k] * eff[k] - prev * prev));
                    g[k] = level;
                    prev = eff[k];
                }
                double[] best = new double[p.length];
                int[] arg = new int[p.length];
                for (int i = 0; i < p.length; i++) {
                    best[i] = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < 3; k++) {
                        double d = (g[k][i] - g[k + 1][i]) / (eff[k + 1] / eff[k] - 1);
                        if (d > best[i]) {
                            best[i] = d;
                            arg[i] = k;
                        }
                    }
                }
                double errVst = 0;
                for (int i = 0; i < x.length; i++) {
                    errVst = Math.max(errVst, Math.abs(vst[i] - s[i]));
                }
                int peaks = 0;
                int mismatched = 0;
                double errNms = 0;
                for (int y = 0; y < hh; y++) {
                    for (int xx = 0; xx < hw; xx++) {
                        int i = y * hw + xx;
                        boolean isMax = true;
                        for (int dy = -1; dy <= 1; dy++) {
                            for (int dx = -1; dx <= 1; dx++) {
                                int qy = y + dy;
                                int qx = xx + dx;
                                if (qy >= 0 && qy < hh && qx >= 0 && qx < hw && best[qy * hw + qx] > best[i]) {
                                    isMax = false;
                                }
                            }
                        }
                        peaks += isMax ? 1 : 0;
                        if (isMax != (nms[i] != 0)) {
                            mismatched++;
                        } else if (isMax) {
                            errNms = Math.max(errNms, Math.abs(nms[i] - best[i]));
                            assertThat((int) scale[i]).as("scale at %d,%d", xx, y).isEqualTo(arg[i]);
                        }
                    }
                }
                System.out.printf("fused %dx%d: vst err %.2e, %d half-resolution peaks, %d mismatched, nms err %.2e%n",
                        w, h, errVst, peaks, mismatched, errNms);
                assertThat(errVst).isLessThan(1e-4);
                assertThat(peaks).isGreaterThan(10);
                assertThat(mismatched).isLessThanOrEqualTo(peaks / 100);
                assertThat(errNms).isLessThan(1e-4);
            }
        }
    }

    /**
     * For nominal σ = sqrt(v) below 0.6: the σ in (1/3, 2/3) whose sampled, normalised kernel of radius ceil(3σ) = 2
     * has variance {@code v} (scan, then halving steps); otherwise the nominal σ.
     */
    static double sigmaOfSampledVariance(double v) {
        if (Math.sqrt(v) >= 0.6) {
            return Math.sqrt(v);
        }
        double sigma = 0.34;
        double step = 0.01;
        for (int i = 0; i < 30; i++) {
            while (sigma + step < 0.66 && kernelVariance(sigma + step) < v) {
                sigma += step;
            }
            step /= 2;
        }
        return sigma;
    }

    private static double kernelVariance(double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        double sum = 0;
        double m2 = 0;
        for (int i = -r; i <= r; i++) {
            double w = Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += w;
            m2 += w * i * i;
        }
        return m2 / sum;
    }

    @Test
    void sampledVarianceCorrectionMattersOnlyForSmallSigmas() {
        assertThat(kernelVariance(0.433)).isLessThan(0.13);
        assertThat(sigmaOfSampledVariance(0.1875)).isBetween(0.47, 0.49);
        assertThat(sigmaOfSampledVariance(1.0)).isEqualTo(1.0);
        assertThat(kernelVariance(0.7)).isCloseTo(0.49, org.assertj.core.data.Offset.offset(0.01));
    }

    private static float[] copy(FloatBuffer b) {
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }

    /**
     * The octave-pyramid DoG: D0 = (G(1.0) − G(1.6))/0.6 at full resolution; G(1.6) averaged over 2×2 blocks (σ
     * becomes sqrt(0.8² + 1/16) half-pixels), smoothed further to G(2.56) and G(4.096); the two coarse DoGs linearly
     * interpolated back (pixel centres aligned).
     */
    static double[][] dogStack(double[] x, int w, int h) {
        double[] g0 = gauss(x, w, h, SIGMAS[0]);
        double[] g1 = gauss(x, w, h, SIGMAS[1]);
        double[] d0 = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d0[i] = (g0[i] - g1[i]) / 0.6;
        }
        int hw = w / 2;
        int hh = h / 2;
        double[] a = new double[hw * hh];
        for (int y = 0; y < hh; y++) {
            for (int xx = 0; xx < hw; xx++) {
                a[y * hw + xx] = (g1[2 * y * w + 2 * xx] + g1[2 * y * w + 2 * xx + 1] + g1[(2 * y + 1) * w + 2 * xx]
                        + g1[(2 * y + 1) * w + 2 * xx + 1]) / 4;
            }
        }
        double pooled = Math.sqrt(0.8 * 0.8 + 1.0 / 16);
        double[] g2 = gauss(a, hw, hh, Math.sqrt(1.28 * 1.28 - pooled * pooled));
        double[] g3 = gauss(a, hw, hh, Math.sqrt(2.048 * 2.048 - pooled * pooled));
        double[] d1 = new double[a.length];
        double[] d2 = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d1[i] = (a[i] - g2[i]) / 0.6;
            d2[i] = (g2[i] - g3[i]) / 0.6;
        }
        return new double[][] {d0, upsample(d1, hw, hh, w, h), upsample(d2, hw, hh, w, h)};
    }

    /** Bilinear resize with pixel centres aligned, sample positions clamped to the image. */
    private static double[] upsample(double[] in, int iw, int ih, int w, int h) {
        double[] out = new double[w * h];
        for (int y = 0; y < h; y++) {
            double sy = Math.min(Math.max((y + 0.5) * ih / h - 0.5, 0), ih - 1);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, ih - 1);
            double fy = sy - y0;
            for (int x = 0; x < w; x++) {
                double sx = Math.min(Math.max((x + 0.5) * iw / w - 0.5, 0), iw - 1);
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, iw - 1);
                double fx = sx - x0;
                out[y * w + x] = (1 - fy) * ((1 - fx) * in[y0 * iw + x0] + fx * in[y0 * iw + x1])
                        + fy * ((1 - fx) * in[y1 * iw + x0] + fx * in[y1 * iw + x1]);
            }
        }
        return out;
    }

    private static float[] run(TensorModel m, double[] x, int w, int h, int output) throws ModelRunException {
        FloatBuffer in = m.input(w, h);
        for (double v : x) {
            in.put((float) v);
        }
        m.run();
        FloatBuffer o = m.output(output);
        float[] out = new float[o.remaining()];
        o.get(out);
        assertThat(out).hasSize(w * h);
        return out;
    }

    /** Separable Gaussian (radius ceil(3σ), normalised) with mirror-reflect borders, in double. */
    static double[] gauss(double[] img, int w, int h, double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        double[] tmp = new double[img.length];
        double[] out = new double[img.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int i = -r; i <= r; i++) {
                    acc += k[i + r] * img[y * w + mirror(x + i, w)];
                }
                tmp[y * w + x] = acc;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int i = -r; i <= r; i++) {
                    acc += k[i + r] * tmp[mirror(y + i, h) * w + x];
                }
                out[y * w + x] = acc;
            }
        }
        return out;
    }

    private static int mirror(int i, int n) {
        while (i < 0 || i >= n) {
            i = i < 0 ? -i : 2 * (n - 1) - i;
        }
        return i;
    }
}
