package org.reflexscope.mm.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.inference.ModelCatalog;
import org.reflexscope.core.source.FrameSource;
import org.reflexscope.core.source.FrameSourceException;
import org.reflexscope.policy.hardware.MicroscopeControl;
import org.reflexscope.policy.recipe.RunRecipe;
import org.reflexscope.sim.scenario.ClockMode;

class PipelineBackendTest {
    @TempDir
    Path runs;

    @Test
    void aDryRunOnTheSimulatorRecordsAnalysesAndLogsDecisions() throws Exception {
        try (PipelineBackend backend = new PipelineBackend(SimulatorRig.provider(40, ClockMode.VIRTUAL), runs)) {
            double z = backend.currentZUm();
            RunSettings settings = RunSettings.builder().optZLimits(z - 50, z + 50).optTrack(true, 20)
                    .optDryRun(true).build();
            backend.start(settings);
            assertThat(backend.awaitEnd(120, TimeUnit.SECONDS)).as("the 40-frame virtual run ends").isTrue();
            RunStatus s = backend.status();
            assertThat(s.state()).isEqualTo(RunState.IDLE);
            assertThat(s.framesPublished()).isEqualTo(40);
            assertThat(s.framesLost()).isZero();
            Path folder = backend.runFolder();
            backend.stop();
            List<String> log = Files.readAllLines(folder.resolve("decisions.jsonl"));
            assertThat(log).isNotEmpty();
            assertThat(Files.list(folder.resolve("raw")).count()).as("an NDTiff dataset").isPositive();
            assertThat(RunRecipe.read(folder.resolve("recipe.json"))).as("the run's record").isEqualTo(settings.toRecipe());
            assertThat(backend.recentDecisions(1000)).allSatisfy(d -> assertThat(d.executed()).isFalse());
            // the camera model the analysis used, measured from the simulator's frames, each value with its source
            com.fasterxml.jackson.databind.JsonNode camera = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(folder.resolve(PipelineBackend.CAMERA_FILE).toFile());
            assertThat(camera.path("gain").path("source").asText()).as("%s", camera).isEqualTo("estimated");
            assertThat(camera.path("gain").path("detail").asText()).contains("photon transfer");
            assertThat(camera.path("offset").path("source").asText()).isEqualTo("estimated");
            assertThat(Files.readString(folder.resolve(RunSummary.FILE))).contains("id=\"camera\"")
                    .contains("photon transfer");
        }
    }

    @Test
    void aSecondStartWhileRunningIsRefused() throws Exception {
        try (PipelineBackend backend = new PipelineBackend(SimulatorRig.provider(100_000, ClockMode.REAL_TIME), runs)) {
            backend.start(RunSettings.builder().build());
            assertThatThrownBy(() -> backend.start(RunSettings.builder().build()))
                    .isInstanceOf(BackendException.class).hasMessageContaining("already active");
            backend.pause();
            assertThat(backend.status().state()).isEqualTo(RunState.PAUSED);
            backend.resume();
            backend.stop();
            assertThat(backend.status().state()).isEqualTo(RunState.IDLE);
        }
    }

    @Test
    void modelChecksLoadTheModel(@TempDir Path dir) throws Exception {
        try (PipelineBackend backend = new PipelineBackend(SimulatorRig.provider(1, ClockMode.VIRTUAL), runs)) {
            ModelCheck embedded = backend.checkModel(Path.of(""));
            assertThat(embedded.isUsable()).isTrue();
            assertThat(embedded.message()).startsWith("embedded default models");
            Path junk = Files.write(dir.resolve("junk.onnx"), new byte[] {1, 2, 3});
            Files.writeString(dir.resolve("junk.onnx.yaml"), "output: probability_map\n");
            ModelCheck bad = backend.checkModel(junk);
            assertThat(bad.isUsable()).isFalse();
            assertThat(bad.message()).contains("junk.onnx").contains("not a valid ONNX model");
            assertThat(backend.checkModel(dir.resolve("missing.onnx")).message()).contains("does not exist");
        }
    }

