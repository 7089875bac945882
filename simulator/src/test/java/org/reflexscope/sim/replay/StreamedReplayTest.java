package org.reflexscope.sim.replay;

import static org.assertj.core.api.Assertions.assertThat;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ShortProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay streams its file: a 16-bit recording whose planes as floats need 4× the child JVM's heap is opened and
 * every plane read, in a JVM of 48 MB heap (read whole, as before, it needs 126 MB of floats and ended in
 * {@code OutOfMemoryError}; the 2048² × 200-frame file of issue 19 needs 3.3 GB at a default heap of a quarter of
 * the machine's memory: the same proportion, scaled down to keep the test fast). A folder of single-plane files
 * streams the same way.
 */
class StreamedReplayTest {
    private static final int EDGE = 512;
    private static final int PLANES = 120;

    /** Opens the file, reads every plane and prints the plane count and the sum of all values. */
    public static final class Child {
        public static void main(String[] args) {
            Path in = Paths.get(args[0]);
            ReplayStack s = Files.isDirectory(in) ? ReplayStack.openSeries(TiffSeries.inFolder(in))
                    : ReplayStack.open(in);
            double sum = 0;
            for (int t = 0; t < s.timePoints(); t++) {
                for (int z = 0; z < s.zPlanes(); z++) {
                    for (float v : s.plane(t, z)) {
                        sum += v;
                    }
                }
            }
            System.out.println("planes " + s.timePoints() * s.zPlanes() + " sum " + (long) sum);
        }
    }

    @Test
    void aRecordingLargerThanTheHeapReplaysPlaneByPlane(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("large.tif");
        long sum = 0;
        ImageStack stack = new ImageStack(EDGE, EDGE);
        for (int p = 0; p < PLANES; p++) {
            short[] px = new short[EDGE * EDGE];
            for (int i = 0; i < px.length; i++) {
                px[i] = (short) (100 + (i * 7 + p * 13) % 900);
                sum += px[i];
            }
            stack.addSlice(new ShortProcessor(EDGE, EDGE, px, null));
        }
        assertThat(new FileSaver(new ImagePlus("large", stack)).saveAsTiffStack(file.toString())).isTrue();
        stack = null;
        assertThat(4L * EDGE * EDGE * PLANES).as("the planes as floats").isGreaterThan(2L * 48 * 1024 * 1024);

        String out = runChild(file);
        assertThat(out).contains("planes " + PLANES + " sum " + sum);
    }

    @Test
    void aFolderOfSinglePlaneFilesLargerThanTheHeapReplaysFileByFile(@TempDir Path dir) throws Exception {
        long sum = 0;
        for (int p = 0; p < PLANES; p++) {
            short[] px = new short[EDGE * EDGE];
            for (int i = 0; i < px.length; i++) {
                px[i] = (short) (100 + (i * 7 + p * 13) % 900);
                sum += px[i];
            }
            ImagePlus one = new ImagePlus("t" + p, new ShortProcessor(EDGE, EDGE, px, null));
            assertThat(new FileSaver(one).saveAsTiff(dir.resolve("t" + p + ".tif").toString())).isTrue();
        }
        assertThat(4L * EDGE * EDGE * PLANES).as("the planes as floats").isGreaterThan(2L * 48 * 1024 * 1024);
        String out = runChild(dir);
        assertThat(out).contains("planes " + PLANES + " sum " + sum);
    }

    @Test
    void aStreamedFolderReadsItsFilesInNaturalOrder(@TempDir Path dir) throws IOException {
        // written in an order that neither name order nor creation order gives
        for (int t : List.of(10, 2, 0, 11, 1)) {
            short[] px = new short[64];
            java.util.Arrays.fill(px, (short) (500 + t));
            new FileSaver(new ImagePlus("t", new ShortProcessor(8, 8, px, null)))
                    .saveAsTiff(dir.resolve("cell_t" + t + ".tif").toString());
        }
        List<Path> files = TiffSeries.inFolder(dir);
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("cell_t0.tif", "cell_t1.tif", "cell_t2.tif", "cell_t10.tif", "cell_t11.tif");
        ReplayStack s = ReplayStack.openSeries(files);
        int[] expected = {0, 1, 2, 10, 11};
        // out of order and again, past the planes kept
        for (int t : List.of(4, 0, 3, 1, 2, 4, 0)) {
            assertThat(s.copyPlane(t, 0)).as("time point %d", t).containsOnly(500f + expected[t]);
        }
    }

    @Test
    void aFolderMixingBitDepthsIsRefusedNamingBothFiles(@TempDir Path dir) {
        new FileSaver(new ImagePlus("a", new ShortProcessor(8, 8))).saveAsTiff(dir.resolve("t1.tif").toString());
        new FileSaver(new ImagePlus("b", new ij.process.ByteProcessor(8, 8)))
                .saveAsTiff(dir.resolve("t2.tif").toString());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReplayStack.openSeries(TiffSeries.inFolder(dir)))
                .isInstanceOf(ReplayException.class)
                .hasMessageContaining("t2.tif is 8x8 GRAY8 but")
                .hasMessageContaining("t1.tif is 8x8 GRAY16")
                .hasMessageContaining("one size and bit depth");
    }

    private static String runChild(Path input) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(java, "-Xmx48m", "-Djava.awt.headless=true", "-cp", cp,
                Child.class.getName(), input.toString()).redirectErrorStream(true).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child finishes").isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void aStreamedStackReadsTheSamePlanesAsTheRecording(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("small.tif");
        ImageStack stack = new ImageStack(16, 16);
        for (int p = 0; p < 9; p++) {
            short[] px = new short[256];
            java.util.Arrays.fill(px, (short) (1000 + p));
            stack.addSlice(new ShortProcessor(16, 16, px, null));
        }
        assertThat(new FileSaver(new ImagePlus("small", stack)).saveAsTiffStack(file.toString())).isTrue();
        ReplayStack s = ReplayStack.open(file, ReplayStack.StackAxis.TIME, 0);
        // read out of order and again, past the planes kept
        for (int t : List.of(8, 0, 5, 1, 2, 3, 4, 8, 0)) {
            assertThat(s.copyPlane(t, 0)).as("plane %d", t).containsOnly(1000f + t);
        }
        assertThat(Files.size(file)).isGreaterThan(9 * 256 * 2L);
    }
}
