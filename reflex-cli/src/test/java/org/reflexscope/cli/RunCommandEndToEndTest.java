package org.reflexscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.pipeline.ConsumerWait;
import org.reflexscope.core.record.NdTiffDatasetReader;
import org.reflexscope.core.record.RecordedFrame;
import org.reflexscope.policy.recipe.RunRecipe;
import org.reflexscope.sim.VirtualMicroscope;
import org.reflexscope.sim.scenario.Scenario;
import org.reflexscope.sim.truth.GroundTruth;

/**
 * Runs {@code reflex run} end to end on small scenarios (seconds each) and checks the run folder against the
 * simulator's ground truth, independently of the code that wrote it.
 */
class RunCommandEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static Path run;
    private static Cli result;

    @BeforeAll
    static void runOnce() {
        run = dir.resolve("beads");
        result = Cli.run("run", "-s", "drifting-focus-beads", "--frames", "40", "--ring", "8", "--consumer-wait", "sleeping", "--out",
                run.toString());
    }

    @Test
    void exitsZeroAndPrintsTheSummary() {
        assertThat(result.exit).as(result.toString()).isZero();
        assertThat(result.out).contains("Frames recorded / published        40 / 40").contains("Frames lost")
                .contains("Decision latency p50 / p99").contains("Focus error RMS / max").contains("Light dose")
                .contains("Report: ");
        assertThat(run.resolve("decisions.jsonl")).isRegularFile();
        assertThat(run.resolve("scenario.yaml")).isRegularFile();
    }

    @Test
    void recordingHoldsEveryPublishedFrameInOrder() throws IOException {
        JsonNode metrics = JSON.readTree(run.resolve("metrics.json").toFile());
        long published = metrics.path("frames").path("published").asLong();
        assertThat(published).isEqualTo(40);
        try (NdTiffDatasetReader reader = NdTiffDatasetReader.open(run.resolve("recording"))) {
            assertThat(reader.size()).isEqualTo(published);
            List<RecordedFrame> frames = reader.readAll();
            for (int i = 0; i < frames.size(); i++) {
                assertThat(frames.get(i).sequence()).isEqualTo(i);
                assertThat(frames.get(i).frame().metadata().imageNumber()).isEqualTo(i);
            }
        }
        assertThat(metrics.path("frames").path("lost").asLong()).isZero();
        long notLive = 0;
        for (com.fasterxml.jackson.databind.JsonNode n : metrics.path("frames").path("notLive")) {
            notLive += n.asLong();
        }
        assertThat(metrics.path("frames").path("analysed").asLong() + notLive + metrics.path("frames")
                .path("skipped").asLong() + metrics.path("frames").path("analysisFailed").asLong())
                .isEqualTo(published);
    }

    /**
     * Re-scores focus from the recording alone (stage Z and camera time in each frame's metadata) against the
     * ground truth of a fresh simulator of the same scenario: metrics.json must agree within 0.01 µm.
     */
    @Test
    void metricsFocusScoreMatchesGroundTruthRecomputedFromTheRecording() throws IOException {
        Scenario scenario = Scenario.load(run.resolve("scenario.yaml"));
        double sum = 0;
        double max = 0;
        int n;
        try (VirtualMicroscope fresh = VirtualMicroscope.of(scenario);
                NdTiffDatasetReader reader = NdTiffDatasetReader.open(run.resolve("recording"))) {
            GroundTruth truth = fresh.groundTruth();
            List<RecordedFrame> frames = reader.readAll();
            n = frames.size();
            for (RecordedFrame f : frames) {
                FrameMetadata m = f.frame().metadata();
                double err = m.stageZUm() - truth.focalPlaneUm(m.cameraTimeMs(), m.objective());
                sum += err * err;
                max = Math.max(max, Math.abs(err));
            }
        }
        JsonNode focus = JSON.readTree(run.resolve("metrics.json").toFile()).path("scores").path("focus");
        assertThat(focus.path("rmsErrorUm").asDouble()).isCloseTo(Math.sqrt(sum / n), within(0.01));
        assertThat(focus.path("maxErrorUm").asDouble()).isCloseTo(max, within(0.01));
        assertThat(JSON.readTree(run.resolve("metrics.json").toFile()).path("scores").path("framesScored").asLong())
                .isEqualTo(n);
    }

    @Test
    void reportIsOneSelfContainedPageWithEveryPlotOfWhatRan() throws IOException {
        String html = new String(Files.readAllBytes(run.resolve("report.html")), StandardCharsets.UTF_8);
        // beads only: auto runs refocus alone, so there is no tracking figure
        assertThat(html).doesNotContain("id=\"plot-tracking\"").contains("track did not run");
        for (String id : List.of("focus", "events", "frame-interval", "latency")) {
            Matcher m = Pattern.compile("id=\"plot-" + id + "\"[^>]*src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")
                    .matcher(html);
            assertThat(m.find()).as("plot " + id).isTrue();
            assertThat(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))))).isNotNull();
        }
        assertThat(html).contains("Frames recorded / published").doesNotContain("src=\"http")
                .doesNotContain("href=\"http");
    }

    @Test
    void settingsRecordSeedModelHashesAndVersion() throws IOException {
        JsonNode s = JSON.readTree(run.resolve("settings.json").toFile());
        assertThat(s.path("scenario").path("seed").asLong()).isEqualTo(42);
        assertThat(s.path("reflexVersion").asText()).isNotBlank().isNotEqualTo("unknown");
        assertThat(s.path("analysis").path("models")).as("the default chain's one fused model").hasSize(1);
        assertThat(s.path("analysis").path("models").get(0).path("name").asText()).contains("denoise-detector");
        for (JsonNode m : s.path("analysis").path("models")) {
            assertThat(m.path("sha256").asText()).matches("[0-9a-f]{64}");
        }
        assertThat(s.path("policies").toString()).contains("refocus");
        assertThat(s.path("ringSlots").asInt()).as("--ring 8").isEqualTo(8);
        assertThat(s.path("consumerWait").asText()).as("--consumer-wait sleeping").isEqualTo("sleeping");
        assertThat(s.path("warmUpFrames").asInt()).as("the default warm-up").isEqualTo(200);
    }

    @Test
    void sameSeedGivesSameDecisionsAndFromRepeatsARun() throws Exception {
        Path again = dir.resolve("again");
        Cli second = Cli.run("run", "--from", run.toString(), "--out", again.toString());
        assertThat(second.exit).as(second.toString()).isZero();
        assertThat(decisions(again)).isEqualTo(decisions(run));
        RunRecipe first = RunRecipe.read(run.resolve("recipe.json"));
        RunRecipe repeated = RunRecipe.read(again.resolve("recipe.json"));
        assertThat(first.ringSlots()).as("the options of the first run are in its recipe").isEqualTo(8);
        assertThat(first.consumerWait()).isEqualTo(ConsumerWait.SLEEPING);
        assertThat(first.frames()).isEqualTo(40L);
        assertThat(repeated.source().location()).as("the scenario as it ran")
                .isEqualTo(run.resolve("scenario.yaml").toAbsolutePath().toString());
        assertThat(repeated.toBuilder().source(first.source()).build()).as("--from runs the same recipe")
                .isEqualTo(first);

        Path other = dir.resolve("other-seed");
        Cli third = Cli.run("run", "--from", run.toString(), "--seed", "7", "--out", other.toString());
        assertThat(third.exit).as(third.toString()).isZero();
        assertThat(decisions(other)).isNotEqualTo(decisions(run));
    }

    @Test
    void replayUsesTheRecordingAsTheSampleAndRecordsWhatItShows() throws IOException {
        Path replay = dir.resolve("replay");
        Cli c = Cli.run("replay", run.toString(), "--frames", "12", "-p", "none", "--out", replay.toString());
        assertThat(c.exit).as(c.toString()).isZero();
        try (NdTiffDatasetReader original = NdTiffDatasetReader.open(run.resolve("recording"));
                NdTiffDatasetReader replayed = NdTiffDatasetReader.open(replay.resolve("recording"))) {
            assertThat(replayed.size()).isEqualTo(12);
            for (int i = 0; i < 12; i++) {
                short[] a = (short[]) original.read("time", i).frame().pixels();
                short[] b = (short[]) replayed.read("time", i).frame().pixels();
                assertThat(b).as("replayed frame %d shows recorded frame %d", i, i).isEqualTo(a);
            }
        }
        JsonNode metrics = JSON.readTree(replay.resolve("metrics.json").toFile());
        assertThat(metrics.path("scores").isNull()).isTrue();
        JsonNode settings = JSON.readTree(replay.resolve("settings.json").toFile());
        assertThat(settings.path("replay").path("timePoints").asInt()).isEqualTo(40);
        JsonNode camera = settings.path("camera");
        assertThat(camera.path("offset").path("source").asText()).as("the replay states the camera it measured: %s",
                camera).isEqualTo("estimated");
        assertThat(camera.path("offset").path("value").asDouble()).as("the last frame's offset").isPositive();
        assertThat(camera.path("gain").path("source").asText()).isEqualTo("estimated");
        assertThat(camera.path("gain").path("detail").asText()).contains("photon transfer")
                .contains("3 consecutive frame pair(s)");
        assertThat(camera.path("gain").path("value").asDouble()).isPositive();
        assertThat(camera.path("readNoise").path("source").asText()).isEqualTo("estimated");
        assertThat(Files.readString(replay.resolve("report.html"))).as("the report shows the camera")
                .contains("Camera").contains("photon transfer");
        assertThat(settings.path("detectionNoise").path("noiseSigmaVst").asDouble())
                .as("the noise the detector measured on the last frame").isGreaterThan(0);
        assertThat(settings.path("detectionNoise").path("threshold").asDouble())
                .isGreaterThanOrEqualTo(settings.path("detectionNoise").path("noiseSigmaVst").asDouble());
        List<String> rows = Files.readAllLines(replay.resolve("detections.csv"), StandardCharsets.UTF_8);
        assertThat(rows.get(0)).isEqualTo(org.reflexscope.cli.run.DetectionsCsv.HEADER);
        assertThat(rows.stream().skip(1).map(r -> r.split(",")[0]).distinct().count())
                .as("detections of every analysed frame").isEqualTo(12);
        Cli again = Cli.run("run", "--from", replay.toString(), "--out", dir.resolve("not-a-replay").toString());
        assertThat(again.exit).as("a replay is not repeated as a simulated run").isEqualTo(1);
        assertThat(again.err).contains("replay run of").contains("repeats simulated runs");
        assertThat(dir.resolve("not-a-replay")).doesNotExist();
    }

    /** The decision log without wall-clock fields (timestamps, latencies, execution time). */
    static List<String> decisions(Path runDir) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve("decisions.jsonl"), StandardCharsets.UTF_8)) {
            ObjectNode d = (ObjectNode) JSON.readTree(line);
            d.remove("timesNanos");
            d.remove("latencyMs");
            ((ObjectNode) d.path("execution")).remove("durationMs");
            out.add(d.toString());
        }
        return out;
    }
}
