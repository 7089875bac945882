package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.record.NdTiffDatasetReader;
import org.reflexscope.core.record.RecordedFrame;

/**
 * {@code reflex replay} of a recording whose frames were not evenly spaced (an adaptive-rate run of
 * {@code rare-divisions}, switching between its fast and slow intervals) replays every frame at its recorded time;
 * one without per-frame times replays evenly and says so.
 */
class ReplayTimingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void replayOfAnAdaptiveRateRecordingKeepsItsRecordedIntervals() throws IOException {
        Path recorded = dir.resolve("adaptive");
        Cli run = Cli.run("run", "-s", "rare-divisions", "-p", "rate", "--frames", "60", "--warm-up", "5",
                "--no-report", "--out", recorded.toString());
        assertThat(run.exit).as(run.toString()).isZero();
        List<Double> recordedIntervals = intervals(recorded);
        assertThat(new TreeSet<>(recordedIntervals)).as("the adaptive-rate run used more than one interval: %s",
                recordedIntervals).hasSizeGreaterThan(1);

        Path replay = dir.resolve("replay");
        Cli c = Cli.run("replay", recorded.toString(), "-p", "none", "--warm-up", "5", "--no-report", "--out",
                replay.toString());
        assertThat(c.exit).as(c.toString()).isZero();
        List<Double> replayed = intervals(replay);
        assertThat(replayed).as("replayed intervals").hasSameSizeAs(recordedIntervals);
        for (int i = 0; i < replayed.size(); i++) {
            assertThat(replayed.get(i)).as("interval %d of %s vs recorded %s", i, replayed, recordedIntervals)
                    .isCloseTo(recordedIntervals.get(i), within(1e-6));
        }
        JsonNode settings = JSON.readTree(replay.resolve("settings.json").toFile());
        assertThat(settings.path("replay").path("frameTimes").asText()).startsWith("at their recorded times");
    }

    /** A multi-page TIFF states no per-frame times: it replays evenly and says so on screen and in settings.json. */
    @Test
    void aRecordingWithoutFrameTimesReplaysEvenlyAndSaysSo() throws IOException {
        ij.ImageStack stack = new ij.ImageStack(64, 64);
        for (int i = 0; i < 6; i++) {
            short[] p = new short[64 * 64];
            java.util.Arrays.fill(p, (short) (200 + 10 * i));
            stack.addSlice(new ij.process.ShortProcessor(64, 64, p, null));
        }
        Path tiff = dir.resolve("plain.tif");
        assertThat(new ij.io.FileSaver(new ij.ImagePlus("plain", stack)).saveAsTiffStack(tiff.toString())).isTrue();
        Path replay = dir.resolve("plain-replay");
        Cli c = Cli.run("replay", tiff.toString(), "--stack-axis", "time", "-p", "none", "--warm-up", "2",
                "--no-report", "--out", replay.toString());
        assertThat(c.exit).as(c.toString()).isZero();
        assertThat(c.err).contains("states no per-frame times").contains("100 ms assumed");
        assertThat(new TreeSet<>(intervals(replay))).containsExactly(100.0);
        JsonNode settings = JSON.readTree(replay.resolve("settings.json").toFile());
        assertThat(settings.path("replay").path("frameTimes").asText()).startsWith("evenly");
    }

    /** Camera time differences between consecutive frames of a run folder's recording, ms. */
    private static List<Double> intervals(Path runFolder) throws IOException {
        List<Double> out = new ArrayList<>();
        try (NdTiffDatasetReader r = NdTiffDatasetReader.open(runFolder.resolve("recording"))) {
            List<RecordedFrame> frames = r.readAll();
            for (int i = 1; i < frames.size(); i++) {
                out.add(frames.get(i).frame().metadata().cameraTimeMs()
                        - frames.get(i - 1).frame().metadata().cameraTimeMs());
            }
        }
        return out;
    }
}
