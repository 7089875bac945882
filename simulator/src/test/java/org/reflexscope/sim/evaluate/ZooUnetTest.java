package org.reflexscope.sim.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.inference.BioImagePackage;
import org.reflexscope.core.inference.Device;
import org.reflexscope.core.inference.InferenceRuntime;
import org.reflexscope.core.inference.ModelRunner;
import org.reflexscope.core.inference.ModelSource;
import org.reflexscope.core.inference.Npy;
import org.reflexscope.core.inference.OutputKind;
import org.reflexscope.sim.replay.ReplayStack;

/**
 * The BioImage Model Zoo package of {@code ../shared/data/models/unet2d_nuclei_broad} (format 0.5.4, exactly as its
 * authors publish it): it loads, reproduces its own test output, and its probability map decodes into the INCENP
 * nuclei (touching ones split, see {@code ComponentDecoder}).
 */
class ZooUnetTest {
    private static Path unet() {
        return RealImages.dataDir().resolve("models/unet2d_nuclei_broad");
    }

    @Test
    void reproducesItsOwnTestOutput() throws Exception {
        ModelSource source = BioImagePackage.load(unet());
        assertThat(source.spec().outputKind()).isEqualTo(OutputKind.PROBABILITY_MAP);
        assertThat(source.spec().halo()).isEqualTo(32);
        Npy in = npy("test_input.npy");
        Npy expected = npy("test_output.npy");
        try (InferenceRuntime rt = new InferenceRuntime(Device.CPU, 1);
                ModelRunner runner = new ModelRunner(rt.load(source))) {
            runner.run(in.data(), 512, 512);
            float[] out = runner.output(0);
            float[] want = expected.data();
            double maxAbs = 0;
            for (int i = 0; i < want.length; i++) {
                maxAbs = Math.max(maxAbs, Math.abs(out[i] - want[i]));
            }
            System.out.println("unet2d_nuclei_broad test tensors: max abs error " + maxAbs);
            assertThat(maxAbs).isLessThan(1e-3);
        }
    }

    @Test
    void itsProbabilityMapDecodesIntoTheIncenpNuclei() throws Exception {
        for (String t : new String[] {"t1", "t70"}) {
            ReplayStack stack = ReplayStack.open(RealImages.image("xy_8bit__mitocheck_incenp_" + t + ".tif"));
            LabelImage truth = LabelImage.read(RealImages.image("xy_8bit_labels__mitocheck_incenp_" + t + ".tif"));
            List<double[]> found = new ArrayList<>();
            // INCENP nuclei of 30-54 px analysed at 10-18 px, the size of the 2018 Data Science Bowl nuclei the
            // model learned (bins 1-3 tried on both images: docs/real-images.md)
            try (AnalysisChain chain = AnalysisChain.builder().optDevice(Device.CPU).optBinning(3).optDenoiser(null)
                    .optDetector(BioImagePackage.load(unet())).optEventScorer(null).build()) {
                for (Detection d : chain.analyze(RealImages.slot(stack)).detections()) {
                    found.add(new double[] {d.xPx(), d.yPx(), d.score()});
                }
            }
            Evaluation e = Detections.againstLabels(truth, found);
            System.out.println("unet2d_nuclei_broad on INCENP " + t + ": " + e);
            assertThat(e.recall()).as("recall on INCENP %s: %s", t, e).isGreaterThanOrEqualTo(0.8);
        }
    }

    private static Npy npy(String name) throws Exception {
        try (InputStream s = new java.io.BufferedInputStream(Files.newInputStream(unet().resolve(name)))) {
            return Npy.read(s, name);
        }
    }
}
