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
                double[][] g = new double[SIGMAS.length][];
                for (int k = 0; k < SIGMAS.length; k++) {
                    g[k] = gauss(x, w, h, SIGMAS[k]);
                }
                double[] best = new double[x.length];
                int[] arg = new int[x.length];
                for (int i = 0; i < x.length; i++) {
                    best[i] = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < SIGMAS.length - 1; k++) {
                        double d = (g[k][i] - g[k + 1][i]) / 0.6;
                        if (d > best[i]) {
                            best[i] = d;
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
