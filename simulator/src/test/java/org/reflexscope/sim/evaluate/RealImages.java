package org.reflexscope.sim.evaluate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.reflexscope.core.analysis.AnalysisChain;
import org.reflexscope.core.analysis.AnalysisResult;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.sim.replay.ReplayStack;

/** The real images of {@code ../shared/data/real-images} (system property {@code reflex.data}) for tests. */
final class RealImages {
    private RealImages() {
    }

    /** {@code ../shared/data} as the build passes it, or beside the working directory's project root. */
    static Path dataDir() {
        String p = System.getProperty("reflex.data");
        Path dir = p != null ? Path.of(p) : Path.of("../../shared/data");
        if (!Files.isDirectory(dir.resolve("real-images"))) {
            throw new IllegalStateException("The shared real images are not at " + dir.toAbsolutePath()
                    + ": the project needs ../shared/data beside it (see the README)");
        }
        return dir.normalize();
    }

    static Path image(String name) {
        return dataDir().resolve("real-images").resolve(name);
    }

    /** Plane (0, 0) of {@code stack} in a slot of its pixel type, with its pixel size. */
    static FrameSlot slot(ReplayStack stack) {
        int w = stack.width();
        int h = stack.height();
        float[] v = stack.copyPlane(0, 0);
        FrameSlot slot = new FrameSlot(FrameFormat.of(w, h, stack.pixelType()));
        for (int i = 0; i < v.length; i++) {
            if (stack.pixelType() == PixelType.GRAY8) {
                slot.bytes()[i] = (byte) Math.round(v[i]);
            } else {
                slot.shorts()[i] = (short) Math.round(v[i]);
            }
        }
        slot.setPixelSizeUm(stack.pixelSizeUm());
        return slot;
    }

    /** The detections of the default chain for objects of {@code diameterPx} as {x, y, score} triples. */
    static List<double[]> detect(FrameSlot slot, double diameterPx) throws Exception {
        try (AnalysisChain chain = AnalysisChain.builder().optObjectDiameterPx(diameterPx).build()) {
            AnalysisResult r = chain.analyze(slot);
            List<double[]> out = new ArrayList<>();
            for (Detection d : r.detections()) {
                out.add(new double[] {d.xPx(), d.yPx(), d.score()});
            }
            return out;
        }
    }
}
