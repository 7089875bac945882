package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.record.NdTiffRecorder;
import org.reflexscope.sim.replay.ReplayStack;

/**
 * Replay streams an NDTiff dataset: one whose planes as floats need more than twice the child JVM's heap is opened
 * and every plane read in a JVM of 48 MB heap (read whole, as before, the 120 planes of 512² as floats are 126 MB
 * and end in {@code OutOfMemoryError}), with the recorded frame times and Z kept.
 */
class StreamedNdTiffReplayTest {
    private static final int EDGE = 512;
    private static final int PLANES = 120;

    /** Opens the dataset as replay does, reads every plane (the last one first) and prints counts and sums. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            ReplayStack s = ReplayData.open(Paths.get(args[0]));
            double sum = 0;
            int n = s.timePoints() * s.zPlanes();
            float lastFirst = s.copyPlane(s.timePoints() - 1, 0)[0];
            for (int t = 0; t < s.timePoints(); t++) {
                for (int z = 0; z < s.zPlanes(); z++) {
                    for (float v : s.copyPlane(t, z)) {
                        sum += v;
                    }
                }
            }
            double[] times = s.timePointTimesMs();
            System.out.println("planes " + n + " sum " + (long) sum + " last " + (int) lastFirst + " interval "
                    + Math.round(s.frameIntervalMs()) + " lastTime " + Math.round(times[times.length - 1]));
        }
    }

    private static short value(int i, int p) {
        return (short) (100 + (i * 7 + p * 13) % 900);
    }

    @Test
    void anNdTiffDatasetLargerThanTheHeapReplaysPlaneByPlane(@TempDir Path dir) throws Exception {
        long sum = 0;
        List<Frame> frames = new ArrayList<>();
        for (int p = 0; p < PLANES; p++) {
            short[] px = new short[EDGE * EDGE];
            for (int i = 0; i < px.length; i++) {
                px[i] = value(i, p);
                sum += px[i];
            }
            // uneven times: 100 ms apart, the last one late
            double ms = 1000 + 100.0 * p + (p == PLANES - 1 ? 550 : 0);
            frames.add(Frame.wrap(FrameFormat.of(EDGE, EDGE, PixelType.GRAY16), px, FrameMetadata.builder()
                    .optImageNumber(p).optCameraTimeMs(ms).optPixelSizeUm(0.65).build()));
        }
        Path data = NdTiffRecorder.writeStack(dir.resolve("data"), "time", frames, Map.of());
        frames = null;
        assertThat(4L * EDGE * EDGE * PLANES).as("the planes as floats").isGreaterThan(2L * 48 * 1024 * 1024);

        String out = runChild(data);
        long lastInterval = Math.round((100.0 * (PLANES - 1) + 550) / (PLANES - 1));
        assertThat(out).contains("planes " + PLANES + " sum " + sum + " last " + value(0, PLANES - 1)
                + " interval " + lastInterval + " lastTime " + (100 * (PLANES - 1) + 550));
    }

    private static Frame plane(int w, int h, int value, double zUm) {
        short[] px = new short[w * h];
        java.util.Arrays.fill(px, (short) value);
        return Frame.wrap(FrameFormat.of(w, h, PixelType.GRAY16), px, FrameMetadata.builder()
                .optStage(0, 0, zUm).optPixelSizeUm(0.2).build());
    }

    @Test
    void aZStackDatasetStreamsItsPlanesInOrderWithItsZStep(@TempDir Path dir) throws Exception {
        List<Frame> frames = new ArrayList<>();
        for (int z = 0; z < 7; z++) {
            frames.add(plane(16, 8, 300 + z, 10 + 1.5 * z));
        }
        ReplayStack s = ReplayData.open(NdTiffRecorder.writeStack(dir.resolve("stack"), "z", frames, Map.of()));
        assertThat(s.timePoints()).isEqualTo(1);
        assertThat(s.zPlanes()).isEqualTo(7);
        assertThat(s.zStepUm()).isEqualTo(1.5);
        assertThat(s.pixelSizeUm()).isEqualTo(0.2);
        // out of order and again, past the planes kept
        for (int z : List.of(6, 0, 3, 1, 2, 4, 5, 6, 0)) {
            assertThat(s.copyPlane(0, z)).as("plane %d", z).containsOnly(300f + z);
        }
    }

    @Test
    void aDatasetMixingImageSizesIsRefusedNamingBoth(@TempDir Path dir) throws Exception {
        Path data = NdTiffRecorder.writeStack(dir.resolve("mixed"), "time",
                List.of(plane(16, 8, 100, 0), plane(16, 8, 101, 0), plane(8, 8, 102, 0)), Map.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReplayData.open(data))
                .isInstanceOf(org.reflexscope.cli.input.UserInputException.class)
                .hasMessageContaining("mixes image sizes (16x8 and 8x8").hasMessageContaining("one size");
    }

    private static String runChild(Path input) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String cp = String.join(File.pathSeparator, ChildJvm.testClassPath());
        Process child = new ProcessBuilder(java, "-Xmx48m", "-Djava.awt.headless=true", "-cp", cp,
                Child.class.getName(), input.toString()).redirectErrorStream(true).start();
        assertThat(child.waitFor(90, TimeUnit.SECONDS)).as("the child finishes").isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(out).isZero();
        return out;
    }
}
