package org.reflexscope.mm.contract;

import static org.assertj.core.api.Assertions.assertThat;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.sim.VirtualMicroscope;

import org.reflexscope.sim.replay.ReplayRenderer;
import org.reflexscope.sim.replay.ReplayStack;
import org.reflexscope.sim.scenario.ClockMode;
import org.reflexscope.sim.scenario.Scenario;

/** The adapters the contract suites run against, made the way Reflex's commands make them (test support). */
final class Adapters {
    private Adapters() {
    }

    /** The virtual microscope on the built-in {@code drifting-focus-beads} scenario (seed 7), virtual clock. */
    static VirtualMicroscope virtualMicroscope(long frames) {
        return VirtualMicroscope.builder(Scenario.builtIn("drifting-focus-beads").with("seed", 7))
                .optClock(ClockMode.VIRTUAL).optFrameLimit(frames > 0 ? frames : Long.MAX_VALUE).build();
    }

    /**
     * A replay of the 30-frame MitoCheck H2B time-lapse in {@code ../shared/data} (set as {@code reflex.data.dir} by
     * the pom), set up as {@code reflex replay} sets one up.
     */
    static VirtualMicroscope replay(long frames) throws IOException {
        Path movie = Paths.get(System.getProperty("reflex.data.dir", "../../shared/data"), "real-images",
                "mitocheck-h2b-movie");
        assertThat(movie).as("the shared data set (reflex.data.dir)").isDirectory();
        List<Path> files;
        try (Stream<Path> s = Files.list(movie)) {
            files = s.filter(p -> p.toString().endsWith(".tif")).sorted().collect(Collectors.toList());
        }
        float[][] planes = new float[files.size()][];
        int width = 0;
        int height = 0;
        for (int t = 0; t < planes.length; t++) {
            ImagePlus imp = IJ.openImage(files.get(t).toString());
            ImageProcessor ip = imp.getProcessor();
            width = ip.getWidth();
            height = ip.getHeight();
            planes[t] = (float[]) ip.convertToFloatProcessor().getPixels();
        }
        ReplayStack stack = ReplayStack.of(width, height, planes.length, 1, planes, 1.0, 1.0, Double.NaN,
                PixelType.GRAY8);
        double interval = 100;
        Scenario s = Scenario.defaults().with("name", "replay").with("camera.width", width)
                .with("camera.height", height).with("camera.frameIntervalMs", interval)
                .with("camera.exposureMs", 20.0).with("durationS", planes.length * interval / 1000.0)
                .with("specimen.beads.count", 0).with("drift.focusRateUmPerMin", 0.0)
                .with("drift.wanderAmplitudeUm", 0.0).with("clock", ClockMode.VIRTUAL.name());
        return VirtualMicroscope.builder(s).optClock(ClockMode.VIRTUAL)
                .optFrameLimit(frames > 0 ? frames : Long.MAX_VALUE)
                .optRenderer(ReplayRenderer.builder(stack).optFrameIntervalMs(interval).build()).build();
    }
}