    @Test
    void aUserModelIsLoadedWithTheSpecItsSidecarDeclares(@TempDir Path dir) throws Exception {
        Path model = Files.write(dir.resolve("my-denoiser.onnx"), ModelCatalog.denoiser().bytes());
        try (PipelineBackend backend = new PipelineBackend(SimulatorRig.provider(20, ClockMode.VIRTUAL), runs)) {
            ModelCheck bare = backend.checkModel(model);
            assertThat(bare.isUsable()).as("an ONNX file without a declared spec").isFalse();
            assertThat(bare.message()).contains("no spec sidecar").contains("my-denoiser.onnx.yaml");
            assertThatThrownBy(() -> backend.start(RunSettings.builder().optModelPath(model.toString()).build()))
                    .isInstanceOf(BackendException.class).hasMessageContaining("no spec sidecar");

            Files.writeString(dir.resolve("my-denoiser.onnx.yaml"), "output: heatmap\n");
            assertThat(backend.checkModel(model).message()).contains("unknown output 'heatmap'");

            Files.writeString(dir.resolve("my-denoiser.onnx.yaml"), "output: denoised_image\naxes: bcyx\n");
            ModelCheck good = backend.checkModel(model);
            assertThat(good.isUsable()).as(good.message()).isTrue();
            assertThat(good.message()).contains("my-denoiser.onnx (denoised_image)")
                    .contains("denoiser=my-denoiser.onnx");

            backend.start(RunSettings.builder().optModelPath(model.toString()).optDryRun(true).build());
            assertThat(backend.awaitEnd(120, TimeUnit.SECONDS)).isTrue();
            assertThat(backend.status().framesPublished()).isEqualTo(20);
            assertThat(backend.status().state()).isEqualTo(RunState.IDLE);
            backend.stop();
        }
    }

    @Test
    void packagesAndOtherFilesGiveTheLoadersErrors(@TempDir Path dir) throws Exception {
        try (PipelineBackend backend = new PipelineBackend(SimulatorRig.provider(1, ClockMode.VIRTUAL), runs)) {
            Path zip = Files.write(dir.resolve("unet.zip"), new byte[] {1, 2, 3});
            assertThat(backend.checkModel(zip).message()).contains("BioImage.io package").contains("unet.zip");
            Path folder = Files.createDirectories(dir.resolve("unet-package"));
            assertThat(backend.checkModel(folder).message()).contains("BioImage.io package").contains("rdf.yaml");
            Path text = Files.writeString(dir.resolve("notes.txt"), "a model?");
            ModelCheck other = backend.checkModel(text);
            assertThat(other.isUsable()).isFalse();
            assertThat(other.message()).contains("neither an ONNX file");
        }
    }

    @Test
    void aCameraFailureEndsTheRunAsFailedWithAnAlarmAndTheNextStartGoesAhead() throws Exception {
        Rig.Provider failing = () -> {
            Rig sim = SimulatorRig.provider(100_000, ClockMode.VIRTUAL).open();
            FrameSource broken = new FailingSource(sim.source(), 15);
            return new Rig() {
                @Override
                public FrameSource source() {
                    return broken;
                }

                @Override
                public MicroscopeControl microscope() {
                    return sim.microscope();
                }

                @Override
                public void close() {
                    sim.close();
                }
            };
        };
        try (PipelineBackend backend = new PipelineBackend(failing, runs)) {
            backend.start(RunSettings.builder().optDryRun(true).build());
            assertThat(backend.awaitEnd(120, TimeUnit.SECONDS)).isTrue();
            RunStatus s = backend.status();
            assertThat(s.state()).isEqualTo(RunState.FAILED);
            assertThat(s.framesPublished()).isEqualTo(15);
            assertThat(s.alarms()).anyMatch(a -> a.contains("camera unplugged"));
            Path first = backend.runFolder();
            backend.start(RunSettings.builder().optDryRun(true).build());
            assertThat(backend.runFolder()).isNotEqualTo(first);
            assertThat(backend.status().state()).isIn(RunState.RUNNING, RunState.FAILED);
            backend.stop();
        }
    }

    /** Delivers {@code frames} frames of {@code delegate}, then fails as an unplugged camera would. */
    private static final class FailingSource implements FrameSource {
        private final FrameSource delegate;
        private final long frames;
        private long delivered;

        FailingSource(FrameSource delegate, long frames) {
            this.delegate = delegate;
            this.frames = frames;
        }

        @Override
        public FrameFormat maxFormat() {
            return delegate.maxFormat();
        }

        @Override
        public void start() throws FrameSourceException {
            delegate.start();
        }

        @Override
        public FillResult fill(FrameSlot slot, long timeout, TimeUnit unit)
                throws FrameSourceException, InterruptedException {
            if (delivered == frames) {
                throw new FrameSourceException("camera unplugged");
            }
            FillResult r = delegate.fill(slot, timeout, unit);
            if (r == FillResult.FRAME) {
                delivered++;
            }
            return r;
        }

        @Override
        public void stop() {
            delegate.stop();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
